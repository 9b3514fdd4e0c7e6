// Errors the CLI reports as `aksguard: error: …` with exit code 2, never as a stack trace.
import type { SourceRef } from '../model/source.js';

/** A usage or input error: bad flag value, unreadable plan file, invalid CIDR. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly options: { readonly hint?: string; readonly source?: SourceRef } = {},
  ) {
    super(message);
    this.name = 'CliError';
  }
}
