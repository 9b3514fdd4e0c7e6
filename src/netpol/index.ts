// Public API of netpol: endpoints, the intermediate form, the Kubernetes compiler, evaluation, matrix and check.

export * from './analysis.js';
export * from './check.js';
export * from './dialects/kubernetes.js';
export * from './diff.js';
export * from './endpoints.js';
export * from './evaluate.js';
export * from './exposure.js';
export * from './ir.js';
export * from './label-selector.js';
export * from './lint-queries.js';
export * from './matrix.js';
export * from './peers.js';
export * from './ports.js';
// Dialect selector languages (Calico selectors, Cilium DNS names).
export type { SelectorLabels } from './selector/calico/ast.js';
export { type CalicoSelector, parseCalicoSelector } from './selector/calico/parser.js';
export { CalicoSelectorError } from './selector/calico/tokenizer.js';
export { matchesFqdnName, matchesFqdnPattern } from './selector/cilium-fqdn.js';
export * from './selector.js';
