import { describe, expect, it } from 'vitest';
import { checker, pods } from '../../../test/netpol/check-harness.js';

const PODS = pods(
  ['prod/web', { app: 'web' }],
  ['prod/db', { app: 'db', tier: 'data' }],
  ['dev/tool', { app: 'tool' }],
  ['dev/web', { app: 'web' }],
);

const SECURITY_TIER = `
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
`;

describe('Calico tiers, order and actions', () => {
  it('a Deny in an earlier tier wins over a Kubernetes allow in the default tier', () => {
    const { check } = checker(`${PODS}---${SECURITY_TIER}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.no-dev-to-prod}
spec:
  tier: security
  order: 10
  selector: projectcalico.org/namespace == "prod"
  ingress:
  - action: Deny
    source: {namespaceSelector: team == "dev"}
  - action: Pass
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: prod}
spec:
  podSelector: {}
  ingress: [{}]
`);
    expect(check('dev/tool', 'prod/db', 5432)).toEqual({ allowed: false, egress: 'allow', ingress: 'deny' });
    expect(check('prod/web', 'prod/db', 5432)).toEqual({ allowed: true, egress: 'allow', ingress: 'allow' });
  });

  it('end of tier: a tier whose policy selects the endpoint but does not decide denies (defaultAction Deny)', () => {
    const { check } = checker(`${PODS}---${SECURITY_TIER}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.db-only-from-web}
spec:
  tier: security
  selector: app == "db"
  ingress:
  - action: Allow
    source: {selector: app == "web"}
`);
    expect(check('prod/web', 'prod/db', 5432).allowed).toBe(true);
    expect(check('dev/web', 'prod/db', 5432).allowed).toBe(true);
    expect(check('dev/tool', 'prod/db', 5432)).toEqual({ allowed: false, egress: 'allow', ingress: 'deny' });
    // A tier that does not select the endpoint is invisible.
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(true);
  });

  it('Pass with no later applying tier goes to the profile, which allows', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100, defaultAction: Pass}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.pass-all}
spec:
  tier: security
  selector: all()
  types: [Ingress]
`);
    expect(check('dev/tool', 'prod/db', 5432).allowed).toBe(true);
  });

  it('a policy without order sorts after the Kubernetes policies (order 1000) of the default tier', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: deny-tool, namespace: prod}
spec:
  selector: all()
  ingress:
  - action: Deny
    source: {namespaceSelector: all(), selector: app == "tool"}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: deny-tool-first, namespace: prod}
spec:
  order: 999
  selector: app == "web"
  ingress:
  - action: Deny
    source: {namespaceSelector: all(), selector: app == "tool"}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: prod}
spec:
  podSelector: {}
  ingress: [{}]
`);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(false);
  });

  it('Log never decides; != and not in match endpoints without the label', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: untiered}
spec:
  order: 1
  selector: tier != "data"
  ingress:
  - action: Log
  - action: Deny
    source: {selector: 'app not in {"web"}'}
  - action: Allow
`);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(false);
    expect(check('dev/web', 'prod/web', 80).allowed).toBe(true);
    // prod/db has tier=data: not selected, open.
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(true);
  });

  it('types default to the directions that have rules', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: egress-only, namespace: dev}
spec:
  selector: app == "tool"
  egress:
  - action: Allow
    destination: {ports: [53], }
    protocol: UDP
`);
    expect(check('dev/tool', 'prod/web', 80)).toEqual({ allowed: false, egress: 'deny', ingress: 'allow' });
    expect(check('dev/tool', 'prod/web', 53, 'UDP').allowed).toBe(true);
    expect(check('prod/web', 'dev/tool', 80).allowed).toBe(true);
  });
});

describe('Calico rule matching', () => {
  it('namespaced selectors are limited to the policy namespace; a namespaced notSelector never matches external IPs', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db, namespace: prod}
spec:
  selector: app == "db"
  ingress:
  - action: Allow
    source: {selector: app == "web"}
  - action: Allow
    source: {notSelector: app == "web"}
`);
    expect(check('prod/web', 'prod/db', 5432).allowed).toBe(true);
    expect(check('dev/web', 'prod/db', 5432).allowed).toBe(false);
    expect(check('dev/tool', 'prod/db', 5432).allowed).toBe(false);
    expect(check('203.0.113.9', 'prod/db', 5432)).toEqual({
      allowed: false,
      egress: 'not-evaluated',
      ingress: 'deny',
    });
  });

  it('nets, notNets, ports, ranges, notPorts and named ports', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: web-in}
spec:
  selector: app == "web"
  ingress:
  - action: Allow
    protocol: TCP
    source: {nets: [203.0.113.0/24], notNets: [203.0.113.128/25]}
    destination: {ports: ["8000:8999"], notPorts: [8443]}
  - action: Allow
    source: {nets: [198.51.100.7]}
    destination: {ports: [http]}
`);
    expect(check('203.0.113.9', 'prod/web', 8080).allowed).toBe(true);
    expect(check('203.0.113.9', 'prod/web', 8443).allowed).toBe(false);
    expect(check('203.0.113.200', 'prod/web', 8080).allowed).toBe(false);
    expect(check('203.0.113.9', 'prod/web', 9000).allowed).toBe(false);
    expect(check('198.51.100.7', 'prod/web', 8080).allowed).toBe(true);
    expect(check('198.51.100.7', 'prod/web', 8081).allowed).toBe(false);
  });

  it('GlobalNetworkSets are selectable by label; namespaced NetworkSets only within scope', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: partners, labels: {role: partner}}
