// The library API: the same pure cores the CLI uses.

export type { DocumentKind, InputDocument, LoadedInputs } from './load/index.js';
export { readInputs } from './load/index.js';
export type { Cluster, Known, UnknownValue } from './model/cluster.js';
export { isUnknown } from './model/cluster.js';
export type { Diagnostic } from './model/diagnostic.js';
export type { SourceRef } from './model/source.js';
export type { Cidr, IpAddress, IpFamily } from './net/ip.js';
export { formatCidr, formatIp, parseCidr, parseIp } from './net/ip.js';
export { IpSet } from './net/ip-set.js';
export * from './netpol/index.js';
export * from './plan/index.js';
export * from './report/index.js';
export * from './rules/index.js';
export { VERSION } from './version.js';
