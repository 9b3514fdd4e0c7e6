// Dialect parity: the same intent written as Kubernetes NetworkPolicy, Calico and Cilium policies
// (examples/parity) gives the same matrix, in every granularity and for single ports.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const DIALECTS = ['kubernetes', 'calico', 'cilium'] as const;
const VIEWS: readonly (readonly string[])[] = [
  [],
  ['--granularity', 'pod'],
  ['--granularity', 'namespace'],
  ['--port', '8080/TCP'],
  ['--port', '9090/TCP'],
  ['--port', '443/TCP'],
];

describe('dialect parity (examples/parity)', () => {
  it.each(VIEWS.map((view) => [view.join(' ') || 'workload granularity', view] as const))(
    '%s: Kubernetes, Calico and Cilium give the same matrix',
    async (_name, view) => {
      const outputs = await Promise.all(
        DIALECTS.map(async (dialect) => {
          const result = await runCli([
            'netpol',
            'matrix',
            'examples/parity/workloads.yaml',
            `examples/parity/${dialect}`,
            ...view,
            '--format',
            'json',
          ]);
          expect(result.code, result.stderr).toBe(0);
          return JSON.parse(result.stdout) as unknown;
        }),
      );
      expect(outputs[1]).toEqual(outputs[0]);
      expect(outputs[2]).toEqual(outputs[0]);
    },
  );
});
