// Builds the report's view model from the engines' public JSON contracts (design.md), so the page depends on
// what users script against and not on engine internals. Pure: the caller supplies the time and the inputs.
import {
  compareSeverity,
  isUnavailable,
  type ReportFinding,
  type ReportFix,
  type ReportGraph,
  type ReportGraphEdge,
  type ReportGraphNode,
  type ReportMatrix,
  type ReportMatrixCell,
  type ReportModel,
  type ReportPlan,
  type ReportWarning,
  type Unavailable,
} from './model.js';

/** `aksguard audit --format json`, with the rule texts the page shows beside each finding. */
export interface AuditContract {
  readonly findings: readonly {
    readonly ruleId: string;
    readonly severity: string;
    readonly message: string;
    readonly resource: {
      readonly kind: string;
      readonly name: string;
      readonly namespace?: string;
      readonly file: string;
      readonly line: number;
    };
  }[];
  readonly rules: readonly {
    readonly id: string;
    readonly title: string;
    readonly category: string;
    readonly rationale?: string;
    readonly fixes?: readonly ReportFix[];
  }[];
}

/** `aksguard plan --format json`. */
export interface PlanContract {
  readonly options: readonly {
    readonly plugin: string;
    readonly subnets: readonly {
      readonly role: string;
      readonly requiredIPs: number;
      readonly minimumPrefixLength: number;
      readonly cidr?: string;
      readonly fits?: boolean;
    }[];
    readonly limits: readonly {
      readonly description: string;
      readonly limit: number;
      readonly planned?: number;
      readonly exceeded: boolean;
    }[];
  }[];
  readonly problems: readonly {
    readonly code: string;
    readonly severity: string;
    readonly message: string;
    readonly subjects: readonly string[];
  }[];
  readonly recommendation?: { readonly plugin: string; readonly reasons: readonly string[] };
}

/** Allowed ports of one protocol: inclusive `[first, last]` ranges. */
export interface AllowedPorts {
  readonly protocol: string;
  readonly ports: readonly (readonly [number, number])[];
}

/** `aksguard netpol matrix --format json` without `--port`: only the pairs with something allowed. */
export interface MatrixContract {
  readonly granularity: string;
  readonly endpoints: readonly {
    readonly id: string;
    readonly namespace?: string;
    readonly name: string;
    readonly kind: string;
  }[];
  readonly connections: readonly {
    readonly from: string;
    readonly to: string;
    readonly allowed: readonly AllowedPorts[];
  }[];
}

/** Where the graph and heat map switch to namespace level, so the page stays usable on large clusters. */
export interface ReportScale {
  /** More workloads than this start collapsed to namespaces. */
  readonly collapseAbove: number;
  /** More flows than this are embedded per namespace pair only. */
  readonly maxEdges: number;
  /** More matrix endpoints than this make the heat map one cell per namespace pair. */
  readonly maxMatrixSide: number;
}

export const DEFAULT_REPORT_SCALE: ReportScale = { collapseAbove: 150, maxEdges: 10_000, maxMatrixSide: 200 };

/** What the report is built from; a section the caller could not produce is `Unavailable` with its reason. */
export interface ReportSources {
  readonly version: string;
  readonly generatedAt: string;
  readonly inputs: readonly string[];
  readonly audit: AuditContract | Unavailable;
  readonly plan: PlanContract | Unavailable;
  readonly matrix: MatrixContract | Unavailable;
  /** Why the flow `from` → `to` is allowed (the engine's trace, in words); called once per embedded flow. */
  readonly explain?: (from: string, to: string) => string | undefined;
  /** Exposure statements computed elsewhere (netpol lint: "12 namespaces without default deny"). */
  readonly headlines?: readonly string[];
  /** Warnings met while reading the inputs and running the engines. */
  readonly warnings?: readonly ReportWarning[];
  readonly scale?: Partial<ReportScale>;
}

const EXTERNAL_KIND = 'External';

