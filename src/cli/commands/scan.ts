// `aksguard scan PATHS`: everything on a folder — plan checks, the audit catalogue, the connectivity matrix and
// its exposure — summarised so that a person reads it in ten seconds, with the HTML report on request.
import { Option } from 'commander';
import { loadClusters } from '../../load/cluster/index.js';
import type { LoadedInputs } from '../../load/read.js';
import { analyzeNetworkPolicies } from '../../netpol/analysis.js';
import { exposureOf } from '../../netpol/exposure.js';
import { DIRECTIONS } from '../../netpol/ir.js';
import { planNetwork, readPlanDocument } from '../../plan/index.js';
import { renderScanJson } from '../../report/scan-json.js';
import { renderScanMarkdown } from '../../report/scan-markdown.js';
import type { ScannedNetwork, ScannedPlan, ScanResult } from '../../report/scan-summary.js';
import { renderScanText } from '../../report/scan-text.js';
import { audit, hasFindingsAtOrAbove, type Severity } from '../../rules/index.js';
import { createNetpolView } from '../../rules/netpol-view.js';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { FAIL_ON_VALUES, NEVER, parseFailOn } from '../fail-on.js';
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
        `exit 1 when a finding is at or above this severity (${FAIL_ON_VALUES.join(', ')}; default: failOn in aksguard.yaml, else none)`,
      ),
    )
    .addHelpText(
      'after',
      `
Formats (--format): ${FORMATS.join(', ')} (default text). Markdown suits a CI job summary.
Without --fail-on (or failOn in aksguard.yaml), scan reports and exits 0; for SARIF or
JUnit, run aksguard audit.

Examples:
  aksguard scan examples/contoso
  aksguard scan . --fail-on high --html aksguard-report.html
  aksguard scan . --format markdown >> "$GITHUB_STEP_SUMMARY"`,
    )
    .action(
      action((ctx, [paths], options) => {
        const format = ctx.format(FORMATS, 'text');
        const wanted =
          options.failOn === undefined
            ? ctx.configuration().config.failOn
            : parseFailOn(String(options.failOn));
        const failOn = wanted === NEVER ? undefined : wanted;
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
            ctx.configuration(),
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
      ? audit(
          { clusters: clusters.clusters, documents: loaded.documents },
          { configuration: ctx.configuration() },
        )
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
    ...(analysis ? { exposure: { ...exposureOf(analysis), ...defaultDeny(loaded) } } : {}),
    ...(failOn
      ? { gate: { failOn, failed: audited !== undefined && hasFindingsAtOrAbove(audited.findings, failOn) } }
      : {}),
  };
}

/**
 * The namespaces without a default deny, as the audit's k8s-require-default-deny rule decides it (the same
 * engine question: would a pod with no labels there be isolated?).
 */
function defaultDeny(
  loaded: LoadedInputs,
): Pick<ScannedNetwork, 'namespaces' | 'namespacesWithoutDefaultDeny'> {
  const view = createNetpolView(loaded.documents);
  const namespaces = [...new Set(view.endpoints.map((e) => e.namespace))].sort();
  return {
    namespaces: namespaces.length,
    namespacesWithoutDefaultDeny: namespaces.flatMap((namespace) => {
      const isolated = view.defaultIsolatedDirections(namespace);
      const directions = DIRECTIONS.filter((d) => !isolated.includes(d));
      return directions.length > 0 ? [{ namespace, directions }] : [];
    }),
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
