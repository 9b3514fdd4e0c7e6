// `aksguard audit`: run the rule catalogue over cluster definitions and Kubernetes manifests.
import { Option } from 'commander';
import { loadClusters } from '../../load/cluster/index.js';
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
        const clusters = loadClusters(loaded.documents);
        for (const diagnostic of clusters.diagnostics) ctx.diagnose(diagnostic);
        const result = audit({ clusters: clusters.clusters, documents: loaded.documents }, { rules });
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
