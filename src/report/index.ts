// Public API of report.
export * from './netpol-check.js';
export * from './netpol-matrix.js';
