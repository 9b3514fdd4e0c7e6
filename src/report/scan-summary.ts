// What `aksguard scan` found, and the wording every scan format shares: the headline, the worst findings. Pure.
import { formatSourceRef } from '../model/source.js';
import type { Exposure } from '../netpol/exposure.js';
import type { Direction } from '../netpol/ir.js';
import type { PlanResult } from '../plan/types.js';
import type { AuditResult, Finding } from '../rules/index.js';
import { severityRank } from '../rules/index.js';
import { describeSummary, summarizeAudit } from './audit-summary.js';

/** What was scanned, as detected by content. */
export interface ScannedInputs {
  /** The paths as given. */
  readonly paths: readonly string[];
  readonly files: number;
  /** Cluster definitions (az JSON, ARM, Terraform), by name. */
  readonly clusters: readonly string[];
  /** Kubernetes objects, policies included. */
  readonly manifests: number;
  /** Network policies of every dialect, as compiled. */
  readonly policies: number;
  /** Plan files. */
  readonly plans: readonly string[];
}

/** One plan file's plan, as `aksguard plan FILE` computes it. */
export interface ScannedPlan {
  readonly file: string;
  readonly plan: PlanResult;
}

/** A namespace where a pod with no labels would not be isolated: no default deny in those directions. */
export interface NamespaceWithoutDefaultDeny {
  readonly namespace: string;
  readonly directions: readonly Direction[];
}

/** The network-policy part of a scan: who the internet reaches, and which namespaces deny by default. */
export interface ScannedNetwork extends Exposure {
  /** Namespaces with pods that policies can select (host-network pods are their node). */
  readonly namespaces: number;
  readonly namespacesWithoutDefaultDeny: readonly NamespaceWithoutDefaultDeny[];
}

/** Everything `scan` ran, for the formatters. */
export interface ScanResult {
  readonly inputs: ScannedInputs;
  /** Undefined when there was no cluster definition or manifest to audit. */
  readonly audit?: AuditResult;
  readonly plans: readonly ScannedPlan[];
  /** Undefined when there was no Kubernetes manifest. */
  readonly exposure?: ScannedNetwork;
  /** The `--fail-on` threshold in force, if any, and whether the findings reach it. */
  readonly gate?: { readonly failOn: string; readonly failed: boolean };
}

/** How many worst findings the summaries list. */
export const WORST_FINDINGS = 10;

/** One problem, however many places report it (the same cluster written as az JSON, ARM and Terraform). */
export interface GroupedFinding {
  /** The first place, by position. */
  readonly finding: Finding;
  /** How many findings share its rule and message. */
  readonly places: number;
}

/**
 * Findings grouped by rule and message, most serious first, then by position: what a person should read first.
 * Returns the first `limit` groups and the number of groups in all.
 */
export function worstFindings(
  findings: readonly Finding[],
  limit = WORST_FINDINGS,
): { worst: GroupedFinding[]; groups: number } {
  const groups = new Map<string, { finding: Finding; places: number }>();
  for (const finding of findings) {
    const key = `${finding.ruleId}\u0000${finding.message}`;
    const group = groups.get(key);
    if (group) group.places++;
    else groups.set(key, { finding, places: 1 });
  }
  const ordered = [...groups.values()].sort(
    (a, b) => severityRank(b.finding.severity) - severityRank(a.finding.severity),
  );
  return { worst: ordered.slice(0, limit), groups: ordered.length };
}

/** `file:line:col`, or `file:line:col and 2 more places`. */
export function groupLocation(group: GroupedFinding): string {
  const more = group.places - 1;
  return `${findingLocation(group.finding)}${more > 0 ? ` and ${more} more place${more === 1 ? '' : 's'}` : ''}`;
}

/** `3 workloads reachable from the internet, 2 namespaces without default deny`. */
export function exposureHeadline(exposure: ScannedNetwork): string {
  const reachable = exposure.reachableFromInternet.length;
  const open = exposure.namespacesWithoutDefaultDeny.length;
  return `${reachable} of ${exposure.workloads} workload${exposure.workloads === 1 ? '' : 's'} reachable from the internet, ${open} of ${exposure.namespaces} namespace${exposure.namespaces === 1 ? '' : 's'} without default deny`;
}

/** `3 clusters, 12 manifests, 9 policies, 1 plan in 14 files`. */
export function describeInputs(inputs: ScannedInputs): string {
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return `${count(inputs.clusters.length, 'cluster definition')}, ${count(inputs.manifests, 'Kubernetes object')} (${count(inputs.policies, 'network policy', 'network policies')}), ${count(inputs.plans.length, 'plan')} in ${count(inputs.files, 'file')}`;
}

/** The audit line: `39 findings (6 high, …), 1 suppressed, 41 rules run`, or why there was no audit. */
export function auditHeadline(result: ScanResult): string {
  return result.audit
    ? describeSummary(summarizeAudit(result.audit))
    : 'no audit: no cluster definition or Kubernetes manifest in the inputs';
}

/** One line per plan: its problems and the recommended plugin. */
export function planHeadline(plan: ScannedPlan): string {
  const errors = plan.plan.problems.filter((p) => p.severity === 'error').length;
  const warnings = plan.plan.problems.filter((p) => p.severity === 'warning').length;
  return `${plan.file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}; recommended plugin ${plan.plan.recommendation.plugin}`;
}

/** `file:line:col` of a finding. */
export function findingLocation(finding: Finding): string {
  const { file, line, column } = finding.resource;
  return formatSourceRef({ file, line, column: column ?? 1 });
}

/** `Deployment contoso-web/frontend`. */
export function findingResource(finding: Finding): string {
  const { kind, name, namespace } = finding.resource;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}
