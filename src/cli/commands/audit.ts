// `aksguard audit`: run the rule catalogue over cluster definitions and Kubernetes manifests.
import { Option } from 'commander';
import type { InputDocument } from '../../load/detect.js';
import type { Cluster } from '../../model/cluster.js';
import { warningDiagnostic } from '../../model/diagnostic.js';
import {
  renderAuditJson,
  renderAuditJunit,
  renderAuditMarkdown,
  renderAuditSarif,
  renderAuditText,
} from '../../report/index.js';
import {
  audit,
  findRule,
  hasFindingsAtOrAbove,
  isSeverity,
  RULES,
  type Rule,
  SEVERITIES,
  type Severity,
} from '../../rules/index.js';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { type CommandRegistration, EXIT } from '../main.js';

const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;

/** `--fail-on none` never fails on findings (exit 1 is then reserved for nothing). */
const NEVER = 'none';

export const registerAudit: CommandRegistration = (program, action) => {
  program
    .command('audit')
    .description(
      'audit cluster definitions (az JSON, ARM, Terraform) and Kubernetes manifests against the AKS best practices',
    )
    .argument('<paths...>', 'files or folders to read, or - for standard input')
    .addOption(
      new Option(
        '--fail-on <severity>',
        `exit 1 when a finding is at or above this severity (${[...SEVERITIES, NEVER].join(', ')})`,
      ).default('low'),
    )
    .addOption(new Option('--rule <id>', 'run only this rule (repeatable)').argParser(collect).default([]))
    .addOption(
      new Option('--skip-rule <id>', 'do not run this rule (repeatable)').argParser(collect).default([]),
    )
    .addHelpText(
      'after',
      `
Formats (--format): ${FORMATS.join(', ')} (default text).
Suppress a finding on a Kubernetes object with the annotation
  aksguard.io/suppress: "<rule-id>[,<rule-id>]: <reason>"   (one line per reason)
and on a cluster with the tag  aksguard-suppress-<rule-id>: <reason>.
Suppressed findings are reported as suppressed and never fail the run.`,
    )
    .action(
      action((ctx, args, options) => {
        const [paths] = args as [string[]];
        const failOn = parseFailOn(String(options.failOn));
        const rules = selectRules(options.rule as string[], options.skipRule as string[]);
        const format = ctx.format(FORMATS, 'text');
        const loaded = ctx.load(paths);
        const result = audit(
          { clusters: clustersOf(ctx, loaded.documents), documents: loaded.documents },
          { rules },
        );
        for (const diagnostic of result.diagnostics) ctx.diagnose(diagnostic);
        const renderers: Record<(typeof FORMATS)[number], () => string> = {
          text: () =>
            renderAuditText(result, {
              style: ctx.style,
              ...(loaded.text ? { sourceText: loaded.text } : {}),
            }),
          json: () => renderAuditJson(result),
          sarif: () => renderAuditSarif(result),
          junit: () => renderAuditJunit(result),
          markdown: () => renderAuditMarkdown(result),
        };
        ctx.emit(renderers[format]());
        return failOn !== NEVER && hasFindingsAtOrAbove(result.findings, failOn) ? EXIT.findings : EXIT.ok;
      }),
    );
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseFailOn(value: string): Severity | typeof NEVER {
  const lower = value.toLowerCase();
  if (lower === NEVER || isSeverity(lower)) return lower;
  throw new CliError(`unknown severity "${value}" for --fail-on`, {
    hint: `use one of: ${[...SEVERITIES, NEVER].join(', ')}`,
  });
}

/** The catalogue narrowed by `--rule` and `--skip-rule`; an unknown id is a usage error, not a silent no-op. */
function selectRules(only: readonly string[], skip: readonly string[]): Rule[] {
  for (const id of [...only, ...skip]) {
    if (!findRule(id))
      throw new CliError(`unknown rule "${id}"`, { hint: 'run `aksguard rules` for the rule ids' });
  }
  return RULES.filter((rule) => (only.length === 0 || only.includes(rule.id)) && !skip.includes(rule.id));
}

/** Kinds of cluster definition the loaders read. */
const CLUSTER_KINDS = new Set<InputDocument['kind']>(['az-aks', 'arm-template', 'arm-resource', 'terraform']);

/**
 * The normalized clusters of the inputs. The cluster loaders are being built on their own branch; until they
 * are merged, cluster definitions are reported as skipped rather than silently ignored.
 */
function clustersOf(ctx: CommandContext, documents: readonly InputDocument[]): Cluster[] {
  for (const doc of documents.filter((d) => CLUSTER_KINDS.has(d.kind)))
    ctx.diagnose(
      warningDiagnostic(
        'cluster-not-normalized',
        `${doc.kind} cluster definition skipped: the cluster loaders are not available in this build`,
        doc.at(''),
      ),
    );
  return [];
}
