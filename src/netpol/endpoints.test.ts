import { describe, expect, it } from 'vitest';
import { documentsFromYaml } from '../../test/support/documents.js';
import { buildEndpoints } from './endpoints.js';

describe('buildEndpoints', () => {
  it('reads pods and workload templates with namespace, labels, service account and named ports', () => {
    const { inventory, diagnostics } = buildEndpoints(
      documentsFromYaml(`
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: web}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api}}
    spec:
      serviceAccountName: api-sa
      containers:
        - name: c
          ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}, {containerPort: 9}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: report}}, spec: {containers: []}}}}}
`),
      { defaultNamespace: 'jobs' },
    );
    expect(inventory.endpoints.map((e) => [e.id, e.kind, e.serviceAccount, e.workload])).toEqual([
      ['jobs/CronJob/report', 'CronJob', 'default', { kind: 'CronJob', namespace: 'jobs', name: 'report' }],
      ['shop/Deployment/api', 'Deployment', 'api-sa', { kind: 'Deployment', namespace: 'shop', name: 'api' }],
    ]);
    expect(inventory.endpoints[1]!.namedPorts).toEqual([
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'http', port: 8080, protocol: 'TCP' },
    ]);
    expect(inventory.namespaces.get('shop')!.labels).toEqual({
      team: 'web',
      'kubernetes.io/metadata.name': 'shop',
    });
    expect(inventory.namespaces.get('jobs')).toMatchObject({
      declared: false,
      labels: { 'kubernetes.io/metadata.name': 'jobs' },
    });
    expect(diagnostics.map((d) => d.code)).toEqual(['namespace-not-declared']);
  });

  it('groups pods into their ReplicaSet, or its Deployment when that is in the inputs, drops their templates and finished pods', () => {
    const { inventory } = buildEndpoints(
      documentsFromYaml(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: a}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: []}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d9f-abcde
  namespace: a
  labels: {app: web, pod-template-hash: 5d9f}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d9f, controller: true, uid: u}]
status: {podIP: 10.0.0.5}
---
apiVersion: v1
kind: Pod
metadata:
  name: other-77-xyz
  namespace: a
  labels: {app: other, pod-template-hash: "77"}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: other-77, controller: true, uid: u}]
---
apiVersion: v1
kind: Pod
metadata: {name: lone, namespace: a}
spec: {hostNetwork: true}
---
apiVersion: v1
kind: Pod
metadata: {name: finished-job-pod, namespace: a}
status: {phase: Succeeded, podIP: 10.0.0.9}
`),
    );
    expect(inventory.endpoints.map((e) => [e.id, `${e.workload.kind}/${e.workload.name}`])).toEqual([
      ['a/lone', 'Pod/lone'],
      ['a/other-77-xyz', 'ReplicaSet/other-77'],
      ['a/web-5d9f-abcde', 'Deployment/web'],
    ]);
    expect(inventory.endpoints[2]!.ips).toEqual([{ family: 4, value: 0x0a000005n }]);
    expect(inventory.endpoints[0]!.hostNetwork).toBe(true);
  });

  it("keeps a pod with its owner as named, climbing only from a ReplicaSet to its Deployment (a Job's pod stays the Job's beside its CronJob)", () => {
    const { inventory } = buildEndpoints(
      documentsFromYaml(`
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: a}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: report}}, spec: {containers: []}}}}}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: report-29000000
  namespace: a
  ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: report, controller: true, uid: u}]
spec: {template: {metadata: {labels: {app: report}}, spec: {containers: []}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: report-29000000-x1
  namespace: a
  labels: {app: report}
  ownerReferences: [{apiVersion: batch/v1, kind: Job, name: report-29000000, controller: true, uid: u}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: a}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: []}}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-canary
  namespace: a
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true, uid: u}]
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: []}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-canary-x2
  namespace: a
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-canary, controller: true, uid: u}]
`),
    );
    expect(inventory.endpoints.map((e) => [e.id, `${e.workload.kind}/${e.workload.name}`])).toEqual([
      // The CronJob's template stands for its runs to come; the Job in the inputs climbs to it.
      ['a/CronJob/report', 'CronJob/report'],
      ['a/report-29000000-x1', 'Job/report-29000000'],
      ['a/web-canary-x2', 'Deployment/web'],
    ]);
  });
});