/** Builds the page's view model. */
export function buildReportModel(sources: ReportSources): ReportModel {
  const scale = { ...DEFAULT_REPORT_SCALE, ...sources.scale };
  const findings = isUnavailable(sources.audit) ? sources.audit : buildFindings(sources.audit);
  const plan = isUnavailable(sources.plan) ? sources.plan : buildPlan(sources.plan);
  const connectivity = isUnavailable(sources.matrix) ? sources.matrix : withFlowsOnly(sources.matrix);
  const graph = isUnavailable(connectivity) ? connectivity : buildGraph(connectivity, scale, sources.explain);
  const matrix = isUnavailable(connectivity) ? connectivity : buildMatrix(connectivity, scale);
  return {
    meta: {
      tool: 'aksguard',
      version: sources.version,
      generatedAt: sources.generatedAt,
      inputs: [...sources.inputs].sort(),
    },
    summary: {
      bySeverity: isUnavailable(findings) ? [] : countBySeverity(findings),
      headlines: [
        ...(isUnavailable(connectivity) ? [] : externalExposureHeadlines(connectivity)),
        ...(sources.headlines ?? []),
      ],
      warnings: (sources.warnings ?? []).map(({ message, location }) => ({
        message,
        ...(location !== undefined ? { location } : {}),
      })),
    },
    findings,
    plan,
    graph,
    matrix,
  };
}

/** The matrix without the pairs that allow nothing (the engine's full view lists every pair). */
function withFlowsOnly(matrix: MatrixContract): MatrixContract {
  return {
    ...matrix,
    connections: matrix.connections.filter((c) => c.allowed.some((a) => a.ports.length > 0)),
  };
}

function buildFindings(audit: AuditContract): ReportFinding[] {
  const rules = new Map(audit.rules.map((rule) => [rule.id, rule]));
  return audit.findings
    .map((finding): ReportFinding => {
      const rule = rules.get(finding.ruleId);
      const { kind, name, namespace, file, line } = finding.resource;
      return {
        ruleId: finding.ruleId,
        title: rule?.title ?? finding.ruleId,
        severity: finding.severity,
        category: rule?.category ?? 'uncategorized',
        message: finding.message,
        rationale: rule?.rationale ?? '',
        fixes: rule?.fixes?.map(({ how, text }) => ({ how, text })) ?? [],
        resource: { kind, name, ...(namespace !== undefined ? { namespace } : {}) },
        file,
        line,
      };
    })
    .sort(
      (a, b) =>
        compareSeverity(a.severity, b.severity) ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.file.localeCompare(b.file) ||
        a.line - b.line ||
        a.message.localeCompare(b.message),
    );
}

function countBySeverity(findings: readonly ReportFinding[]): ReportModel['summary']['bySeverity'] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => compareSeverity(a, b))
    .map(([severity, count]) => ({ severity, count }));
}

function buildPlan(plan: PlanContract): ReportPlan {
  return {
    options: plan.options.map((option) => ({
      plugin: option.plugin,
      subnets: option.subnets.map(({ role, requiredIPs, minimumPrefixLength, cidr, fits }) => ({
        role,
        requiredIPs,
        minimumPrefixLength,
        ...(cidr !== undefined ? { cidr } : {}),
        ...(fits !== undefined ? { fits } : {}),
      })),
      limits: option.limits.map(({ description, limit, planned, exceeded }) => ({
        description,
        limit,
        ...(planned !== undefined ? { planned } : {}),
        exceeded,
      })),
    })),
    problems: plan.problems.map(({ code, severity, message, subjects }) => ({
      code,
      severity,
      message,
      subjects: [...subjects],
    })),
    ...(plan.recommendation
      ? { recommendation: { plugin: plan.recommendation.plugin, reasons: [...plan.recommendation.reasons] } }
      : {}),
  };
}

