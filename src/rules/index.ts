// Public API of rules: the catalogue (an explicit, sorted registry), the audit, and the rule types.
import { aksLimitAuthorizedRanges } from './aks/aks-limit-authorized-ranges.js';
import { aksNoAzureNpm } from './aks/aks-no-azure-npm.js';
import { aksNoBasicLoadBalancer } from './aks/aks-no-basic-load-balancer.js';
import { aksNoHttpApplicationRouting } from './aks/aks-no-http-application-routing.js';
import { aksNoKubeDashboard } from './aks/aks-no-kube-dashboard.js';
import { aksNoKubenet } from './aks/aks-no-kubenet.js';
import { aksNoLocalAccounts } from './aks/aks-no-local-accounts.js';
import { aksNoNodePublicIp } from './aks/aks-no-node-public-ip.js';
import { aksNoOpenAuthorizedRanges } from './aks/aks-no-open-authorized-ranges.js';
import { aksNoOpenServiceMesh } from './aks/aks-no-open-service-mesh.js';
import { aksNoPodIdentity } from './aks/aks-no-pod-identity.js';
import { aksNoPodIdentityOnKubenet } from './aks/aks-no-pod-identity-on-kubenet.js';
import { aksNoRunCommand } from './aks/aks-no-run-command.js';
import { aksPreferCniOverlay } from './aks/aks-prefer-cni-overlay.js';
import { aksPreferKubeAuditAdmin } from './aks/aks-prefer-kube-audit-admin.js';
import { aksPreferPrivateCluster } from './aks/aks-prefer-private-cluster.js';
import { aksRequireApiServerRestriction } from './aks/aks-require-api-server-restriction.js';
import { aksRequireAuditLogs } from './aks/aks-require-audit-logs.js';
import { aksRequireAutoUpgrade } from './aks/aks-require-auto-upgrade.js';
import { aksRequireAzurePolicy } from './aks/aks-require-azure-policy.js';
import { aksRequireAzureRbac } from './aks/aks-require-azure-rbac.js';
import { aksRequireCriticalAddonsOnly } from './aks/aks-require-critical-addons-only.js';
import { aksRequireDefaultRouteToFirewall } from './aks/aks-require-default-route-to-firewall.js';
import { aksRequireDefender } from './aks/aks-require-defender.js';
import { aksRequireDiskEncryptionSet } from './aks/aks-require-disk-encryption-set.js';
import { aksRequireEgressFiltering } from './aks/aks-require-egress-filtering.js';
import { aksRequireEncryptionAtHost } from './aks/aks-require-encryption-at-host.js';
import { aksRequireEntraIntegration } from './aks/aks-require-entra-integration.js';
import { aksRequireFirewallEgressRules } from './aks/aks-require-firewall-egress-rules.js';
import { aksRequireImageCleaner } from './aks/aks-require-image-cleaner.js';
import { aksRequireKeyVaultSecretsProvider } from './aks/aks-require-key-vault-secrets-provider.js';
import { aksRequireKmsEtcdEncryption } from './aks/aks-require-kms-etcd-encryption.js';
import { aksRequireKubeletIdentity } from './aks/aks-require-kubelet-identity.js';
import { aksRequireKubernetesRbac } from './aks/aks-require-kubernetes-rbac.js';
import { aksRequireManagedIdentity } from './aks/aks-require-managed-identity.js';
import { aksRequireMinMaxPods } from './aks/aks-require-min-max-pods.js';
import { aksRequireMonitoring } from './aks/aks-require-monitoring.js';
import { aksRequireNetworkPolicy } from './aks/aks-require-network-policy.js';
import { aksRequirePublicFqdnWithPrivateDnsNone } from './aks/aks-require-public-fqdn-with-private-dns-none.js';
import { aksRequireSecretRotation } from './aks/aks-require-secret-rotation.js';
import { aksRequireSubnetCapacity } from './aks/aks-require-subnet-capacity.js';
import { aksRequireValidNetworkRanges } from './aks/aks-require-valid-network-ranges.js';
import { type AuditInput, type AuditOptions, type AuditResult, runRules } from './audit.js';
import { applyConfig } from './configure.js';
import type { Rule } from './define-rule.js';
import { k8sDropNetRaw } from './k8s/k8s-drop-net-raw.js';
import { k8sNoHostNetwork } from './k8s/k8s-no-host-network.js';
import { k8sNoHostPort } from './k8s/k8s-no-host-port.js';
import { k8sNoPrivileged } from './k8s/k8s-no-privileged.js';
import { k8sNoPublicLoadBalancer } from './k8s/k8s-no-public-load-balancer.js';
import { k8sNoSecretsInEnv } from './k8s/k8s-no-secrets-in-env.js';
import { k8sNoServiceAccountTokenAutomount } from './k8s/k8s-no-service-account-token-automount.js';
import { k8sNoSourceRangesWithServiceTags } from './k8s/k8s-no-source-ranges-with-service-tags.js';
import { k8sRequireDefaultDeny } from './k8s/k8s-require-default-deny.js';
import { k8sRequireInternalLbSubnet } from './k8s/k8s-require-internal-lb-subnet.js';
import { k8sRequireNetworkPolicyCoverage } from './k8s/k8s-require-network-policy-coverage.js';
import { k8sRequireStrictMtls } from './k8s/k8s-require-strict-mtls.js';
import { k8sRequireWafForPublicHttp } from './k8s/k8s-require-waf-for-public-http.js';
import { netpolAllowDnsEgress } from './netpol/netpol-allow-dns-egress.js';
import { netpolNoAllowAll } from './netpol/netpol-no-allow-all.js';
import { netpolNoContradictorySelector } from './netpol/netpol-no-contradictory-selector.js';
import { netpolNoRedundant } from './netpol/netpol-no-redundant.js';
import { netpolNoShadowedRule } from './netpol/netpol-no-shadowed-rule.js';
import { netpolNoUnexposedPort } from './netpol/netpol-no-unexposed-port.js';
import { netpolNoUnmatchedSelector } from './netpol/netpol-no-unmatched-selector.js';

