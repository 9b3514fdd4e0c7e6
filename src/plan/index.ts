// Public API of plan: size an AKS cluster's network per plugin, check its ranges, recommend a plugin.
export {
  AKS_DEFAULTS,
  AKS_REFUSED_RANGES,
  checkNetwork,
  type ParsedNetwork,
  type PlanRange,
  parseNetwork,
  VNET_UNUSABLE_RANGES,
} from './checks.js';
export { planNetwork } from './plan.js';
export {
  type Checked,
  CIDR_NETWORK_KEYS,
  checkCidr,
  checkConnectedName,
  checkCount,
  checkIp,
  checkMaxSurge,
  checkPlugin,
  locateProblems,
  NETWORK_KEYS,
  PLAN_KEYS,
  type PlanFileResult,
  REQUIREMENT_KEYS,
  readPlanDocument,
  subjectPointer,
} from './plan-file.js';
export { AZURE_NPM_LIMITS, recommendPlugin } from './recommend.js';
export {
  AZURE_CNI_DEFAULT_MAX_PODS,
  countNodes,
  DEFAULT_MAX_SURGE,
  resolveMaxSurge,
  type SizingInput,
  sizeAzureCni,
  sizeAzureCniCilium,
  sizeAzureCniDynamic,
  sizeAzureCniOverlay,
  sizeKubenet,
} from './sizing.js';
export { minimumRangePrefix, minimumSubnetPrefix } from './subnets.js';
export * from './types.js';
