// `checkConnection` explains each verdict: isolation, no matching peer, port mismatch, a named port the
// destination lacks (or declares for another protocol), loopback, and an external side that is not evaluated.
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/model/endpoint.js';
import { analyzeNetworkPolicies } from '../../src/netpol/analysis.js';
import { checkConnection, resolvePeer } from '../../src/netpol/check.js';
import { documentsFromYaml } from '../support/documents.js';

const analysis = analyzeNetworkPolicies(
  documentsFromYaml(`
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c, ports: [{name: web, containerPort: 8080, protocol: UDP}, {name: http, containerPort: 80}]}]}
status: {podIP: 10.1.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: x, labels: {app: c}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: to-a, namespace: x}
spec:
  podSelector: {matchLabels: {app: a}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: b}}}]
      ports: [{port: web}, {port: http}]
`),
);

function check(from: string, to: string, protocol: Protocol, port: number) {
  const resolve = (id: string) => {
    const resolved = resolvePeer(id, analysis.inventory);
    if ('error' in resolved) throw new Error(resolved.error);
    return resolved;
  };
  return checkConnection(analysis.model, resolve(from), resolve(to), protocol, port);
}

describe('check explanations', () => {
  it('allows through the matching rule and says which', () => {
    const result = check('x/b', 'x/a', 'TCP', 80);
    expect(result).toMatchObject({
      allowed: true,
      egress: { decision: 'allow' },
      ingress: { decision: 'allow' },
    });
    expect(result.ingress.trace.map((s) => s.result)).toEqual(['isolated', 'allow']);
  });

  it('names the peer that does not match', () => {
    const result = check('x/c', 'x/a', 'TCP', 80);
    expect(result.allowed).toBe(false);
    expect(result.ingress.trace.map((s) => [s.result, s.reason])).toEqual([
      ['isolated', 'selects x/a and isolates its ingress'],
      [
        'no-match',
        'ingress rule 0 (from podSelector {app=b} in namespace x, named port web (TCP), named port http (TCP)): x/c is not a matching peer',
      ],
      ['default-deny', 'x/a is isolated for ingress and no rule of tier default allows this connection'],
    ]);
  });

  it('says when a named port is declared only for another protocol, or the port differs', () => {
    expect(check('x/b', 'x/a', 'TCP', 8080).ingress.trace[1]!.reason).toContain(
      'named port "web" is declared on x/a only as UDP/8080, not for TCP',
    );
    expect(check('x/b', 'x/a', 'TCP', 81).ingress.trace[1]!.reason).toBe(
      'ingress rule 0 (from podSelector {app=b} in namespace x, named port web (TCP), named port http (TCP)): named port "web" is declared on x/a only as UDP/8080, not for TCP; port mismatch: the rule covers named port web (TCP), named port http (TCP), not TCP/81',
    );
  });

  it('treats a pod reaching itself as loopback and an outside address as not evaluated', () => {
    expect(check('x/a', 'x/a', 'UDP', 9)).toMatchObject({ allowed: true, ingress: { decision: 'allow' } });
    const fromOutside = check('192.0.2.1', '10.1.0.1', 'TCP', 80);
    expect(fromOutside).toMatchObject({
      allowed: false,
      egress: { decision: 'not-evaluated' },
      ingress: { decision: 'deny' },
    });
    expect(fromOutside.to.resolution).toBe('IP of Pod x/a');
  });
});
