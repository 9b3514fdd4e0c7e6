// The checks of other auditors that aksguard rules name as equivalents, as listed in the project's audit anchors
// (PSRule for Azure, Checkov, Trivy, kubescape; see docs/reference/audit-anchors.md and more-anchors.md). Typing the ids keeps them truthful.

/** PSRule for Azure rules (https://azure.github.io/PSRule.Rules.Azure/en/rules/<id>/). */
export const PSRULE_CHECKS = {
  'Azure.AKS.AuditAdmin': 'no diagnostic setting enables kube-audit (use kube-audit-admin)',
  'Azure.AKS.AuditLogs': 'diagnostic settings enable kube-audit or kube-audit-admin, and guard',
  'Azure.AKS.AuthorizedIPs': 'API server authorized IP ranges set; private clusters excluded',
  'Azure.AKS.AutoUpgrade': 'cluster auto-upgrade channel set and not none',
  'Azure.AKS.AzurePolicyAddOn': 'Azure Policy add-on enabled',
  'Azure.AKS.AzureRBAC': 'Azure RBAC for Kubernetes authorization enabled',
  'Azure.AKS.CNISubnetSize': 'Azure CNI cluster subnets are /23 or larger (exported data only)',
  'Azure.AKS.ContainerInsights': 'Container insights (omsAgent) enabled',
  'Azure.AKS.DefenderProfile': 'Defender security monitoring enabled',
  'Azure.AKS.HttpAppRouting': 'HTTP application routing add-on disabled',
  'Azure.AKS.LocalAccounts': 'local accounts disabled',
  'Azure.AKS.ManagedAAD': 'managed Entra ID (AAD) integration',
  'Azure.AKS.ManagedIdentity': 'cluster identity is a managed identity',
  'Azure.AKS.NetworkPolicy': 'network policy is azure or calico (cilium and none fail)',
  'Azure.AKS.NodeAutoUpgrade': 'node OS upgrade channel is SecurityPatch or NodeImage',
  'Azure.AKS.NodeMinPods': 'each pool has maxPods of at least 50',
  'Azure.AKS.PodIdentity': 'retired preview rule: pod identity only with Azure CNI',
  'Azure.AKS.SecretStore': 'Key Vault secrets provider add-on enabled',
  'Azure.AKS.SecretStoreRotation': 'secret rotation enabled when the secrets provider is',
  'Azure.AKS.StandardLB': 'Standard load balancer SKU',
  'Azure.AKS.UseRBAC': 'Kubernetes RBAC enabled',
} as const;

/** Checkov checks (Terraform and ARM for clusters, Kubernetes for manifests). */
export const CHECKOV_CHECKS = {
  CKV_AZURE_4: 'Azure Monitor logging (OMS agent) enabled',
  CKV_AZURE_5: 'Kubernetes RBAC enabled',
  CKV_AZURE_6: 'API server authorized IP ranges (Terraform: passes for private clusters)',
  CKV_AZURE_7: 'network policy set (any value)',
  CKV_AZURE_8: 'Kubernetes dashboard add-on disabled',
  CKV_AZURE_115: 'private cluster enabled',
  CKV_AZURE_116: 'Azure Policy add-on enabled',
  CKV_AZURE_117: 'disk encryption set configured',
  CKV_AZURE_141: 'local admin account disabled',
  CKV_AZURE_143: 'no public IPs on nodes',
  CKV_AZURE_168: 'maxPods of at least 50',
  CKV_AZURE_171: 'cluster auto-upgrade channel set and not none',
  CKV_AZURE_172: 'Secrets Store CSI secret rotation enabled',
  CKV_AZURE_227: 'encryption at host enabled on node pools',
  CKV_AZURE_232: 'only critical add-ons on the system node pool',
  CKV_AZURE_246: 'HTTP application routing disabled',
  CKV2_AZURE_29: 'Azure CNI network plugin',
  CKV_K8S_16: 'containers are not privileged',
  CKV_K8S_19: 'containers do not share the host network namespace',
  CKV_K8S_26: 'no hostPort',
  CKV_K8S_28: 'NET_RAW capability dropped',
  CKV_K8S_35: 'secrets as files rather than environment variables',
  CKV_K8S_38: 'service account tokens mounted only where necessary',
  CKV2_K8S_6: 'pods have an associated NetworkPolicy',
} as const;

/** Trivy misconfiguration checks (old `AVD-` prefixed ids are aliases). */
export const TRIVY_CHECKS = {
  'AZU-0040': 'OMS agent logging enabled',
  'AZU-0041': 'API server authorized IP ranges set; private clusters skipped',
  'AZU-0042': 'Kubernetes RBAC enabled',
  'AZU-0043': 'network policy set (any value)',
  'AZU-0065': 'private cluster enabled',
  'AZU-0066': 'Azure Policy add-on enabled',
  'AZU-0067': 'disk encryption set configured',
  'KSV-0009': 'hostNetwork not set',
  'KSV-0017': 'no privileged container',
  'KSV-0024': 'no hostPort',
} as const;

/** kubescape controls. */
export const KUBESCAPE_CONTROLS = {
  'C-0034': 'automatic mapping of service account tokens',
  'C-0041': 'hostNetwork access',
  'C-0044': 'container hostPort',
  'C-0057': 'privileged container',
  'C-0240': 'AKS network policy (cloud API)',
  'C-0241': 'AKS Azure RBAC (cloud API)',
  'C-0247': 'AKS control-plane endpoint access restricted (cloud API)',
  'C-0248': 'AKS private nodes (cloud API)',
  'C-0252': 'AKS private endpoint, public access disabled (cloud API)',
  'C-0256': 'external facing workloads (NodePort, LoadBalancer, Ingress)',
  'C-0260': 'missing network policy',
} as const;

export type PsruleId = keyof typeof PSRULE_CHECKS;
export type CheckovId = keyof typeof CHECKOV_CHECKS;
export type TrivyId = keyof typeof TRIVY_CHECKS;
export type KubescapeId = keyof typeof KUBESCAPE_CONTROLS;

/** The same check in other tools. */
export interface RuleEquivalents {
  readonly psrule?: readonly PsruleId[];
  readonly checkov?: readonly CheckovId[];
  readonly trivy?: readonly TrivyId[];
  readonly kubescape?: readonly KubescapeId[];
}

/** The tools, in the order reports list them. */
export const EQUIVALENT_TOOLS = ['psrule', 'checkov', 'trivy', 'kubescape'] as const;
export type EquivalentTool = (typeof EQUIVALENT_TOOLS)[number];

/** What each tool's check does, by id, for documentation. */
export const EQUIVALENT_DESCRIPTIONS: Readonly<Record<EquivalentTool, Readonly<Record<string, string>>>> = {
  psrule: PSRULE_CHECKS,
  checkov: CHECKOV_CHECKS,
  trivy: TRIVY_CHECKS,
  kubescape: KUBESCAPE_CONTROLS,
};
