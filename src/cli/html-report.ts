// Gathers what `aksguard report` (and `scan --html`) put on the HTML page, and writes the page.

import { loadClusters } from '../load/cluster/index.js';
import type { LoadedInputs } from '../load/read.js';
import { type Diagnostic, sortDiagnostics } from '../model/diagnostic.js';
import { formatSourceRef } from '../model/source.js';
import { analyzeNetworkPolicies } from '../netpol/analysis.js';
import { checkConnection, type ResolvedPeer, resolvePeer } from '../netpol/check.js';
import { computeMatrix, expandMatrix } from '../netpol/matrix.js';
import { planNetwork, readPlanDocument } from '../plan/index.js';
import type { ReportSources } from '../report/html/build.js';
import { buildReportModel } from '../report/html/build.js';
import type { ReportFix } from '../report/html/model.js';
import { renderHtmlReport } from '../report/html/render.js';
import { formatCheckText } from '../report/netpol-check.js';
import { type AuditOptions, audit, isClusterRemediation, type Rule } from '../rules/index.js';
import { VERSION } from '../version.js';
import { type CommandContext, createContext } from './context.js';
import { CliError } from './errors.js';

/** The report's sources, and the problems found in the inputs while making them. */
export interface GatheredReport {
  readonly sources: ReportSources;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Runs every engine the report shows on the inputs: the audit, the planner and the network-policy matrix (with
 * `aksguard netpol check`'s explanation of each flow). A section with nothing to work on says so, naming what
 * it looked for; nothing is made up.
 */
export function gatherReport(
  loaded: LoadedInputs,
  generatedAt: string,
  configuration?: AuditOptions['configuration'],
): GatheredReport {
  const plan = planSection(loaded);
  const audited = auditSection(loaded, configuration);
  const connectivity = connectivitySection(loaded);
  const diagnostics = [...audited.diagnostics, ...plan.diagnostics, ...connectivity.diagnostics];
  // The audit's rules run the netpol analysis too, so the same warning can come twice; the page lists it once.
  const warnings = [
    ...new Map(
      sortDiagnostics([...loaded.diagnostics, ...diagnostics])
        .filter((d) => d.severity === 'warning')
        .map((d) => {
          const warning = {
            message: d.message,
            ...(d.source ? { location: formatSourceRef(d.source) } : {}),
          };
          return [JSON.stringify(warning), warning] as const;
        }),
    ).values(),
  ];
  const sources: ReportSources = {
    version: VERSION,
    generatedAt,
    inputs: loaded.files,
    audit: audited.section,
    plan: plan.section,
    matrix: connectivity.section,
    ...(connectivity.explain ? { explain: connectivity.explain } : {}),
    headlines: audited.headlines,
    warnings,
  };
  return { sources, diagnostics };
}

/** The audit catalogue's findings, with each rule's rationale and ways to fix. */
function auditSection(
  loaded: LoadedInputs,
  configuration: AuditOptions['configuration'],
): {
  section: ReportSources['audit'];
  headlines: string[];
  diagnostics: readonly Diagnostic[];
} {
  const clusters = loadClusters(loaded.documents);
  const hasSubject = clusters.clusters.length > 0 || loaded.documents.some((d) => d.kind === 'kubernetes');
  if (!hasSubject)
    return {
      section: { unavailable: 'No cluster definition or Kubernetes manifest found in the inputs.' },
      headlines: [],
      diagnostics: clusters.diagnostics,
    };
  const result = audit(
    { clusters: clusters.clusters, documents: loaded.documents },
    configuration ? { configuration } : {},
  );
  const suppressed = result.suppressed.length;
  return {
    section: {
      findings: result.findings,
      rules: result.rules.map((rule) => ({
        id: rule.id,
        title: rule.title,
        category: rule.category,
        rationale: rule.docs.rationale,
        fixes: remediationFixes(rule.docs.remediation),
      })),
    },
    headlines:
      suppressed === 0
        ? []
        : [
            `${suppressed} finding${suppressed === 1 ? '' : 's'} suppressed by annotations, tags or aksguard.yaml (not listed)`,
          ],
    diagnostics: [...clusters.diagnostics, ...result.diagnostics],
  };
}

/** A rule's remediation as the page lists it: one entry per way of defining the cluster, or the manifest fix. */
function remediationFixes(remediation: Rule['docs']['remediation']): ReportFix[] {
  if (isClusterRemediation(remediation))
    return [
      { how: 'az', text: remediation.az },
      { how: 'Terraform', text: remediation.terraform },
      { how: 'ARM', text: remediation.arm },
    ];
  return [{ how: 'Kubernetes', text: remediation.kubernetes }];
}

/** The workload connectivity matrix, and the explanation of a flow as `aksguard netpol check` gives it. */
function connectivitySection(loaded: LoadedInputs): {
  section: ReportSources['matrix'];
  explain?: ReportSources['explain'];
  diagnostics: readonly Diagnostic[];
} {
  if (!loaded.documents.some((d) => d.kind === 'kubernetes'))
    return {
      section: {
        unavailable: 'No Kubernetes manifests found in the inputs, so there are no workloads to connect.',
      },
      diagnostics: [],
    };
  const analysis = analyzeNetworkPolicies(loaded.documents);
  const matrix = computeMatrix(analysis.model, analysis.inventory);
  const view = expandMatrix(matrix, 'workload');
  const allowed = new Map(view.connections.map((c) => [`${c.from}\n${c.to}`, c.allowed]));
  const resolve = (id: string): ResolvedPeer | undefined => {
    const resolved = resolvePeer(id, analysis.inventory, analysis.hostPeers);
    if (!('error' in resolved)) return resolved;
    // External CIDRs are matrix peers, not addresses that resolvePeer reads.
    const peer = matrix.peers.find((p) => p.id === id);
    return peer ? { peer, resolution: 'external network' } : undefined;
  };
  const explain = (from: string, to: string): string | undefined => {
    // The flow is explained on its first allowed port; the edge lists all of them.
    const first = allowed.get(`${from}\n${to}`)?.find((a) => a.ports.length > 0);
    const port = first?.ports[0]?.[0];
    const source = resolve(from);
    const destination = resolve(to);
    if (first === undefined || port === undefined || !source || !destination) return undefined;
    return formatCheckText(
      checkConnection(analysis.model, source, destination, first.protocol, port),
    ).trimEnd();
  };
  return { section: view, explain, diagnostics: analysis.diagnostics };
}

/** The plan of the one plan file in the inputs, as `aksguard plan FILE` computes it. */
function planSection(loaded: LoadedInputs): {
  section: ReportSources['plan'];
  diagnostics: readonly Diagnostic[];
} {
  const documents = loaded.documents.filter((d) => d.kind === 'aksguard-plan');
  if (documents.length === 0)
    return { section: { unavailable: 'No plan file found in the inputs.' }, diagnostics: [] };
  if (documents.length > 1) {
    const where = documents.map((d) => formatSourceRef(d.at())).join(', ');
    return {
      section: {
        unavailable: `${documents.length} plans found (${where}); the report shows one: pass only one.`,
      },
      diagnostics: [],
    };
  }
  const document = documents[0]!;
  const read = readPlanDocument(document.value, (pointer) => document.at(pointer));
  if (read.input === undefined)
    return {
      section: { unavailable: `The plan in ${document.file} has errors.` },
      diagnostics: read.diagnostics,
    };
  const { nodes } = read.input;
  if (nodes === undefined)
    return {
      section: { unavailable: `The plan in ${document.file} has no node count (nodes).` },
      diagnostics: read.diagnostics,
    };
  return { section: planNetwork({ ...read.input, nodes }), diagnostics: read.diagnostics };
}

/**
 * The time written into the report: now, or SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
 * convention) so that the same inputs can give the same bytes.
 */
export function reportTime(env: Readonly<Record<string, string | undefined>>, now: () => Date): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return now().toISOString();
  if (!/^\d{1,12}$/.test(epoch))
    throw new CliError(`SOURCE_DATE_EPOCH is "${epoch}", not a number of seconds`, {
      hint: 'unset it, or set it to an integer such as 1764158400',
    });
  return new Date(Number(epoch) * 1000).toISOString();
}

/** Renders the page and writes it to `destination` (`-` is standard output); an existing file needs --force. */
export function writeHtmlReport(ctx: CommandContext, destination: string, sources: ReportSources): void {
  const html = renderHtmlReport(buildReportModel(sources));
  // The page goes where --html points, with -o's promise: never over an existing file without --force.
  createContext(ctx.io, { ...ctx.globals, output: destination }, []).emit(html);
}
