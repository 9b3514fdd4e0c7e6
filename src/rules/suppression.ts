// Inline suppressions: a Kubernetes annotation naming rules and a reason, or one cluster tag per rule.
import type { Cluster } from '../model/cluster.js';
import { type Diagnostic, warningDiagnostic } from '../model/diagnostic.js';
import type { SourceRef } from '../model/source.js';
import type { KubeObject } from './k8s-objects.js';

/** The Kubernetes annotation: each line reads `<rule-id>[,<rule-id>…]: <reason>`. */
export const SUPPRESS_ANNOTATION = 'aksguard.io/suppress';

/**
 * Cluster tag prefixes: `aksguard.io/suppress-<rule-id>` as documented, and `aksguard-suppress-<rule-id>`,
 * because Azure Resource Manager rejects `/` in tag names, so a deployable template needs the second form.
 */
export const SUPPRESS_TAG_PREFIXES = ['aksguard.io/suppress-', 'aksguard-suppress-'] as const;

/** Why a finding is not counted. */
export interface Suppression {
  readonly reason: string;
  /**
   * Where the suppression is written: `annotation` on a Kubernetes object, `tag` on the cluster, `config` in
   * aksguard.yaml (with a justification and an optional expiry).
   */
  readonly kind: 'annotation' | 'tag' | 'config';
  readonly source: SourceRef;
}

/** Suppressions by rule id. */
export type SuppressionMap = ReadonlyMap<string, Suppression>;

/** Reads the suppression annotation of an object; malformed lines and unknown rule ids become warnings. */
export function objectSuppressions(
  object: KubeObject,
  knownRuleIds: ReadonlySet<string>,
  diagnostics: Diagnostic[],
): SuppressionMap {
  const map = new Map<string, Suppression>();
  const text = object.annotations[SUPPRESS_ANNOTATION];
  if (text === undefined) return map;
  const source = object.at(`/metadata/annotations/${SUPPRESS_ANNOTATION.replace('/', '~1')}`);
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const reason = colon < 0 ? '' : line.slice(colon + 1).trim();
    if (reason === '') {
      diagnostics.push(
        warningDiagnostic(
          'suppression-without-reason',
          `suppression "${line.trim()}" on ${object.kind} ${object.name} has no reason and is ignored`,
          source,
          `write it as "<rule-id>: <why the finding is accepted>"`,
        ),
      );
      continue;
    }
    for (const id of line
      .slice(0, colon)
      .split(',')
      .map((part) => part.trim())) {
      if (checkRuleId(id, knownRuleIds, source, diagnostics))
        map.set(id, { reason, kind: 'annotation', source });
    }
  }
  return map;
}

/** Reads the suppression tags of a cluster. */
export function clusterSuppressions(
  cluster: Cluster,
  knownRuleIds: ReadonlySet<string>,
  diagnostics: Diagnostic[],
): SuppressionMap {
  const map = new Map<string, Suppression>();
  for (const [tag, value] of Object.entries(cluster.tags).sort(([a], [b]) => a.localeCompare(b))) {
    const prefix = SUPPRESS_TAG_PREFIXES.find((p) => tag.toLowerCase().startsWith(p));
    if (prefix === undefined) continue;
    const id = tag.slice(prefix.length);
    const source = cluster.at('tags');
    if (value.trim() === '') {
      diagnostics.push(
        warningDiagnostic(
          'suppression-without-reason',
          `suppression tag ${tag} on cluster ${cluster.name} has no reason and is ignored`,
          source,
          'set the tag value to why the finding is accepted',
        ),
      );
      continue;
    }
    if (checkRuleId(id, knownRuleIds, source, diagnostics))
      map.set(id, { reason: value.trim(), kind: 'tag', source });
  }
  return map;
}

function checkRuleId(
  id: string,
  knownRuleIds: ReadonlySet<string>,
  source: SourceRef,
  diagnostics: Diagnostic[],
): boolean {
  if (knownRuleIds.has(id)) return true;
  diagnostics.push(
    warningDiagnostic(
      'suppression-unknown-rule',
      `suppression names unknown rule "${id}"`,
      source,
      'run `aksguard rules` for the rule ids',
    ),
  );
  return false;
}
