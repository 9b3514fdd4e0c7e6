// End-to-end: the built CLI (`dist/cli/bin.js`) as a user runs it.
import { describe, expect, it } from 'vitest';
import { runBuiltCli } from '../support/run-cli.js';

describe('aksguard netpol (built CLI)', () => {
  it('prints the matrix JSON contract for one port, every ordered pair included', () => {
    const run = runBuiltCli([
      'netpol',
      'matrix',
      'examples/contoso',
      '--granularity',
      'pod',
      '--port',
      '5432/TCP',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'granularity', 'endpoints', 'connections']);
    expect(json.granularity).toBe('pod');
    expect(json.connections).toHaveLength(json.endpoints.length ** 2);
    const allowed = json.connections
      .filter((c: { allowed: boolean }) => c.allowed)
      .map((c: { from: string; to: string }) => `${c.from} → ${c.to}`);
    expect(allowed).toContain('contoso-api/Deployment/api → contoso-data/StatefulSet/postgres');
    expect(allowed).not.toContain('contoso-web/Deployment/frontend → contoso-data/StatefulSet/postgres');
  });

  it('lists port ranges per protocol without --port, only for pairs with something allowed', () => {
    const run = runBuiltCli(['netpol', 'matrix', 'examples/contoso', '--format', 'json']);
    const json = JSON.parse(run.stdout);
    expect(json.granularity).toBe('workload');
    expect(json.connections).toContainEqual({
      from: 'contoso-web/Deployment/frontend',
      to: 'kube-system/Deployment/coredns',
      allowed: [
        { protocol: 'TCP', ports: [[53, 53]] },
        { protocol: 'UDP', ports: [[53, 53]] },
      ],
    });
    expect(json.endpoints).toContainEqual({
      id: '0.0.0.0/0',
      namespace: '',
      name: '0.0.0.0/0',
      kind: 'External',
    });
  });

  it('explains a check as JSON with both directions', () => {
    const run = runBuiltCli([
      'netpol',
      'check',
      'examples/contoso',
      '--from',
      'contoso-web/Deployment/frontend',
      '--to',
      'contoso-data/StatefulSet/postgres',
      '--port',
      '5432/TCP',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      schemaVersion: 1,
      allowed: false,
      egress: { decision: 'deny' },
      ingress: { decision: 'deny' },
    });
    // The Calico GlobalNetworkPolicy in the default tier (no order: after the Kubernetes policies at 1000) denies.
    expect(json.ingress.trace.at(-1)).toMatchObject({
      result: 'deny',
      policy: { name: 'deny-frontend-to-data' },
    });
    expect(json.egress.trace.at(-1).result).toBe('default-deny');
  });

  it('marks the external side of a check as not evaluated', () => {
    const run = runBuiltCli([
      'netpol',
      'check',
      'examples/contoso',
      '--from',
      '203.0.113.9',
      '--to',
      'ingress-nginx/Deployment/ingress-nginx-controller',
      '--port',
      '443/TCP',
      '--format',
      'json',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({
      allowed: true,
      egress: { decision: 'not-evaluated' },
      ingress: { decision: 'allow' },
    });
  });

  it('exits 2 with positions for an invalid policy, and still prints the matrix', () => {
    const run = runBuiltCli([
      'netpol',
      'matrix',
      'test/golden/netpol/invalid-policy/input',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /aksguard: error: NetworkPolicy app\/bad-ports: endPort may not be specified when port is non-numeric \(test\/golden\/netpol\/invalid-policy\/input\/policies\.yaml:18:24\)/,
    );
    expect(JSON.parse(run.stdout).endpoints.map((e: { id: string }) => e.id)).toContain('app/api');
  });

  it('exits 2 on what the API server refuses beyond the spec rules: unknown fields, bad labels, IPv4-mapped CIDRs, old versions', () => {
    const stdin = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: typo, namespace: app, labels: {tier: "-x"}}',
      'spec:',
      '  podSelector: {}',
      '  ingress:',
      '    - from: [{podSelector: {}, namespaceselector: {}}]',
      '  egress:',
      '    - to: [{ipBlock: {cidr: "::ffff:10.0.0.0/104"}}]',
      '---',
      'apiVersion: extensions/v1beta1',
      'kind: NetworkPolicy',
      'metadata: {name: old, namespace: app}',
      'spec: {podSelector: {}}',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a, namespace: app}',
      'spec: {containers: [{name: a}]}',
    ].join('\n');
    const run = runBuiltCli(['netpol', 'check', '-', '--from', 'app/a', '--to', 'app/a', '--port', '80'], {
      stdin,
    });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('aksguard: error:'))).toEqual([
      `aksguard: error: NetworkPolicy app/typo: invalid label value "-x": at most 63 alphanumeric characters, '-', '_' or '.', starting and ending alphanumeric (-:3:49)`,
      'aksguard: error: NetworkPolicy app/typo: unknown field "namespaceselector" (known: podSelector, namespaceSelector, ipBlock) (-:7:32)',
      'aksguard: error: NetworkPolicy app/typo: "::ffff:10.0.0.0/104" must not have an IPv4-mapped IPv6 address (write the IPv4 block) (-:9:23)',
      'aksguard: error: NetworkPolicy app/old: apiVersion "extensions/v1beta1" is not served for NetworkPolicy (only networking.k8s.io/v1; extensions/v1beta1 was removed in Kubernetes 1.16) (-:11:1)',
    ]);
  });

  it('rejects a bad --port, an unknown endpoint and an unknown granularity with exit 2', () => {
    expect(runBuiltCli(['netpol', 'matrix', 'examples/contoso', '--port', '80/ICMP'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown protocol'),
    });
    expect(
      runBuiltCli(['netpol', 'check', 'examples/contoso', '--from', 'nope/x', '--to', 'x/y', '--port', '80']),
    ).toMatchObject({ code: 2, stderr: expect.stringContaining('no endpoint "nope/x"') });
    expect(runBuiltCli(['netpol', 'matrix', 'examples/contoso', '--granularity', 'node']).code).toBe(2);
  });

  it('reads standard input and places objects without a namespace in --namespace', () => {
    const stdin = [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: a}}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: {app: b}}',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {matchLabels: {app: b}}}',
    ].join('\n---\n');
    const run = runBuiltCli(
      [
        'netpol',
        'matrix',
        '-',
        '-n',
        'team',
        '--granularity',
        'pod',
        '--port',
        '80/TCP',
        '--format',
        'csv',
        '-q',
      ],
      { stdin },
    );
    expect(run.stdout).toBe(
      'from,to,protocol,port,allowed\nteam/a,team/a,TCP,80,true\nteam/a,team/b,TCP,80,false\nteam/b,team/a,TCP,80,true\nteam/b,team/b,TCP,80,true\n',
    );
  });
});
