// The HTML report's view model: plain, JSON-serializable data that the page renders. No engine types here, so
// the page can be built and tested on its own and the engines are adapted to it (see build.ts).
import { SEVERITIES } from '../../model/severity.js';

/** Severities from worst to mildest; a severity outside this list sorts after them, alphabetically. */
export const SEVERITY_ORDER: readonly string[] = SEVERITIES;

/** Orders severities worst first. */
export function compareSeverity(a: string, b: string): number {
  const rank = (s: string) => {
    const i = SEVERITY_ORDER.indexOf(s);
    return i === -1 ? SEVERITY_ORDER.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** A section the inputs or the build could not supply; `reason` is shown in its place ("no plan file found"). */
export interface Unavailable {
  readonly unavailable: string;
}

/** Whether a section is missing, with the reason to show instead. */
export function isUnavailable(section: object): section is Unavailable {
  return 'unavailable' in section;
}

/** The whole page. */
export interface ReportModel {
  readonly meta: ReportMeta;
  readonly summary: ReportSummary;
  readonly findings: readonly ReportFinding[] | Unavailable;
  readonly plan: ReportPlan | Unavailable;
  readonly graph: ReportGraph | Unavailable;
  readonly matrix: ReportMatrix | Unavailable;
}

/** What produced the page and from what. */
export interface ReportMeta {
  readonly tool: string;
  readonly version: string;
  /** Supplied by the caller (an ISO 8601 time), so the same inputs render the same page in tests. */
  readonly generatedAt: string;
  /** The input files read, as shown in positions, sorted. */
  readonly inputs: readonly string[];
}

/** The top of the page: what a reader takes in within ten seconds. */
export interface ReportSummary {
  /** Finding counts, worst severity first; only severities that occur. */
  readonly bySeverity: readonly { readonly severity: string; readonly count: number }[];
  /** One-line statements of exposure, e.g. "3 workloads reachable from outside the cluster". */
  readonly headlines: readonly string[];
  /** Warnings about the inputs (a namespace used but not declared…), so the page does not hide what the CLI said. */
  readonly warnings: readonly ReportWarning[];
}

/** A warning about the inputs, with where it applies (`file:line:col`) when known. */
export interface ReportWarning {
  readonly message: string;
  readonly location?: string;
}

/** One audit finding with everything a reader needs to act on it. */
export interface ReportFinding {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: string;
  readonly category: string;
  readonly message: string;
  readonly rationale: string;
  /** Ways to fix it, e.g. `az`, `Terraform` and `ARM` for a cluster, `Kubernetes` YAML for a manifest. */
  readonly fixes: readonly ReportFix[];
  readonly resource: {
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
  };
  readonly file: string;
  readonly line: number;
}

/** One way to fix a finding: how (the tool or format) and the command or text. */
export interface ReportFix {
  readonly how: string;
  readonly text: string;
}

/** The network plan: each plugin's subnets and limits, the problems found and the recommendation. */
export interface ReportPlan {
  readonly options: readonly ReportPlanOption[];
  readonly problems: readonly {
    readonly code: string;
    readonly severity: string;
    readonly message: string;
    readonly subjects: readonly string[];
  }[];
  readonly recommendation?: { readonly plugin: string; readonly reasons: readonly string[] };
}

/** One plugin in the plan's options table. */
export interface ReportPlanOption {
  readonly plugin: string;
  readonly subnets: readonly {
    readonly role: string;
    readonly requiredIPs: number;
    readonly minimumPrefixLength: number;
    readonly cidr?: string;
    readonly fits?: boolean;
  }[];
  readonly limits: readonly ReportPlanLimit[];
}

/** A limit that applies to a plugin, with the plan's value against it. */
export interface ReportPlanLimit {
  readonly description: string;
  readonly limit: number;
  readonly planned?: number;
  readonly exceeded: boolean;
}

/** The connectivity graph. */
export interface ReportGraph {
  /** Namespaces, drawn as groups; sorted by name. */
  readonly namespaces: readonly { readonly id: string; readonly workloads: number }[];
  /** Workloads (or pods) inside their namespace, and external peers (CIDR, FQDN) outside every namespace. */
  readonly nodes: readonly ReportGraphNode[];
  /**
   * Allowed flows. At `edgeLevel` `workload` they join nodes; at `namespace` (too many flows to embed) they
   * join namespaces and external peers, and namespaces cannot be expanded.
   */
  readonly edges: readonly ReportGraphEdge[];
  readonly edgeLevel: 'workload' | 'namespace';
  /** Start with namespaces collapsed (many workloads); a click expands one. */
  readonly collapsed: boolean;
  /** Why edges are at namespace level, when they are. */
  readonly note?: string;
}

/** A workload, pod or external peer. */
export interface ReportGraphNode {
  /** The matrix endpoint id: `ns/Kind/name`, `ns/name`, a CIDR or `fqdn:NAME`. */
  readonly id: string;
  readonly label: string;
  /** `Deployment`, `Pod`, … or `External`. */
  readonly kind: string;
  /** Absent for external peers. */
  readonly namespace?: string;
}

/** One allowed flow. */
export interface ReportGraphEdge {
  readonly from: string;
  readonly to: string;
  /** e.g. `TCP 80, 443; UDP 53`, or `all ports`. */
  readonly ports: string;
  /** Why the flow is allowed, from the engine's trace; absent when none was computed. */
  readonly explanation?: string;
}

/** The connectivity matrix as a heat map: sparse cells over row and column ids. */
export interface ReportMatrix {
  /** What a row or column is; `namespace` when there are too many workloads for one cell each. */
  readonly level: 'workload' | 'namespace';
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  /** Only the cells with something allowed; every other cell allows nothing. */
  readonly cells: readonly ReportMatrixCell[];
}

/** One heat-map cell: how much of the row→column traffic is allowed. */
export interface ReportMatrixCell {
  readonly row: number;
  readonly col: number;
  /** Endpoint pairs in the cell with something allowed; `allowed / pairs` is the cell's heat, in (0, 1]. */
  readonly allowed: number;
  /** All endpoint pairs in the cell (1 at workload level). */
  readonly pairs: number;
  /** The union of the allowed ports, e.g. `TCP 80, 443`. */
  readonly ports: string;
}
