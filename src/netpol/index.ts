// Public API of netpol: endpoints, the intermediate form, the Kubernetes compiler, evaluation, matrix and check.

export * from './analysis.js';
export * from './check.js';
export * from './dialects/kubernetes.js';
export * from './endpoints.js';
export * from './evaluate.js';
export * from './ir.js';
export * from './label-selector.js';
export * from './matrix.js';
export * from './peers.js';
export * from './ports.js';
export * from './selector.js';
