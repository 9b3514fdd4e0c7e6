// Public API of netpol: endpoints, the intermediate form, compilers, evaluation, matrix and check.
export * from './endpoints.js';
export * from './ir.js';
export * from './peers.js';
export * from './selector.js';
