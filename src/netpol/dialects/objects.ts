// What every dialect compiler needs from a manifest object: identity, spec, and positioned diagnostics.
import type { InputDocument } from '../../load/detect.js';
import { type Diagnostic, errorDiagnostic, warningDiagnostic } from '../../model/diagnostic.js';
import type { EndpointInventory, Protocol } from '../../model/endpoint.js';
import { isRecord } from '../../model/json.js';
import type { SourceRef } from '../../model/source.js';
import type { PortMatch, Selector } from '../ir.js';

/** A policy-like object read from one input document. */
export interface ManifestObject {
  readonly doc: InputDocument;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** `metadata.namespace`, or the default namespace for namespaced kinds; undefined for cluster-scoped kinds. */
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: Record<string, unknown>;
}

/** What a dialect compiler reads besides its own objects. */
export interface DialectContext {
  /** Pods, workload templates and namespaces found in the inputs. */
  readonly inventory: EndpointInventory;
  /** Namespace of namespaced objects without one (the CLI's `--namespace`). */
  readonly defaultNamespace: string;
}

/** The Kubernetes objects of the inputs whose apiVersion group is one of `groups`, with identity read. */
export function objectsOfGroups(
  documents: readonly InputDocument[],
  groups: readonly string[],
  clusterScopedKinds: readonly string[],
  defaultNamespace: string,
): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const doc of documents) {
    if (doc.kind !== 'kubernetes' || !isRecord(doc.value)) continue;
    const apiVersion = String(doc.value.apiVersion);
    if (!groups.includes(apiVersion.split('/')[0] ?? '')) continue;
    const kind = String(doc.value.kind);
    const metadata = isRecord(doc.value.metadata) ? doc.value.metadata : {};
    const namespaced = !clusterScopedKinds.includes(kind);
    const namespace =
      typeof metadata.namespace === 'string' && metadata.namespace !== ''
        ? metadata.namespace
        : defaultNamespace;
    out.push({
      doc,
      apiVersion,
      kind,
      name: typeof metadata.name === 'string' ? metadata.name : '',
      ...(namespaced ? { namespace } : {}),
      labels: stringRecord(metadata.labels),
      spec: isRecord(doc.value.spec) ? doc.value.spec : {},
    });
  }
  return out;
}

/** A string-to-string map from an unknown value (non-string values are dropped; callers validate first). */
export function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

/** Collects diagnostics positioned inside one object, by JSON pointer relative to it. */
export class ObjectProblems {
  readonly diagnostics: Diagnostic[] = [];
  errorCount = 0;

  constructor(
    readonly object: ManifestObject,
    private readonly codePrefix: string,
  ) {}

  at(pointer: string): SourceRef {
    return this.object.doc.at(pointer);
  }

  error(code: string, pointer: string, message: string, hint?: string): void {
    this.errorCount++;
    this.diagnostics.push(
      errorDiagnostic(`${this.codePrefix}-${code}`, this.describe(message), this.at(pointer), hint),
    );
  }

  warn(code: string, pointer: string, message: string, hint?: string): void {
    this.diagnostics.push(
      warningDiagnostic(`${this.codePrefix}-${code}`, this.describe(message), this.at(pointer), hint),
    );
  }

  private describe(message: string): string {
    const { kind, namespace, name } = this.object;
    return `${kind} ${namespace ? `${namespace}/` : ''}${name}: ${message}`;
  }
}

/** An array field (absent → undefined); anything else is reported. */
export function arrayField(
  value: Record<string, unknown>,
  key: string,
  pointer: string,
  problems: ObjectProblems,
): unknown[] | undefined {
  const field = value[key];
  if (field === undefined || field === null) return undefined;
  if (!Array.isArray(field)) {
    problems.error('invalid-field', `${pointer}/${key}`, `${key} must be a list`);
    return undefined;
  }
  return field;
}

/** A string field (absent → undefined); anything else is reported. */
export function stringField(
  value: Record<string, unknown>,
  key: string,
  pointer: string,
  problems: ObjectProblems,
): string | undefined {
  const field = value[key];
  if (field === undefined || field === null) return undefined;
  if (typeof field !== 'string') {
    problems.error('invalid-field', `${pointer}/${key}`, `${key} must be a string`);
    return undefined;
  }
  return field;
}

/** Whether a number is a valid port (1-65535; 0 only where a caller allows it). */
export function isPortNumber(value: unknown, allowZero = false): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= (allowZero ? 0 : 1) && value <= 65535
  );
}

/** A Kubernetes Service as policies that name Services see it: the pods it selects and their target ports. */
export interface ServiceTarget {
  /** The pods the Service's selector picks, in its namespace. */
  readonly pods: Selector;
  /** The backend ports (`targetPort`, or `port` when unset; named target ports resolve on each pod). */
  readonly ports: readonly PortMatch[];
}

/** Services with a selector, by `namespace/name` (a Service without selector has no pods in the inputs). */
export function serviceTargets(
  documents: readonly InputDocument[],
  defaultNamespace: string,
): Map<string, ServiceTarget> {
  const out = new Map<string, ServiceTarget>();
  for (const o of objectsOfGroups(documents, ['v1'], [], defaultNamespace)) {
    if (o.kind !== 'Service' || o.apiVersion !== 'v1' || !isRecord(o.spec.selector)) continue;
    const tests = Object.keys(o.spec.selector)
      .sort()
      .map(
        (key): Selector => ({
          type: 'label',
          scope: 'endpoint',
          test: { op: 'in', key, values: [String((o.spec.selector as Record<string, unknown>)[key])] },
        }),
      );
    const ports = (Array.isArray(o.spec.ports) ? o.spec.ports : []).filter(isRecord).map((p): PortMatch => {
      const protocol = (typeof p.protocol === 'string' ? p.protocol : 'TCP') as Protocol;
      const target = p.targetPort ?? p.port;
      return typeof target === 'string' && !/^\d+$/.test(target)
        ? { protocol, named: target }
        : { protocol, ranges: [[Number(target), Number(target)]] };
    });
    out.set(`${o.namespace}/${o.name}`, {
      pods: {
        type: 'and',
        of: [{ type: 'kind', kinds: ['pod'] }, { type: 'namespace', names: [o.namespace!] }, ...tests],
      },
      ports,
    });
  }
  return out;
}
