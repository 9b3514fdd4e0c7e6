// Public API of netpol: endpoints, the intermediate form, compilers, evaluation, matrix and check.
export * from './endpoints.js';
export * from './ir.js';
export * from './peers.js';
export * from './selector.js';
// Dialect selector languages (Calico selectors, Cilium DNS names).
export type { SelectorLabels } from './selector/calico/ast.js';
export { type CalicoSelector, parseCalicoSelector } from './selector/calico/parser.js';
export { CalicoSelectorError } from './selector/calico/tokenizer.js';
export { matchesFqdnName, matchesFqdnPattern } from './selector/cilium-fqdn.js';
