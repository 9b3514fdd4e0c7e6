// `aksguard scan --format json`: the scan summary, the audit contract, the plans and the matrix summary (workloads,
// allowed pairs, who the internet reaches, namespaces without default deny). Pure.
import type { AllowedPorts } from '../netpol/matrix.js';
import { auditToJson } from './audit-json.js';
import { summarizeAudit } from './audit-summary.js';
import { exposureHeadline, type ScanResult } from './scan-summary.js';

/** Version of the scan JSON document. */
export const SCAN_SCHEMA_VERSION = 1;

/**
 * `{schemaVersion, inputs, summary, audit, plans, matrix}`: `audit` is exactly the `aksguard audit --format json`
 * contract and each plan exactly `aksguard plan --format json`'s; absent sections are `null`.
 */
export function renderScanJson(result: ScanResult): string {
  const exposure = result.exposure;
  return `${JSON.stringify(
    {
      schemaVersion: SCAN_SCHEMA_VERSION,
      inputs: result.inputs,
      summary: {
        headline: exposure ? exposureHeadline(exposure) : null,
        findings: result.audit ? summarizeAudit(result.audit) : null,
        reachableFromInternet: exposure?.reachableFromInternet.length ?? null,
        namespacesWithoutDefaultDeny: exposure?.namespacesWithoutDefaultDeny.length ?? null,
        planProblems: result.plans.reduce((n, p) => n + p.plan.problems.length, 0),
        ...(result.gate ? { failOn: result.gate.failOn, failed: result.gate.failed } : {}),
      },
      audit: result.audit ? auditToJson(result.audit) : null,
      plans: result.plans.map((p) => ({ file: p.file, plan: p.plan })),
      matrix: exposure
        ? {
            granularity: 'workload',
            workloads: exposure.workloads,
            allowedPairs: exposure.allowedPairs,
            namespaces: exposure.namespaces,
            reachableFromInternet: exposure.reachableFromInternet.map((r) => ({
              id: r.endpoint.id,
              namespace: r.endpoint.namespace,
              name: r.endpoint.name,
              kind: r.endpoint.kind,
              allowed: ports(r.ports),
            })),
            namespacesWithoutDefaultDeny: exposure.namespacesWithoutDefaultDeny,
          }
        : null,
    },
    null,
    2,
  )}\n`;
}

function ports(allowed: readonly AllowedPorts[]) {
  return allowed.map((a) => ({ protocol: a.protocol, ports: a.ports.map(([first, last]) => [first, last]) }));
}
