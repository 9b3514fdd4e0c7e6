// DNS-name matching for Cilium `toFQDNs` and L7 DNS rules, as cilium/pkg/fqdn/matchpattern decides it:
// `*` matches any run of DNS characters within one label, a leading `**.` matches one or more whole labels,
// a pattern of only `*`s matches every name, and names and patterns are compared lower-cased as FQDNs.

/** Cilium's MaxFQDNLength: matchName and matchPattern may not be longer. */
export const MAX_FQDN_LENGTH = 255;

// The characters a wildcard may stand for (matchpattern.allowedDNSCharsREGroup).
const DNS_CHAR = '[-a-zA-Z0-9_]';
// Characters Cilium accepts in a matchPattern (matchpattern.isAllowedPatternChar).
const PATTERN_CHARS = /^[-a-zA-Z0-9_.*]*$/;
// What the CRD schema admits (api.FQDNMatchNameRegexString / FQDNMatchPatternRegexString).
const MATCH_NAME_SCHEMA = /^([-a-zA-Z0-9_]+[.]?)+$/;
const MATCH_PATTERN_SCHEMA = /^([-a-zA-Z0-9_*]+[.]?)+$/;

/** Why a matchName or matchPattern is rejected, or undefined when Cilium accepts it (CRD schema and agent checks). */
export function fqdnSelectorProblem(field: 'matchName' | 'matchPattern', value: string): string | undefined {
  if (value.trim().length > MAX_FQDN_LENGTH) return `${field} must be at most ${MAX_FQDN_LENGTH} characters`;
  const schema = field === 'matchName' ? MATCH_NAME_SCHEMA : MATCH_PATTERN_SCHEMA;
  if (!schema.test(value)) {
    return field === 'matchName'
      ? 'matchName may contain only letters, digits, "-", "_" and single "." between labels'
      : 'matchPattern may contain only letters, digits, "-", "_", "*" and single "." between labels';
  }
  return undefined;
}

/** A DNS name as Cilium's proxy compares it: lower-cased, with the trailing root dot. */
export function normalizeDnsName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

// A pattern made only of `*`s (optionally with one trailing dot) matches every name (matchpattern.isDNSWildcard).
function isMatchAll(pattern: string): boolean {
  return /^\*+\.?$/.test(pattern);
}

const compiled = new Map<string, RegExp>();

/** The anchored regular expression Cilium builds for a matchPattern (matchpattern.ToAnchoredRegexp). */
export function fqdnPatternRegExp(pattern: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  if (!PATTERN_CHARS.test(pattern) || pattern.trim().length > MAX_FQDN_LENGTH) {
    throw new Error(
      `invalid Cilium matchPattern ${JSON.stringify(pattern)}: only 0-9, a-z, A-Z, ".", "-", "_" and "*" are allowed, at most ${MAX_FQDN_LENGTH} characters`,
    );
  }
  // Sanitize: lower-case and make fully qualified, except the match-all forms.
  let text = pattern.toLowerCase();
  let source: string;
  if (isMatchAll(text)) {
    source = `^(${DNS_CHAR}+[.])+$|^[.]$`;
  } else {
    if (!text.endsWith('.')) text += '.';
    let body = '';
    // A leading `**.` (two or more stars, then a dot) stands for one or more whole labels.
    const leading = /^\*{2,}\./.exec(text);
    if (leading) {
      body = `(${DNS_CHAR}+([.]${DNS_CHAR}+)*)[.]`;
      text = text.slice(leading[0].length);
    }
    // Elsewhere a run of stars is one wildcard within a label.
    body += text
      .split(/\*+/)
      .map((part) => part.replaceAll('.', '[.]'))
      .join(`${DNS_CHAR}*`);
    source = `^${body}$`;
  }
  const regexp = new RegExp(source);
  compiled.set(pattern, regexp);
  return regexp;
}

/**
 * Whether a Cilium `toFQDNs` (or DNS rule) `matchPattern` matches a DNS name, as Cilium decides it.
 * Case-insensitive; the trailing dot is optional on both sides. Throws on a pattern Cilium rejects.
 */
export function matchesFqdnPattern(pattern: string, name: string): boolean {
  return fqdnPatternRegExp(pattern).test(normalizeDnsName(name));
}

/** Whether a Cilium `matchName` selects a DNS name: exact, case-insensitive, trailing dot implied. */
export function matchesFqdnName(matchName: string, name: string): boolean {
  return normalizeDnsName(matchName) === normalizeDnsName(name);
}
