// What a rule sees: the clusters and Kubernetes objects of one audit, and how it reports.
import type { Cluster, UnknownValue } from '../model/cluster.js';
import type { SourceRef } from '../model/source.js';
import type { KubeObject, Workload } from './k8s-objects.js';
import type { NetpolFacts } from './netpol-facts.js';
import type { NetpolView } from './netpol-view.js';

/** A finding about a cluster definition: the cluster, the model path of the offending field, and optionally the sub-resource (subnet, route table, firewall) it is about. */
export interface ClusterTarget {
  readonly cluster: Cluster;
  /** Model path (`network/plugin`, `agentPools/0/maxPods`); the cluster itself when absent. */
  readonly path?: string;
  readonly resource?: { readonly kind: string; readonly name: string };
}

/** A finding about a Kubernetes object, at a JSON pointer inside it. */
export interface ObjectTarget {
  readonly object: KubeObject;
  readonly pointer?: string;
}

export type ReportTarget = ClusterTarget | ObjectTarget;

/** Values a message template can interpolate. */
export type MessageData = Readonly<Record<string, string | number>>;

/** The context `check` runs with. */
export interface RuleContext<MessageId extends string> {
  readonly clusters: readonly Cluster[];
  /** Every Kubernetes object of the inputs. */
  readonly objects: readonly KubeObject[];
  /** The objects that run pods, with their pod spec and containers. */
  readonly workloads: readonly Workload[];
  /** The network-policy engine's view of the inputs, computed on first use. */
  readonly netpol: NetpolView & NetpolFacts;
  /** Reports a finding with the rule's severity. */
  report(messageId: MessageId, target: ReportTarget, data?: MessageData): void;
  /**
   * Says the rule cannot decide because a field is unknown at analysis time (an ARM expression, Terraform's
   * "known after apply"). It becomes an `info` finding, so it is visible but never fails a `--fail-on` above info.
   */
  cannotTell(target: ClusterTarget & { readonly path: string }, value: UnknownValue): void;
}

/** What a rule reported, before it becomes a finding. */
export interface RawReport {
  readonly messageId: string;
  readonly target: ReportTarget;
  readonly data: MessageData;
  readonly unknown?: true;
}

/** Where a report target is in the sources. */
export function targetSource(target: ReportTarget): SourceRef {
  return 'cluster' in target ? target.cluster.at(target.path) : target.object.at(target.pointer ?? '');
}

/** Builds the context for one rule run, collecting its reports into `sink`. */
export function createRuleContext(
  clusters: readonly Cluster[],
  objects: readonly KubeObject[],
  workloads: readonly Workload[],
  netpol: () => NetpolView & NetpolFacts,
  sink: RawReport[],
): RuleContext<string> {
  return {
    clusters,
    objects,
    workloads,
    get netpol() {
      return netpol();
    },
    report(messageId, target, data = {}) {
      sink.push({ messageId, target, data });
    },
    cannotTell(target, value) {
      sink.push({
        messageId: CANNOT_TELL,
        target,
        data: { path: target.path, reason: value.reason },
        unknown: true,
      });
    },
  };
}

/** The message id of every "cannot tell" finding. */
export const CANNOT_TELL = 'cannot-tell';

/** The text of a "cannot tell" finding. */
export const CANNOT_TELL_MESSAGE =
  'Cannot tell: `{{path}}` is not known at analysis time ({{reason}}); check the deployed value.';
