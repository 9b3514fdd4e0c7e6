// Runs rules over clusters and Kubernetes objects and turns their reports into sorted, suppressible findings.
import type { InputDocument } from '../load/detect.js';
import type { Cluster } from '../model/cluster.js';
import type { AksguardConfig } from '../model/config.js';
import { type Diagnostic, sortDiagnostics } from '../model/diagnostic.js';
import {
  CANNOT_TELL_MESSAGE,
  createRuleContext,
  type RawReport,
  type ReportTarget,
  targetSource,
} from './context.js';
import { formatMessage, type Rule, type Severity, severityRank } from './define-rule.js';
import { type KubeObject, kubeObjectsOf, workloadsOf } from './k8s-objects.js';
import { createNetpolFacts, type NetpolFacts } from './netpol-facts.js';
import { createNetpolView, type NetpolView } from './netpol-view.js';
import {
  clusterSuppressions,
  objectSuppressions,
  type Suppression,
  type SuppressionMap,
} from './suppression.js';

/** What a finding is about, as the JSON contract names it. */
export interface FindingResource {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/** One reported problem. */
export interface Finding {
  readonly ruleId: string;
  /** Which of the rule's messages (or `cannot-tell`); not part of the JSON contract. */
  readonly messageId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly resource: FindingResource;
  /** Set when an annotation or tag accepts the finding; suppressed findings never count for `--fail-on`. */
  readonly suppression?: Suppression;
}

/** What an audit reads: normalized clusters and the input documents (Kubernetes objects are taken from them). */
export interface AuditInput {
  readonly clusters: readonly Cluster[];
  readonly documents: readonly InputDocument[];
}

export interface AuditOptions {
  /** The rules to run (default: the whole catalogue). */
  readonly rules?: readonly Rule[];
  /** aksguard.yaml to apply, and the day (YYYY-MM-DD, UTC) that decides which suppressions have expired. */
  readonly configuration?: { readonly config: AksguardConfig; readonly today: string };
}

export interface AuditResult {
  /** Findings that count, sorted by file, line, column, rule. */
  readonly findings: readonly Finding[];
  /** Findings accepted by a suppression, same order. */
  readonly suppressed: readonly Finding[];
  /** The rules that ran, sorted by id. */
  readonly rules: readonly Rule[];
  /** Problems with suppressions (unknown rule ids, missing reasons). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Runs the given rules over the inputs. Pure: no I/O. Suppressions may name any rule of `catalogue`
 * (a rule left out with `--skip-rule` is still a known id).
 */
export function runRules(input: AuditInput, rules: readonly Rule[], catalogue: readonly Rule[]): AuditResult {
  const objects = kubeObjectsOf(input.documents);
  const workloads = workloadsOf(objects);
  const diagnostics: Diagnostic[] = [];
  const knownRuleIds = new Set(catalogue.map((r) => r.id));
  const objectMaps = new Map<KubeObject, SuppressionMap>(
    objects.map((o) => [o, objectSuppressions(o, knownRuleIds, diagnostics)]),
  );
  const clusterMaps = new Map<Cluster, SuppressionMap>(
    input.clusters.map((c) => [c, clusterSuppressions(c, knownRuleIds, diagnostics)]),
  );
  let netpol: (NetpolView & NetpolFacts) | undefined;
  // The policy analysis runs only when a rule asks for it, and once per audit.
  const netpolView = () => {
    if (!netpol) {
      const view = createNetpolView(input.documents);
      netpol = { ...view, ...createNetpolFacts(view.analysis, objects, workloads) };
      diagnostics.push(...view.diagnostics);
    }
    return netpol;
  };
  const findings: Finding[] = [];
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  for (const rule of sorted) {
    const reports: RawReport[] = [];
    rule.check(createRuleContext(input.clusters, objects, workloads, netpolView, reports));
    for (const report of reports) {
      const suppressions =
        'cluster' in report.target
          ? clusterMaps.get(report.target.cluster)
          : objectMaps.get(report.target.object);
      const suppression = suppressions?.get(rule.id);
      findings.push({
        ruleId: rule.id,
        messageId: report.messageId,
        severity: report.unknown ? 'info' : rule.defaultSeverity,
        message: formatMessage(
          report.unknown ? CANNOT_TELL_MESSAGE : (rule.messages[report.messageId] ?? report.messageId),
          report.data,
        ),
        resource: resourceOf(report.target),
        ...(suppression ? { suppression } : {}),
      });
    }
  }
  const ordered = dedupe(sortFindings(findings));
  return {
    findings: ordered.filter((f) => !f.suppression),
    suppressed: ordered.filter((f) => f.suppression),
    rules: sorted,
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/** Whether any counted finding is at or above a severity. */
export function hasFindingsAtOrAbove(findings: readonly Finding[], threshold: Severity): boolean {
  return findings.some((f) => severityRank(f.severity) >= severityRank(threshold));
}

/** Sorts findings by file, line, column, rule id, then message, so every output is deterministic. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.resource.file.localeCompare(b.resource.file) ||
      a.resource.line - b.resource.line ||
      (a.resource.column ?? 0) - (b.resource.column ?? 0) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.message.localeCompare(b.message),
  );
}

/** Resources a cluster finding names when it is about the cluster itself. */
export const CLUSTER_KIND = 'ManagedCluster';

function resourceOf(target: ReportTarget): FindingResource {
  const source = targetSource(target);
  const where = { file: source.file, line: source.line, column: source.column };
  if ('cluster' in target) {
    const resource = target.resource ?? { kind: CLUSTER_KIND, name: target.cluster.name };
    return { kind: resource.kind, name: resource.name, ...where };
  }
  const { object } = target;
  return {
    kind: object.kind,
    name: object.name,
    ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
    ...where,
  };
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.ruleId, f.message, f.resource]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
