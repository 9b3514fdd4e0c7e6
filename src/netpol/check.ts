// One connection, explained: resolve both sides to peers, evaluate egress at the source and ingress at the
// destination with a trace of every policy and rule consulted.
import type { Endpoint, EndpointInventory, Protocol } from '../model/endpoint.js';
import { workloadId } from '../model/endpoint.js';
import { isParseError, parseIp } from '../net/ip.js';
import { type DirectionDecision, decisionAt, evaluateDirection, type TraceStep } from './evaluate.js';
import type { Peer, PolicyModel } from './ir.js';
import { isLoopback } from './matrix.js';
import { endpointPeer, externalIpPeer, fqdnPeer } from './peers.js';

/** A resolved side of a connection. */
export interface ResolvedPeer {
  readonly peer: Peer;
  readonly endpoint?: Endpoint;
  /** How the id was understood, e.g. `pod`, `workload (represented by pod x/a-1)`, `IP of pod x/a`, `external IP`. */
  readonly resolution: string;
}

/**
 * Resolves a `--from`/`--to` id: a pod (`ns/name`), a workload (`ns/Kind/name`, by its template or its first
 * pod), an IP address (a pod whose `status.podIP(s)` holds it, else an external address), or `fqdn:NAME`.
 */
export function resolvePeer(
  id: string,
  inventory: EndpointInventory,
  hostPeers: readonly Peer[] = [],
): ResolvedPeer | { error: string } {
  const peerOf = (endpoint: Endpoint): Peer =>
    endpointPeer(endpoint, inventory.namespaces.get(endpoint.namespace));
  if (id.startsWith('fqdn:')) {
    const name = id.slice('fqdn:'.length);
    if (name === '') return { error: 'fqdn: needs a DNS name, e.g. fqdn:api.github.com' };
    return { peer: fqdnPeer(name), resolution: 'DNS name outside the cluster' };
  }
  const ip = parseIp(id);
  if (!isParseError(ip)) {
    const owner = inventory.endpoints.find((e) =>
      e.ips.some((a) => a.family === ip.family && a.value === ip.value),
    );
    if (owner) return { peer: peerOf(owner), endpoint: owner, resolution: `IP of ${owner.kind} ${owner.id}` };
    const host = hostPeers.find((h) => h.addresses.has(ip));
    if (host) return { peer: host, resolution: `IP of ${host.id}` };
    return { peer: externalIpPeer(ip), resolution: 'external IP address' };
  }
  const hostById = hostPeers.find((h) => h.id === id);
  if (hostById) return { peer: hostById, resolution: 'host endpoint' };
  const exact = inventory.endpoints.find((e) => e.id === id);
  if (exact)
    return {
      peer: peerOf(exact),
      endpoint: exact,
      resolution: exact.kind === 'Pod' ? 'pod' : `${exact.kind} pod template`,
    };
  const member = inventory.endpoints.find((e) => workloadId(e.workload) === id);
  if (member)
    return {
      peer: peerOf(member),
      endpoint: member,
      resolution: `workload, represented by ${member.kind} ${member.id}`,
    };
  const known = inventory.endpoints.slice(0, 5).map((e) => e.id);
  return {
    error: `no endpoint "${id}" in the inputs${known.length ? ` (known, e.g.: ${known.join(', ')})` : ''}`,
  };
}

/** One direction of a checked connection. */
export interface CheckedDirection {
  readonly decision: DirectionDecision;
  readonly trace: readonly TraceStep[];
}

/** The verdict on one connection. */
export interface CheckResult {
  readonly allowed: boolean;
  readonly from: ResolvedPeer;
  readonly to: ResolvedPeer;
  readonly protocol: Protocol;
  readonly port: number;
  readonly egress: CheckedDirection;
  readonly ingress: CheckedDirection;
}

/**
 * Checks one connection: allowed when the source's egress and the destination's ingress both allow it (a side
 * outside the cluster is not evaluated). A pod reaching itself is loopback, always allowed (see `isLoopback`);
 * traffic between two external peers does not cross the cluster and is reported as not allowed.
 */
export function checkConnection(
  model: PolicyModel,
  from: ResolvedPeer,
  to: ResolvedPeer,
  protocol: Protocol,
  port: number,
): CheckResult {
  const atoms = [{ protocol, first: port, last: port }];
  if (isLoopback(from.peer, to.peer, from.endpoint)) {
    const loopback: CheckedDirection = {
      decision: 'allow',
      trace: [
        {
          tier: '-',
          result: 'allow',
          reason: `${from.peer.id} reaching itself is loopback: policies do not apply`,
        },
      ],
    };
    return { allowed: true, from, to, protocol, port, egress: loopback, ingress: loopback };
  }
  const egress = evaluateDirection(model, 'egress', from.peer, to.peer, atoms, { trace: true });
  const ingress = evaluateDirection(model, 'ingress', to.peer, from.peer, atoms, { trace: true });
  const egressDecision = decisionAt(egress, 0);
  const ingressDecision = decisionAt(ingress, 0);
  const allowed =
    egressDecision !== 'deny' &&
    ingressDecision !== 'deny' &&
    !(egressDecision === 'not-evaluated' && ingressDecision === 'not-evaluated');
  return {
    allowed,
    from,
    to,
    protocol,
    port,
    egress: { decision: egressDecision, trace: egress.trace ?? [] },
    ingress: { decision: ingressDecision, trace: ingress.trace ?? [] },
  };
}