/** Every rule, sorted by id. A rule is added here and nowhere else. */
export const RULES: readonly Rule[] = [
  aksLimitAuthorizedRanges,
  aksNoAzureNpm,
  aksNoBasicLoadBalancer,
  aksNoHttpApplicationRouting,
  aksNoKubeDashboard,
  aksNoKubenet,
  aksNoLocalAccounts,
  aksNoNodePublicIp,
  aksNoOpenAuthorizedRanges,
  aksNoOpenServiceMesh,
  aksNoPodIdentity,
  aksNoPodIdentityOnKubenet,
  aksNoRunCommand,
  aksPreferCniOverlay,
  aksPreferKubeAuditAdmin,
  aksPreferPrivateCluster,
  aksRequireApiServerRestriction,
  aksRequireAuditLogs,
  aksRequireAutoUpgrade,
  aksRequireAzurePolicy,
  aksRequireAzureRbac,
  aksRequireCriticalAddonsOnly,
  aksRequireDefaultRouteToFirewall,
  aksRequireDefender,
  aksRequireDiskEncryptionSet,
  aksRequireEgressFiltering,
  aksRequireEncryptionAtHost,
  aksRequireEntraIntegration,
  aksRequireFirewallEgressRules,
  aksRequireImageCleaner,
  aksRequireKeyVaultSecretsProvider,
  aksRequireKmsEtcdEncryption,
  aksRequireKubeletIdentity,
  aksRequireKubernetesRbac,
  aksRequireManagedIdentity,
  aksRequireMinMaxPods,
  aksRequireMonitoring,
  aksRequireNetworkPolicy,
  aksRequirePublicFqdnWithPrivateDnsNone,
  aksRequireSecretRotation,
  aksRequireSubnetCapacity,
  aksRequireValidNetworkRanges,
  k8sDropNetRaw,
  k8sNoHostNetwork,
  k8sNoHostPort,
  k8sNoPrivileged,
  k8sNoPublicLoadBalancer,
  k8sNoSecretsInEnv,
  k8sNoServiceAccountTokenAutomount,
  k8sNoSourceRangesWithServiceTags,
  k8sRequireDefaultDeny,
  k8sRequireInternalLbSubnet,
  k8sRequireNetworkPolicyCoverage,
  k8sRequireStrictMtls,
  k8sRequireWafForPublicHttp,
  netpolAllowDnsEgress,
  netpolNoAllowAll,
  netpolNoContradictorySelector,
  netpolNoRedundant,
  netpolNoShadowedRule,
  netpolNoUnexposedPort,
  netpolNoUnmatchedSelector,
];

/** The rule with an id, if any. */
export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

/** Audits clusters and Kubernetes objects with the catalogue (or `options.rules`). Pure: no I/O. */
export function audit(input: AuditInput, options: AuditOptions = {}): AuditResult {
  const result = runRules(input, options.rules ?? RULES, RULES);
  const { configuration } = options;
  return configuration ? applyConfig(result, configuration.config, RULES, configuration.today) : result;
}

export type { AuditInput, AuditOptions, AuditResult, Finding, FindingResource } from './audit.js';
export { CLUSTER_KIND, hasFindingsAtOrAbove, sortFindings } from './audit.js';
export { applyConfig, suppresses } from './configure.js';
export type { ClusterTarget, MessageData, ObjectTarget, ReportTarget, RuleContext } from './context.js';
export { CANNOT_TELL } from './context.js';
export type {
  ClusterRemediation,
  ExpectedReport,
  ManifestRemediation,
  Rule,
  RuleCategory,
  RuleDefinition,
  RuleDocs,
  RuleExamples,
  Severity,
} from './define-rule.js';
export {
  defineRule,
  formatMessage,
  isClusterRemediation,
  isSeverity,
  RULE_CATEGORIES,
  SEVERITIES,
  severityRank,
} from './define-rule.js';
export type { EquivalentTool, RuleEquivalents } from './equivalents.js';
export { EQUIVALENT_DESCRIPTIONS, EQUIVALENT_TOOLS } from './equivalents.js';
export type { ContainerView, KubeObject, Workload } from './k8s-objects.js';
export type { Suppression } from './suppression.js';
export { SUPPRESS_ANNOTATION, SUPPRESS_TAG_PREFIXES } from './suppression.js';