/** The namespace an endpoint belongs to in the graph; external peers belong to none. */
function namespaceOf(endpoint: MatrixContract['endpoints'][number]): string | undefined {
  if (endpoint.kind === EXTERNAL_KIND) return undefined;
  if (endpoint.kind === 'Namespace') return endpoint.id;
  return endpoint.namespace;
}

function buildGraph(
  matrix: MatrixContract,
  scale: ReportScale,
  explain: ReportSources['explain'],
): ReportGraph {
  const endpoints = [...matrix.endpoints].sort((a, b) => a.id.localeCompare(b.id));
  const workloadsPerNamespace = new Map<string, number>();
  const nodes: ReportGraphNode[] = [];
  for (const endpoint of endpoints) {
    const namespace = namespaceOf(endpoint);
    if (endpoint.kind === 'Namespace') {
      workloadsPerNamespace.set(endpoint.id, workloadsPerNamespace.get(endpoint.id) ?? 0);
      continue;
    }
    if (namespace !== undefined)
      workloadsPerNamespace.set(namespace, (workloadsPerNamespace.get(namespace) ?? 0) + 1);
    nodes.push({
      id: endpoint.id,
      label: endpoint.kind === EXTERNAL_KIND ? endpoint.id : endpoint.name,
      kind: endpoint.kind,
      ...(namespace !== undefined ? { namespace } : {}),
    });
  }
  const namespaces = [...workloadsPerNamespace]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, workloads]) => ({ id, workloads }));
  const workloadCount = nodes.filter((n) => n.namespace !== undefined).length;
  const connections = sortedConnections(matrix);
  const base = { namespaces, nodes, collapsed: workloadCount > scale.collapseAbove };

  if (matrix.granularity !== 'namespace' && connections.length <= scale.maxEdges) {
    const edges = connections.map((c): ReportGraphEdge => {
      const explanation = explain?.(c.from, c.to);
      return {
        from: c.from,
        to: c.to,
        ports: formatPorts(c.allowed),
        ...(explanation !== undefined ? { explanation } : {}),
      };
    });
    return { ...base, edges, edgeLevel: 'workload' };
  }
  const grouped = groupByNamespace(matrix);
  return {
    ...base,
    edges: grouped.cells.map((cell) => ({
      from: grouped.ids[cell.row]!,
      to: grouped.ids[cell.col]!,
      ports: cell.ports,
      explanation: `${cell.allowed} of ${cell.pairs} endpoint pairs allowed`,
    })),
    edgeLevel: 'namespace',
    ...(matrix.granularity === 'namespace'
      ? {}
      : {
          note: `${connections.length} flows are more than the ${scale.maxEdges} this page embeds one by one: flows are shown per namespace; run aksguard netpol matrix for each flow`,
        }),
  };
}

function buildMatrix(matrix: MatrixContract, scale: ReportScale): ReportMatrix {
  if (matrix.granularity === 'namespace' || matrix.endpoints.length > scale.maxMatrixSide) {
    const grouped = groupByNamespace(matrix);
    return { level: 'namespace', rows: grouped.ids, cols: grouped.ids, cells: grouped.cells };
  }
  const ids = matrix.endpoints.map((e) => e.id).sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const cells = sortedConnections(matrix).map(
    (c): ReportMatrixCell => ({
      row: index.get(c.from)!,
      col: index.get(c.to)!,
      allowed: 1,
      pairs: 1,
      ports: formatPorts(c.allowed),
    }),
  );
  return { level: 'workload', rows: ids, cols: ids, cells };
}

