// The Calico and Cilium semantics fixes as users see them: through `aksguard netpol check|matrix --format json`.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const PODS = `apiVersion: v1
kind: Namespace
metadata: {name: prod}
---
apiVersion: v1
kind: Namespace
metadata: {name: dev}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: prod, labels: {app: db}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.244.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: tool, namespace: dev, labels: {app: tool}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.244.0.11}
`;

describe('dialect semantics through the CLI', () => {
  it('netpol check: Calico breaks a tie of order by policy name, so the NetworkPolicy a-allow runs first', async () => {
    const run = await runCli(
      [
        'netpol',
        'check',
        '-',
        '--from',
        'dev/tool',
        '--to',
        'prod/db',
        '--port',
        '80/TCP',
        '--format',
        'json',
      ],
      {
        stdin: `${PODS}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: b-deny}
spec: {order: 10, selector: app == "db", ingress: [{action: Deny}]}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: a-allow, namespace: prod}
spec: {order: 10, selector: app == "db", ingress: [{action: Allow}]}
`,
      },
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.allowed).toBe(true);
    const decided = json.ingress.trace.find((s: { result: string }) => s.result === 'allow');
    expect(decided.policy.name).toBe('a-allow');
  });

  it('netpol matrix: a Cilium rule combining two kinds of peer is rejected with its position, and the policy left out', async () => {
    const run = await runCli(
      ['netpol', 'matrix', '-', '--port', '80/TCP', '--granularity', 'pod', '--format', 'json'],
      {
        stdin: `${PODS}---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: mixed, namespace: prod}
spec:
  endpointSelector: {}
  ingress: [{fromEndpoints: [{}], fromCIDR: [10.0.0.0/8]}]
`,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /error: CiliumNetworkPolicy prod\/mixed: combining fromEndpoints and fromCIDR in one rule is not supported \(-:(\d+):(\d+)\)/,
    );
    const json = JSON.parse(run.stdout);
    expect(json.connections).toContainEqual({ from: 'dev/tool', to: 'prod/db', allowed: true });
  });
});
