// `--fail-on SEVERITY` of audit and scan: a finding severity, or `none` to never fail on findings.
import { isSeverity, SEVERITIES, type Severity } from '../model/severity.js';
import { CliError } from './errors.js';

/** `--fail-on none`: findings never make the run exit 1. */
export const NEVER = 'none';

/** The values `--fail-on` takes, for help texts. */
export const FAIL_ON_VALUES: readonly string[] = [...SEVERITIES, NEVER];

/** Reads a `--fail-on` value, or throws a usage error naming the accepted values. */
export function parseFailOn(value: string): Severity | typeof NEVER {
  const lower = value.toLowerCase();
  if (lower === NEVER || isSeverity(lower)) return lower;
  throw new CliError(`unknown severity "${value}" for --fail-on`, {
    hint: `use one of: ${FAIL_ON_VALUES.join(', ')}`,
  });
}
