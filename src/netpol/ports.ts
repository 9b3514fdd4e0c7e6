// Destination ports: the intervals ("atoms") that no rule tells apart, and whether a rule's ports cover one.
import { PROTOCOLS, type Protocol } from '../model/endpoint.js';
import {
  ALL_PORTS,
  type Peer,
  type PolicyModel,
  type PortCondition,
  type PortMatch,
  type PortRange,
} from './ir.js';

/** A run of ports of one protocol that every rule treats alike. */
export interface PortAtom {
  readonly protocol: Protocol;
  readonly first: number;
  readonly last: number;
}

/**
 * Cuts each protocol's 1-65535 into the intervals bounded by every port range the model names and every
 * port number a named port can resolve to, so that each rule covers an atom entirely or not at all.
 */
export function portAtoms(
  model: PolicyModel,
  namedPortNumbers: Iterable<readonly [Protocol, number]>,
): PortAtom[] {
  const cuts = new Map<Protocol, Set<number>>(
    PROTOCOLS.map((p) => [p, new Set([ALL_PORTS[0], ALL_PORTS[1] + 1])]),
  );
  const addRange = (protocol: Protocol | 'any', range: PortRange): void => {
    for (const p of protocol === 'any' ? PROTOCOLS : [protocol]) {
      cuts.get(p)!.add(range[0]);
      cuts.get(p)!.add(range[1] + 1);
    }
  };
  for (const tier of model.tiers)
    for (const policy of tier.policies)
      for (const rule of policy.rules)
        for (const match of [...(rule.ports.include ?? []), ...(rule.ports.exclude ?? [])])
          if ('ranges' in match) for (const range of match.ranges ?? []) addRange(match.protocol, range);
  for (const [protocol, port] of namedPortNumbers) addRange(protocol, [port, port]);
  const atoms: PortAtom[] = [];
  for (const protocol of PROTOCOLS) {
    const bounds = [...cuts.get(protocol)!]
      .filter((n) => n >= ALL_PORTS[0] && n <= ALL_PORTS[1] + 1)
      .sort((a, b) => a - b);
    for (let i = 0; i + 1 < bounds.length; i++)
      atoms.push({ protocol, first: bounds[i]!, last: bounds[i + 1]! - 1 });
  }
  return atoms;
}

/** Whether a port clause covers an atom (named ports resolve on the destination, matching the protocol unless `any`). */
export function portMatchCovers(match: PortMatch, atom: PortAtom, destination: Peer): boolean {
  if (match.protocol !== 'any' && match.protocol !== atom.protocol) return false;
  if ('named' in match) {
    return destination.namedPorts.some(
      (p) =>
        p.name === match.named &&
        p.protocol === atom.protocol &&
        atom.first === p.port &&
        atom.last === p.port,
    );
  }
  if (match.ranges === undefined) return true;
  return match.ranges.some(([first, last]) => atom.first >= first && atom.last <= last);
}

/** Whether a rule's port condition covers an atom. */
export function portConditionCovers(condition: PortCondition, atom: PortAtom, destination: Peer): boolean {
  const included =
    condition.include === undefined || condition.include.some((m) => portMatchCovers(m, atom, destination));
  return included && !(condition.exclude ?? []).some((m) => portMatchCovers(m, atom, destination));
}

/** `TCP/80`, `UDP/1000-2000`. */
export function formatPortAtom(atom: PortAtom): string {
  return atom.first === atom.last
    ? `${atom.protocol}/${atom.first}`
    : `${atom.protocol}/${atom.first}-${atom.last}`;
}

/** Describes a port condition for explanations: `TCP/80, UDP/53`, `named port http/TCP`, `all ports`. */
export function describePorts(condition: PortCondition): string {
  const describe = (m: PortMatch): string => {
    const protocol = m.protocol === 'any' ? 'any protocol' : m.protocol;
    if ('named' in m) return `named port ${m.named} (${protocol})`;
    if (m.ranges === undefined) return `${protocol} (all ports)`;
    return m.ranges.map(([a, b]) => (a === b ? `${protocol}/${a}` : `${protocol}/${a}-${b}`)).join(', ');
  };
  const include = condition.include === undefined ? 'all ports' : condition.include.map(describe).join(', ');
  const exclude = condition.exclude?.length ? ` except ${condition.exclude.map(describe).join(', ')}` : '';
  return include + exclude;
}

/** Parses `N/PROTO` (`80/TCP`, `53/udp`; protocol defaults to TCP) as given to `--port`. */
export function parsePortSpec(text: string): { protocol: Protocol; port: number } | { error: string } {
  const match = /^(\d{1,5})(?:\/([A-Za-z]+))?$/.exec(text.trim());
  if (!match) return { error: `"${text}" is not a port (expected N/PROTO, e.g. 80/TCP)` };
  const port = Number(match[1]);
  if (port < 1 || port > 65535) return { error: `port ${port} is out of range (1-65535)` };
  const protocol = (match[2] ?? 'TCP').toUpperCase();
  if (!(PROTOCOLS as readonly string[]).includes(protocol))
    return { error: `unknown protocol "${match[2]}" (use TCP, UDP or SCTP)` };
  return { protocol: protocol as Protocol, port };
}