function sortedConnections(matrix: MatrixContract): MatrixContract['connections'] {
  return [...matrix.connections].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** Groups endpoints by namespace (external peers stay on their own) and sums the allowed pairs per group pair. */
function groupByNamespace(matrix: MatrixContract): { ids: string[]; cells: ReportMatrixCell[] } {
  const groupOf = new Map<string, string>();
  const sizes = new Map<string, number>();
  for (const endpoint of matrix.endpoints) {
    const group = namespaceOf(endpoint) ?? endpoint.id;
    groupOf.set(endpoint.id, group);
    sizes.set(group, (sizes.get(group) ?? 0) + 1);
  }
  const ids = [...sizes.keys()].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const sums = new Map<string, { row: number; col: number; allowed: number; ports: AllowedPorts[] }>();
  for (const c of matrix.connections) {
    const row = index.get(groupOf.get(c.from) ?? c.from);
    const col = index.get(groupOf.get(c.to) ?? c.to);
    if (row === undefined || col === undefined) continue;
    const key = `${row} ${col}`;
    const sum = sums.get(key) ?? { row, col, allowed: 0, ports: [] };
    sum.allowed += 1;
    sum.ports.push(...c.allowed);
    sums.set(key, sum);
  }
  const cells = [...sums.values()]
    .sort((a, b) => a.row - b.row || a.col - b.col)
    .map((s) => ({
      row: s.row,
      col: s.col,
      allowed: s.allowed,
      pairs: sizes.get(ids[s.row]!)! * sizes.get(ids[s.col]!)!,
      ports: formatPorts(s.ports),
    }));
  return { ids, cells };
}

/** Workloads that an external peer (a CIDR or FQDN that policies name) can reach, as the page's headline. */
function externalExposureHeadlines(matrix: MatrixContract): string[] {
  const kinds = new Map(matrix.endpoints.map((e) => [e.id, e.kind]));
  const reached = new Set<string>();
  const peers = new Set<string>();
  for (const c of matrix.connections) {
    if (kinds.get(c.from) === EXTERNAL_KIND && kinds.get(c.to) !== EXTERNAL_KIND) {
      reached.add(c.to);
      peers.add(c.from);
    }
  }
  if (reached.size === 0) return [];
  const noun =
    matrix.granularity === 'pod' ? 'pod' : matrix.granularity === 'namespace' ? 'namespace' : 'workload';
  return [
    `${reached.size} ${noun}${reached.size === 1 ? '' : 's'} reachable from outside the cluster (${[...peers].sort().join(', ')})`,
  ];
}

const ALL_PORTS: readonly [number, number] = [1, 65535];
const PROTOCOL_ORDER = ['TCP', 'UDP', 'SCTP'];

/**
 * Formats allowed ports per protocol, merging overlapping and adjacent ranges: `TCP 80, 443, 8000-8080; UDP 53`.
 * A protocol open on every port reads `TCP all`; all three protocols open on every port read `all ports`.
 */
export function formatPorts(allowed: readonly AllowedPorts[]): string {
  const byProtocol = new Map<string, [number, number][]>();
  for (const { protocol, ports } of allowed) {
    const ranges = byProtocol.get(protocol) ?? [];
    ranges.push(...ports.map(([first, last]): [number, number] => [first, last]));
    byProtocol.set(protocol, ranges);
  }
  const protocols = [...byProtocol.keys()].sort(
    (a, b) => rankProtocol(a) - rankProtocol(b) || a.localeCompare(b),
  );
  const merged = protocols.map((protocol) => ({ protocol, ranges: mergeRanges(byProtocol.get(protocol)!) }));
  const everyPort = (ranges: [number, number][]) =>
    ranges.length === 1 && ranges[0]![0] <= ALL_PORTS[0] && ranges[0]![1] >= ALL_PORTS[1];
  if (
    PROTOCOL_ORDER.every((p) => merged.some((m) => m.protocol === p && everyPort(m.ranges))) &&
    merged.length === PROTOCOL_ORDER.length
  ) {
    return 'all ports';
  }
  return merged
    .map(({ protocol, ranges }) =>
      everyPort(ranges)
        ? `${protocol} all`
        : `${protocol} ${ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ')}`,
    )
    .join('; ');
}

function rankProtocol(protocol: string): number {
  const i = PROTOCOL_ORDER.indexOf(protocol);
  return i === -1 ? PROTOCOL_ORDER.length : i;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [first, last] of sorted) {
    const previous = out.at(-1);
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else out.push([first, last]);
  }
  return out;
}
