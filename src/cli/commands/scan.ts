// `aksguard scan PATHS`: everything on a folder — plan checks, the audit catalogue, the connectivity matrix and
// its exposure — summarised so that a person reads it in ten seconds, with the HTML report on request.
import { Option } from 'commander';
import { loadClusters } from '../../load/cluster/index.js';
import type { LoadedInputs } from '../../load/read.js';
import { analyzeNetworkPolicies } from '../../netpol/analysis.js';
import { exposureOf } from '../../netpol/exposure.js';
import { planNetwork, readPlanDocument } from '../../plan/index.js';
import { renderScanJson } from '../../report/scan-json.js';
import { renderScanMarkdown } from '../../report/scan-markdown.js';
import type { ScannedPlan, ScanResult } from '../../report/scan-summary.js';
import { renderScanText } from '../../report/scan-text.js';
import { audit, hasFindingsAtOrAbove, isSeverity, SEVERITIES, type Severity } from '../../rules/index.js';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { gatherReport, reportTime, writeHtmlReport } from '../html-report.js';
import { type CommandRegistration, EXIT } from '../main.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

export const registerScan: CommandRegistration = (program, action) => {
  program
    .command('scan')
    .description(
      'run everything on a folder: plan checks, the audit catalogue and the connectivity matrix, summarised',
    )
    .argument('<paths...>', 'files or folders to read, or - for standard input')
    .option('--html <file>', 'also write the HTML report to FILE (as `aksguard report` does)')
    .addOption(
      new Option(
        '--fail-on <severity>',
        `exit 1 when a finding is at or above this severity (${SEVERITIES.join(', ')})`,
      ),
    )
    .addHelpText(
      'after',
      `
Formats (--format): ${FORMATS.join(', ')} (default text). Markdown suits a CI job summary.
Without --fail-on, scan reports and exits 0; for SARIF or JUnit, run aksguard audit.

Examples:
  aksguard scan examples/contoso
  aksguard scan . --fail-on high --html aksguard-report.html
  aksguard scan . --format markdown >> "$GITHUB_STEP_SUMMARY"`,
    )
    .action(
      action((ctx, [paths], options) => {
        const format = ctx.format(FORMATS, 'text');
        const failOn = options.failOn === undefined ? undefined : readSeverity(String(options.failOn));
        const given = paths as string[];
        const loaded = ctx.load(given);
        const result = scan(ctx, given, loaded, failOn);
        const renderers: Record<(typeof FORMATS)[number], () => string> = {
          text: () => renderScanText(result, ctx.style),
          json: () => renderScanJson(result),
          markdown: () => renderScanMarkdown(result),
        };
        if (typeof options.html === 'string') {
          // The same page as `aksguard report`, from the same function.
          const report = gatherReport(
            loaded,
            reportTime(ctx.io.env, () => new Date()),
          );
          for (const d of report.diagnostics) ctx.diagnose(d);
          const errors = [...loaded.diagnostics, ...report.diagnostics].filter((d) => d.severity === 'error');
          if (errors.length > 0)
            throw new CliError(
              `not writing the report: ${errors.length} input error${errors.length === 1 ? '' : 's'}`,
              {
                hint: 'fix the inputs listed above, or leave them out of PATHS',
              },
            );
          writeHtmlReport(ctx, options.html, report.sources);
          if (options.html !== '-') ctx.info(`aksguard: wrote ${options.html}`);
        }
        ctx.emit(renderers[format]());
        return result.gate?.failed ? EXIT.findings : EXIT.ok;
      }),
    );
};

/** Runs every engine that has something to work on in the inputs. */
function scan(
  ctx: CommandContext,
  paths: readonly string[],
  loaded: LoadedInputs,
  failOn?: Severity,
): ScanResult {
  const clusters = loadClusters(loaded.documents);
  for (const d of clusters.diagnostics) ctx.diagnose(d);
  const manifests = loaded.documents.filter((d) => d.kind === 'kubernetes');
  const audited =
    clusters.clusters.length + manifests.length > 0
      ? audit({ clusters: clusters.clusters, documents: loaded.documents })
      : undefined;
  for (const d of audited?.diagnostics ?? []) ctx.diagnose(d);
  const analysis = manifests.length > 0 ? analyzeNetworkPolicies(loaded.documents) : undefined;
  for (const d of analysis?.diagnostics ?? []) ctx.diagnose(d);
  const plans = planFiles(ctx, loaded);
  return {
    inputs: {
      paths,
      files: loaded.files.length,
      clusters: clusters.clusters.map((c) => c.name),
      manifests: manifests.length,
      policies: analysis?.model.tiers.reduce((n, tier) => n + tier.policies.length, 0) ?? 0,
      plans: plans.map((p) => p.file),
    },
    ...(audited ? { audit: audited } : {}),
    plans,
    ...(analysis ? { exposure: exposureOf(analysis) } : {}),
    ...(failOn
      ? { gate: { failOn, failed: audited !== undefined && hasFindingsAtOrAbove(audited.findings, failOn) } }
      : {}),
  };
}

/** Each plan file's plan, as `aksguard plan FILE` computes it; a plan without a node count is reported and skipped. */
function planFiles(ctx: CommandContext, loaded: LoadedInputs): ScannedPlan[] {
  const plans: ScannedPlan[] = [];
  for (const document of loaded.documents.filter((d) => d.kind === 'aksguard-plan')) {
    const read = readPlanDocument(document.value, (pointer) => document.at(pointer));
    for (const d of read.diagnostics) ctx.diagnose(d);
    if (read.input?.nodes === undefined) continue;
    plans.push({ file: document.file, plan: planNetwork({ ...read.input, nodes: read.input.nodes }) });
  }
  return plans;
}

function readSeverity(value: string): Severity {
  const lower = value.toLowerCase();
  if (isSeverity(lower)) return lower;
  throw new CliError(`unknown severity "${value}" for --fail-on`, {
    hint: `use one of: ${SEVERITIES.join(', ')}`,
  });
}
