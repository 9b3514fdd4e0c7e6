// Public API of netpol.

export type { SelectorLabels } from './selector/calico/ast.js';
export { type CalicoSelector, parseCalicoSelector } from './selector/calico/parser.js';
export { CalicoSelectorError } from './selector/calico/tokenizer.js';
export { matchesFqdnName, matchesFqdnPattern } from './selector/cilium-fqdn.js';
