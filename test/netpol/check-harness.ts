// Answers `netpol check` questions on inline YAML through the engine, for dialect scenario tests.
import type { Protocol } from '../../src/model/endpoint.js';
import { analyzeNetworkPolicies } from '../../src/netpol/analysis.js';
import { checkConnection, resolvePeer } from '../../src/netpol/check.js';
import { documentsFromYaml } from '../support/documents.js';

/** The verdict of one check, as the JSON contract reports it. */
export interface CheckAnswer {
  readonly allowed: boolean;
  readonly egress: string;
  readonly ingress: string;
}

/** Builds a checker for the given YAML; errors in the input fail the test. */
export function checker(yaml: string): {
  check: (from: string, to: string, port: number, protocol?: Protocol) => CheckAnswer;
  diagnostics: ReturnType<typeof analyzeNetworkPolicies>['diagnostics'];
  trace: (from: string, to: string, port: number, protocol?: Protocol) => string[];
} {
  const analysis = analyzeNetworkPolicies(documentsFromYaml(yaml));
  const run = (from: string, to: string, port: number, protocol: Protocol = 'TCP') => {
    const a = resolvePeer(from, analysis.inventory, analysis.hostPeers);
    const b = resolvePeer(to, analysis.inventory, analysis.hostPeers);
    if ('error' in a) throw new Error(a.error);
    if ('error' in b) throw new Error(b.error);
    return checkConnection(analysis.model, a, b, protocol, port);
  };
  return {
    diagnostics: analysis.diagnostics,
    check: (from, to, port, protocol) => {
      const result = run(from, to, port, protocol);
      return { allowed: result.allowed, egress: result.egress.decision, ingress: result.ingress.decision };
    },
    trace: (from, to, port, protocol) => {
      const result = run(from, to, port, protocol);
      return [...result.egress.trace, ...result.ingress.trace].map(
        (s) =>
          `${s.tier} ${s.policy ? `${s.policy.kind}/${s.policy.name}` : '-'}${s.rule !== undefined ? `#${s.rule}` : ''} ${s.result}`,
      );
    },
  };
}

/** Pods `ns/name` with labels, each in its namespace (namespaces declared with a `team` label = ns name). */
export function pods(...specs: [string, Record<string, string>, string?][]): string {
  const namespaces = [...new Set(specs.map(([id]) => id.split('/')[0]!))];
  const docs = namespaces.map(
    (ns) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    team: ${ns}\n`,
  );
  specs.forEach(([id, labels, ip], i) => {
    const [ns, name] = id.split('/');
    const labelText = Object.entries(labels)
      .map(([k, v]) => `\n    ${k}: "${v}"`)
      .join('');
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels:${labelText || ' {}'}\nspec:\n  containers:\n  - name: c\n    image: x\n    ports:\n    - name: http\n      containerPort: 8080\nstatus:\n  podIP: ${ip ?? `10.244.0.${i + 10}`}\n`,
    );
  });
  return docs.join('---\n');
}
