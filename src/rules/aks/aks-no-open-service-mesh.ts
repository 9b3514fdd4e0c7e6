// Reports clusters on the retiring Open Service Mesh add-on.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksNoOpenServiceMesh = defineRule({
  id: 'aks-no-open-service-mesh',
  title: 'Move off the Open Service Mesh add-on',
  category: 'add-ons',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports clusters with the Open Service Mesh (OSM) add-on, which AKS retires; the Istio add-on replaces it.',
    rationale: dedent`
      The talk's answer to "service to service communication to be encrypted and authenticated" was a service
      mesh, and Open Service Mesh was "the only Service Mesh solution which will be managed in AKS".

      **What changed since 2021.** OSM was archived upstream in 2023 and AKS support for the add-on ends on
      **2027-09-30**. The managed mesh is now the **Istio-based service mesh add-on** (GA 2024-02-26). After
      moving, enforce mTLS with a STRICT \`PeerAuthentication\` (see \`k8s-require-strict-mtls\`).
    `,
    remediation: {
      az: 'az aks disable-addons -g RESOURCE_GROUP -n CLUSTER --addons open-service-mesh && az aks mesh enable -g RESOURCE_GROUP -n CLUSTER',
      terraform: dedent`
        open_service_mesh_enabled = false
        service_mesh_profile {
          mode      = "Istio"
          revisions = ["asm-1-25"]
        }
      `,
      arm: dedent`
        "addonProfiles": { "openServiceMesh": { "enabled": false } },
        "serviceMeshProfile": { "mode": "Istio", "istio": { "revisions": ["asm-1-25"] } }
      `,
    },
    references: [
      'https://learn.microsoft.com/azure/aks/open-service-mesh-about',
      'https://learn.microsoft.com/azure/aks/istio-about',
    ],
  },
  equivalents: {},
  messages: {
    enabled:
      'Cluster {{cluster}} runs the Open Service Mesh add-on, retired on 2027-09-30; migrate to the Istio add-on.',
  },
  examples: {
    valid: [
      dedent`
        name: istio
        type: Microsoft.ContainerService/ManagedClusters
        serviceMeshProfile:
          mode: Istio
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: osm
          type: Microsoft.ContainerService/ManagedClusters
          addonProfiles:
            openServiceMesh:
              enabled: true
        `,
        reports: [{ messageId: 'enabled', line: 5 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      { path: 'addons/openServiceMesh', read: (c) => c.addons.openServiceMesh, absentMeans: false },
      false,
      'enabled',
    );
  },
});
