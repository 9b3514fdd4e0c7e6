// What the commands that report rule findings share (`aksguard audit`, `aksguard netpol lint`): the options that
// choose rules and the failure threshold (defaulting to aksguard.yaml's `failOn`), the audit with the
// configuration applied, and the formats, which are the audit reporters'.
import { type Command, Option } from 'commander';
import type { LoadedInputs } from '../../load/read.js';
import type { Cluster } from '../../model/cluster.js';
import {
  renderAuditJson,
  renderAuditJunit,
  renderAuditMarkdown,
  renderAuditSarif,
  renderAuditText,
} from '../../report/index.js';
import {
  type AuditResult,
  audit,
  hasFindingsAtOrAbove,
  type Rule,
  type Severity,
} from '../../rules/index.js';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { FAIL_ON_VALUES, NEVER, parseFailOn } from '../fail-on.js';
import { EXIT } from '../main.js';

/** The formats of every findings command. */
export const FINDING_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;

/** Adds `--fail-on`, `--rule` and `--skip-rule`. */
export function withFindingOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--fail-on <severity>',
        `exit 1 when a finding is at or above this severity (${FAIL_ON_VALUES.join(', ')}; default: failOn in aksguard.yaml, else low)`,
      ),
    )
    .addOption(new Option('--rule <id>', 'run only this rule (repeatable)').argParser(collect).default([]))
    .addOption(
      new Option('--skip-rule <id>', 'do not run this rule (repeatable)').argParser(collect).default([]),
    );
}

/** The help text on formats and suppressions. */
export const FINDINGS_HELP = `
Formats (--format): ${FINDING_FORMATS.join(', ')} (default text).
Suppress a finding on a Kubernetes object with the annotation
  aksguard.io/suppress: "<rule-id>[,<rule-id>]: <reason>"   (one line per reason)
and on a cluster with the tag  aksguard-suppress-<rule-id>: <reason>.
Suppressed findings are reported as suppressed and never fail the run.`;

/** What the options chose. */
export interface FindingOptions {
  readonly failOn: Severity | typeof NEVER;
  readonly rules: Rule[];
}

/**
 * Reads the options. `--rule`/`--skip-rule` must name rules among `candidates` (the catalogue, or the part of it a
 * command runs); an unknown id is a usage error, not a silent no-op.
 */
export function readFindingOptions(
  ctx: CommandContext,
  options: Record<string, unknown>,
  candidates: readonly Rule[],
  kind = 'rule',
): FindingOptions {
  const only = options.rule as string[];
  const skip = options.skipRule as string[];
  for (const id of [...only, ...skip]) {
    if (!candidates.some((rule) => rule.id === id))
      throw new CliError(`unknown ${kind} "${id}"`, { hint: 'run `aksguard rules` for the rule ids' });
  }
  const { config } = ctx.configuration();
  return {
    failOn: parseFailOn(String(options.failOn ?? config.failOn ?? 'low')),
    rules: candidates.filter(
      (rule) => (only.length === 0 || only.includes(rule.id)) && !skip.includes(rule.id),
    ),
  };
}

/** Audits with the chosen rules and the configuration (rules on/off, severities, suppressions). */
export function auditWith(
  ctx: CommandContext,
  clusters: readonly Cluster[],
  loaded: LoadedInputs,
  rules: readonly Rule[],
): AuditResult {
  return audit({ clusters, documents: loaded.documents }, { rules, configuration: ctx.configuration() });
}

/** Prints the result's diagnostics and the findings in the chosen format, titled by the command; returns the exit code. */
export function emitFindings(
  ctx: CommandContext,
  result: AuditResult,
  loaded: LoadedInputs,
  failOn: FindingOptions['failOn'],
  title = 'aksguard audit',
): number {
  const format = ctx.format(FINDING_FORMATS, 'text');
  for (const diagnostic of result.diagnostics) ctx.diagnose(diagnostic);
  const renderers: Record<(typeof FINDING_FORMATS)[number], () => string> = {
    text: () =>
      renderAuditText(result, {
        style: ctx.style,
        ...(loaded.text ? { sourceText: loaded.text } : {}),
      }),
    json: () => renderAuditJson(result),
    sarif: () => renderAuditSarif(result),
    junit: () => renderAuditJunit(result, title),
    markdown: () => renderAuditMarkdown(result, title),
  };
  ctx.emit(renderers[format]());
  return failOn !== NEVER && hasFindingsAtOrAbove(result.findings, failOn) ? EXIT.findings : EXIT.ok;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
