// aksguard.yaml: project configuration, validated by src/load/config.ts.

import type { Severity } from './severity.js';

/** A rule switched off, or given another severity. */
export interface RuleSetting {
  readonly enabled: boolean;
  readonly severity?: Severity;
}

/** A suppression: findings of `rule` (optionally only on one resource or file) are reported as suppressed, with the justification. */
export interface ConfigSuppression {
  readonly rule: string;
  /** `namespace/Kind/name`, `Kind/name` or a cluster name; `*` matches any run of characters. */
  readonly resource?: string;
  /** A path as findings show it; `*` matches any run of characters. */
  readonly file?: string;
  readonly justification: string;
  /** ISO date (YYYY-MM-DD); from that day on the suppression no longer applies, and a warning says so. */
  readonly expires?: string;
  /** Line of the suppression in aksguard.yaml, for messages. */
  readonly line: number;
}

/** The whole configuration; every field optional in the file. */
export interface AksguardConfig {
  readonly file?: string;
  readonly failOn?: Severity;
  readonly granularity?: 'pod' | 'workload' | 'namespace';
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly suppressions: readonly ConfigSuppression[];
}

/** The configuration when there is no file. */
export const EMPTY_CONFIG: AksguardConfig = { rules: {}, suppressions: [] };
