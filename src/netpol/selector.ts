// Evaluates compiled selectors (ir.ts `Selector`) on peers, and gives each selector a canonical key so that
// identical selectors from different policies are evaluated once.
import { familyBits } from '../net/ip.js';
import { IpSet } from '../net/ip-set.js';
import type { FqdnMatch, LabelScope, LabelTest, Peer, Selector } from './ir.js';
import { normalizeFqdn } from './peers.js';
import { matchesFqdnName, matchesFqdnPattern } from './selector/cilium-fqdn.js';

/** Whether a selector matches a peer. */
export function matchesSelector(selector: Selector, peer: Peer): boolean {
  switch (selector.type) {
    case 'any':
      return true;
    case 'none':
      return false;
    case 'and':
      return selector.of.every((s) => matchesSelector(s, peer));
    case 'or':
      return selector.of.some((s) => matchesSelector(s, peer));
    case 'not':
      return !matchesSelector(selector.of, peer);
    case 'label':
      return matchesLabelTest(selector.test, labelsOf(peer, selector.scope));
    case 'namespace':
      return peer.namespace !== undefined && (selector.names?.includes(peer.namespace) ?? true);
    case 'serviceAccount':
      return peer.serviceAccount !== undefined && selector.names.includes(peer.serviceAccount);
    case 'kind':
      return selector.kinds.includes(peer.kind);
    case 'ipSet':
      return matchesIpSet(selector.set, peer);
    case 'entity':
      return peer.entities.has(selector.entity);
    case 'fqdn':
      return peer.fqdn !== undefined && selector.matches.some((m) => matchesFqdn(m, peer.fqdn!));
  }
}

function labelsOf(peer: Peer, scope: LabelScope): Readonly<Record<string, string>> {
  if (scope === 'endpoint') return peer.labels;
  if (scope === 'namespace') return peer.namespaceLabels;
  return peer.serviceAccountLabels;
}

/** Whether one label test holds on a label map (negative tests hold when the label is absent). */
export function matchesLabelTest(test: LabelTest, labels: Readonly<Record<string, string>>): boolean {
  const value = Object.hasOwn(labels, test.key) ? labels[test.key] : undefined;
  switch (test.op) {
    case 'exists':
      return value !== undefined;
    case 'absent':
      return value === undefined;
    case 'in':
      return value !== undefined && test.values.includes(value);
    case 'notIn':
      return value === undefined || !test.values.includes(value);
    case 'startsWith':
      return value?.startsWith(test.value) === true;
    case 'endsWith':
      return value?.endsWith(test.value) === true;
    case 'contains':
      return value?.includes(test.value) === true;
  }
}

/**
 * Address matching. An external piece matches when it lies inside the set (pieces are cut so that they never
 * straddle a set's boundary); a pod or host when one of its known IPs is inside; an FQDN, whose addresses are
 * unknown offline, only when the set covers a whole address family (`0.0.0.0/0`, `::/0`).
 */
function matchesIpSet(set: IpSet, peer: Peer): boolean {
  if (peer.kind === 'fqdn') {
    return ([4, 6] as const).some((family) =>
      set.covers(IpSet.of([{ family, first: 0n, last: (1n << BigInt(familyBits(family))) - 1n }])),
    );
  }
  if (peer.addresses.isEmpty()) return false;
  if (peer.kind === 'external') return set.covers(peer.addresses);
  return peer.addresses.intervals.some((i) => set.covers(IpSet.of([i])));
}

/**
 * Whether a DNS name matches an FQDN clause: `name` exactly (case-insensitive, trailing dot ignored), `pattern`
 * as Cilium's matchpattern package decides (see selector/cilium-fqdn.ts).
 */
export function matchesFqdn(match: FqdnMatch, name: string): boolean {
  if ('name' in match) return matchesFqdnName(match.name, name);
  return matchesFqdnPattern(match.pattern, name);
}

/** A canonical text key for a selector: equal keys mean equal selectors. */
export function selectorKey(selector: Selector): string {
  switch (selector.type) {
    case 'any':
    case 'none':
      return selector.type;
    case 'and':
    case 'or':
      return `${selector.type}(${selector.of.map(selectorKey).join(',')})`;
    case 'not':
      return `not(${selectorKey(selector.of)})`;
    case 'label':
      return `label(${selector.scope},${JSON.stringify(selector.test)})`;
    case 'namespace':
      return `namespace(${JSON.stringify(selector.names ?? null)})`;
    case 'serviceAccount':
      return `serviceAccount(${JSON.stringify(selector.names)})`;
    case 'kind':
      return `kind(${selector.kinds.join(',')})`;
    case 'ipSet':
      return `ipSet(${selector.set.intervals.map((i) => `${i.family}:${i.first}-${i.last}`).join(',')})`;
    case 'entity':
      return `entity(${selector.entity})`;
    case 'fqdn':
      return `fqdn(${JSON.stringify(selector.matches)})`;
  }
}

/** Every `ipSet` in a selector tree (the engine cuts external address space at their boundaries). */
export function ipSetsIn(selector: Selector): IpSet[] {
  switch (selector.type) {
    case 'and':
    case 'or':
      return selector.of.flatMap(ipSetsIn);
    case 'not':
      return ipSetsIn(selector.of);
    case 'ipSet':
      return [selector.set];
    default:
      return [];
  }
}

/** Every exact FQDN name in a selector tree (each becomes an external endpoint of the matrix). */
export function fqdnNamesIn(selector: Selector): string[] {
  switch (selector.type) {
    case 'and':
    case 'or':
      return selector.of.flatMap(fqdnNamesIn);
    case 'not':
      return fqdnNamesIn(selector.of);
    case 'fqdn':
      return selector.matches.flatMap((m) => ('name' in m ? [normalizeFqdn(m.name)] : []));
    default:
      return [];
  }
}
