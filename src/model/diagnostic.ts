import type { SourceRef } from './source.js';

/** How serious a diagnostic is: errors make the command exit 2, warnings are printed and the run goes on. */
export type DiagnosticSeverity = 'error' | 'warning';

/** A problem with the input itself (not a finding about the cluster): unreadable file, invalid YAML, invalid policy. */
export interface Diagnostic {
  readonly severity: DiagnosticSeverity;
  /** Stable kebab-case code, e.g. `yaml-syntax`, `file-too-large`, `invalid-cidr`. */
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly source?: SourceRef;
}

/** Builds an error diagnostic; the optional fields are only set when given, to satisfy exact optional types. */
export function errorDiagnostic(
  code: string,
  message: string,
  source?: SourceRef,
  hint?: string,
): Diagnostic {
  return makeDiagnostic('error', code, message, source, hint);
}

/** Builds a warning diagnostic. */
export function warningDiagnostic(
  code: string,
  message: string,
  source?: SourceRef,
  hint?: string,
): Diagnostic {
  return makeDiagnostic('warning', code, message, source, hint);
}

function makeDiagnostic(
  severity: DiagnosticSeverity,
  code: string,
  message: string,
  source?: SourceRef,
  hint?: string,
): Diagnostic {
  return {
    severity,
    code,
    message,
    ...(source ? { source } : {}),
    ...(hint ? { hint } : {}),
  };
}

/**
 * Sorts diagnostics by file, line, column, then code, so every output is deterministic, and drops exact repeats
 * (two engines that read the same document report the same problem once).
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics
    .filter((d) => {
      const key = JSON.stringify([
        d.severity,
        d.code,
        d.message,
        d.source?.file,
        d.source?.line,
        d.source?.column,
      ]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(
      (a, b) =>
        (a.source?.file ?? '').localeCompare(b.source?.file ?? '') ||
        (a.source?.line ?? 0) - (b.source?.line ?? 0) ||
        (a.source?.column ?? 0) - (b.source?.column ?? 0) ||
        a.code.localeCompare(b.code) ||
        a.message.localeCompare(b.message),
    );
}
