// Reports Istio meshes that accept plain-text traffic: no STRICT PeerAuthentication, or one that weakens it.
import { isUnknown } from '../../model/cluster.js';
import { clusterData } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';
import { dig, type KubeObject } from '../k8s-objects.js';

/** Istio's root namespace: `aks-istio-system` for the AKS add-on, `istio-system` upstream. */
const ROOT_NAMESPACES = new Set(['aks-istio-system', 'istio-system']);
const WEAK_MODES = new Set(['PERMISSIVE', 'DISABLE']);

function isPeerAuthentication(object: KubeObject): boolean {
  return object.kind === 'PeerAuthentication' && object.apiVersion.startsWith('security.istio.io/');
}

/** A PeerAuthentication without a selector applies to its whole namespace (mesh-wide in the root namespace). */
function isStrictWithoutSelector(object: KubeObject): boolean {
  return (
    dig(object.value, 'spec', 'selector') === undefined &&
    dig(object.value, 'spec', 'mtls', 'mode') === 'STRICT'
  );
}

/** A Namespace enrolled in the mesh by sidecar injection (`istio-injection=enabled`, or a revision label as the AKS add-on uses). */
function isMeshNamespace(object: KubeObject): boolean {
  return (
    object.kind === 'Namespace' &&
    (object.labels['istio-injection'] === 'enabled' || 'istio.io/rev' in object.labels)
  );
}

export const k8sRequireStrictMtls = defineRule({
  id: 'k8s-require-strict-mtls',
  title: 'Enforce STRICT mutual TLS in the service mesh',
  category: 'identity',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports Istio meshes without a STRICT `PeerAuthentication` (mesh-wide or per enrolled namespace), and PeerAuthentications that allow plain text.',
    rationale: dedent`
      The talk's reason for a mesh: "Customers require service to service communication to be encrypted and
      authenticated" — "Secure service to service communication – mTLS". Istio starts in PERMISSIVE mode: sidecars
      accept plain text as well as mTLS, so any pod outside the mesh (or an attacker on the network) can still talk
      to the services unauthenticated. Only a STRICT PeerAuthentication makes mTLS a guarantee, and only then do
      AuthorizationPolicies based on service identities mean anything.

      **What changed since 2021.** The managed mesh is now the Istio add-on (Open Service Mesh is retiring, see
      \`aks-no-open-service-mesh\`); its root namespace is \`aks-istio-system\`, where a PeerAuthentication without a
      selector applies mesh-wide.
    `,
    remediation: {
      kubernetes: dedent`
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: default
          namespace: aks-istio-system
        spec:
          mtls:
            mode: STRICT
      `,
    },
    references: [
      'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
      'https://learn.microsoft.com/azure/aks/istio-security-policy',
    ],
  },
  equivalents: {},
  messages: {
    weakened: 'PeerAuthentication {{name}} sets mTLS mode {{mode}}: plain-text traffic is accepted.',
    namespaceNotStrict:
      'Namespace {{name}} is in the mesh but neither it nor the mesh root has a STRICT PeerAuthentication: its services accept plain text.',
    meshNotStrict:
      'Cluster {{cluster}} runs the Istio add-on without a mesh-wide STRICT PeerAuthentication in aks-istio-system: services accept plain text.',
  },
  examples: {
    valid: [
      dedent`
        name: meshed
        type: Microsoft.ContainerService/ManagedClusters
        serviceMeshProfile:
          mode: Istio
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: default
          namespace: aks-istio-system
        spec:
          mtls:
            mode: STRICT
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: meshed
          type: Microsoft.ContainerService/ManagedClusters
          serviceMeshProfile:
            mode: Istio
          ---
          apiVersion: v1
          kind: Namespace
          metadata:
            name: shop
            labels:
              istio.io/rev: asm-1-25
          ---
          apiVersion: security.istio.io/v1
          kind: PeerAuthentication
          metadata:
            name: legacy-clients
            namespace: shop
          spec:
            selector:
              matchLabels:
                app: api
            mtls:
              mode: PERMISSIVE
        `,
        reports: [
          { messageId: 'meshNotStrict', line: 4 },
          { messageId: 'namespaceNotStrict', line: 10 },
          { messageId: 'weakened', line: 23 },
        ],
      },
    ],
  },
  check(ctx) {
    const peerAuthentications = ctx.objects.filter(isPeerAuthentication);
    for (const object of peerAuthentications) {
      const mode = dig(object.value, 'spec', 'mtls', 'mode');
      if (typeof mode === 'string' && WEAK_MODES.has(mode))
        ctx.report('weakened', { object, pointer: '/spec/mtls/mode' }, { name: object.name, mode });
      const portLevel = dig(object.value, 'spec', 'portLevelMtls');
      if (portLevel !== null && typeof portLevel === 'object')
        for (const [port, setting] of Object.entries(portLevel)) {
          const portMode = dig(setting, 'mode');
          if (typeof portMode === 'string' && WEAK_MODES.has(portMode))
            ctx.report(
              'weakened',
              { object, pointer: `/spec/portLevelMtls/${port}/mode` },
              { name: object.name, mode: `${portMode} on port ${port}` },
            );
        }
    }
    const strictNamespaces = new Set(
      peerAuthentications.filter(isStrictWithoutSelector).map((o) => o.namespace ?? 'default'),
    );
    const meshWideStrict = [...strictNamespaces].some((ns) => ROOT_NAMESPACES.has(ns));
    if (meshWideStrict) return;
    for (const cluster of ctx.clusters) {
      const istio = cluster.addons.istio;
      if (isUnknown(istio)) ctx.cannotTell({ cluster, path: 'addons/istio' }, istio);
      else if (istio === true)
        ctx.report('meshNotStrict', { cluster, path: 'addons/istio' }, clusterData(cluster));
    }
    for (const namespace of ctx.objects.filter(isMeshNamespace)) {
      if (!strictNamespaces.has(namespace.name))
        ctx.report(
          'namespaceNotStrict',
          { object: namespace, pointer: '/metadata/labels' },
          { name: namespace.name },
        );
    }
  },
});
