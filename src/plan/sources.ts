// Where each planning fact is documented; the planner names these in its explanations and limits.

const AKS_DOCS = 'https://learn.microsoft.com/azure/aks';

/** Documentation pages the planner cites (see reference/aks-facts.md for the dated copies read). */
export const SOURCES = {
  ipPlanning: `${AKS_DOCS}/concepts-network-ip-address-planning`,
  kubenet: `${AKS_DOCS}/configure-kubenet`,
  kubenetRetirement: 'https://github.com/Azure/AKS/issues/4859',
  legacyCni: `${AKS_DOCS}/concepts-network-legacy-cni`,
  podSubnet: `${AKS_DOCS}/concepts-network-azure-cni-pod-subnet`,
  dynamicAllocation: `${AKS_DOCS}/configure-azure-cni-dynamic-ip-allocation`,
  overlay: `${AKS_DOCS}/concepts-network-azure-cni-overlay`,
  cilium: `${AKS_DOCS}/azure-cni-powered-by-cilium`,
  cniOverview: `${AKS_DOCS}/concepts-network-cni-overview`,
  byoCni: `${AKS_DOCS}/use-byo-cni`,
  networkPolicies: `${AKS_DOCS}/use-network-policies`,
  internalLb: `${AKS_DOCS}/internal-lb`,
  largeScale: `${AKS_DOCS}/best-practices-performance-scale-large`,
  pricingTiers: `${AKS_DOCS}/free-standard-pricing-tiers`,
  vnetFaq: 'https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq',
  dockerBridgeRemoval: 'https://github.com/Azure/AKS/issues/3534',
} as const;