spec: {nets: [192.0.2.0/24]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: egress}
spec:
  selector: app == "tool"
  types: [Egress]
  egress:
  - action: Allow
    destination: {selector: role == "partner"}
`);
    expect(check('dev/tool', '192.0.2.10', 443)).toEqual({
      allowed: true,
      egress: 'allow',
      ingress: 'not-evaluated',
    });
    expect(check('dev/tool', '198.51.100.1', 443).allowed).toBe(false);
  });

  it('serviceAccounts and serviceAccountSelector match the pods running as those accounts', () => {
    const { check } = checker(`${pods(['prod/db', { app: 'db' }])}---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: prod, labels: {app: api}}
spec: {serviceAccountName: api-sa, containers: [{name: c, image: x}]}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db, namespace: prod}
spec:
  selector: app == "db"
  ingress:
  - action: Allow
    source: {serviceAccounts: {names: [api-sa]}}
`);
    expect(check('prod/api', 'prod/db', 5432).allowed).toBe(true);
  });

  it('a rule testing the policy own endpoint (ingress destination.selector) applies only to those endpoints', () => {
    const { check } = checker(`${PODS}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: prod-in}
spec:
  selector: projectcalico.org/namespace == "prod"
  ingress:
  - action: Allow
    destination: {selector: app == "web"}
`);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(true);
    expect(check('dev/tool', 'prod/db', 80).allowed).toBe(false);
  });
});

describe('Calico objects as kubectl get returns them (crd.projectcalico.org/v1)', () => {
  it('reads the CRD form like the projectcalico.org/v3 API', () => {
    const { check } = checker(`${PODS}---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: {name: default.deny-dev, resourceVersion: "123", uid: 0b1e}
spec:
  tier: default
  order: 10
  selector: projectcalico.org/namespace == "prod"
  types: [Ingress]
  ingress:
  - action: Deny
    source: {namespaceSelector: projectcalico.org/name == "dev"}
  - action: Allow
`);
    expect(check('dev/tool', 'prod/web', 80).allowed).toBe(false);
    expect(check('prod/db', 'prod/web', 80).allowed).toBe(true);
  });
});

describe('Calico Service matches', () => {
  it('an egress destination naming a Service reaches its pods on its target ports', () => {
    const { check } = checker(`${PODS}---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: prod}
spec:
  selector: {app: db}
  ports: [{port: 80, targetPort: 5432, protocol: TCP}]
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web-out, namespace: prod}
spec:
  selector: app == "web"
  types: [Egress]
  egress:
  - action: Allow
    destination:
      services: {name: db}
`);
    expect(check('prod/web', 'prod/db', 5432).allowed).toBe(true);
    expect(check('prod/web', 'prod/db', 80).allowed).toBe(false);
    expect(check('prod/web', 'dev/web', 5432).allowed).toBe(false);
  });
});

describe('Calico HostEndpoints', () => {
  const HEP = `${PODS}---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node1-eth0, labels: {role: node}}
spec: {node: node1, interfaceName: eth0, expectedIPs: [10.240.0.4]}
`;
  it('an IP in expectedIPs is that host endpoint; without policy only failsafe ports are open', () => {
    const { check } = checker(HEP);
    expect(check('dev/tool', '10.240.0.4', 22)).toEqual({ allowed: true, egress: 'allow', ingress: 'allow' });
    expect(check('dev/tool', '10.240.0.4', 8080)).toEqual({
      allowed: false,
      egress: 'allow',
      ingress: 'deny',
    });
  });

  it('a GlobalNetworkPolicy selecting the host endpoint decides', () => {
    const { check } = checker(`${HEP}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: node-in}
spec:
  selector: role == "node"
  ingress:
  - action: Allow
    protocol: TCP
    destination: {ports: [10250]}
`);
    expect(check('dev/tool', '10.240.0.4', 10250).allowed).toBe(true);
    expect(check('dev/tool', 'HostEndpoint/node1-eth0', 8080).allowed).toBe(false);
  });
});

describe('Calico validation', () => {
  it.each([
    ['selector: app == web', 'invalid-selector', 'at column 8'],
    ['ingress: [{action: Accept}]', 'invalid-action', 'action must be'],
    [
      'ingress: [{action: Allow, destination: {ports: [80]}}]',
      'invalid-port',
      'numeric ports require protocol',
    ],
    [
      'ingress: [{action: Allow, protocol: TCP, destination: {ports: ["90:80"]}}]',
      'invalid-port',
      'invalid port',
    ],
    ['ingress: [{action: Allow, source: {nets: [10.0.0.0/33]}}]', 'invalid-cidr', 'prefix'],
    ['egress: [{action: Allow, destination: {notNets: [0.0.0.0/0]}}]', 'invalid-not-nets', 'notNets'],
    ['types: [Inbound]', 'invalid-type', 'Ingress or Egress'],
    [
      'preDNAT: true\n  applyOnForward: true\n  egress: [{action: Allow}]',
      'invalid-host-flags',
      'ingress rules',
    ],
    ['doNotTrack: true', 'invalid-host-flags', 'applyOnForward'],
  ])('%s → %s', (specLine, code, message) => {
    const { diagnostics } = checker(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: bad}
spec:
  ${specLine}
`);
    const error = diagnostics.find((d) => d.severity === 'error');
    expect(error?.code).toBe(`calico-${code}`);
    expect(error?.message).toContain(message);
    expect(error?.source?.line).toBeGreaterThanOrEqual(4);
  });
});
