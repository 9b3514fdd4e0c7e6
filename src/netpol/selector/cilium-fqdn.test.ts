import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fqdnSelectorProblem, matchesFqdnName, matchesFqdnPattern, normalizeDnsName } from './cilium-fqdn.js';

// Pattern, names it must match, names it must not (cilium/pkg/fqdn/matchpattern tests plus the policy docs).
const PATTERN_TABLE: ReadonlyArray<[string, string[], string[]]> = [
  ['cilium.io.', ['cilium.io.', 'cilium.io', 'CILIUM.IO.'], ['', 'anysub.cilium.io.', 'anysub.ci.io.']],
  ['cilium.io', ['cilium.io.', 'Cilium.Io'], ['xcilium.io', 'cilium.io.com']],
  [
    '*.cilium.io.',
    ['anysub.cilium.io.', 'sub.cilium.io', 'a-b_c.cilium.io'],
    ['cilium.io.', 'a.b.cilium.io.', 'anysub.ciliumandmore.io.'],
  ],
  ['*.ci*.io.', ['anysub.cilium.io.', 'anysub.ci.io.', 'anysub.ciliumandmore.io.'], ['cilium.io.', 'ci.io']],
  [
    '*',
    [
      '.',
      'io.',
      'cilium.io.',
      'svc.cluster.local.',
      'service.namesace.svc.cluster.local.',
      '_foobar._tcp.cilium.io.',
      'api.github.com',
    ],
    ['.io.', '.cilium.io.', 'a..b.'],
  ],
  ['**', ['cilium.io.', '.'], ['.io.']],
  ['*.', ['cilium.io.', 'a.b.c.'], ['.io.']],
  ['_foobar._tcp.cilium.io.', ['_foobar._tcp.cilium.io.'], ['_tcp.cilium.io.', 'cilium.io.']],
  ['*.*.cilium.io.', ['_foobar._tcp.cilium.io.'], ['a.cilium.io.', 'a.b.c.cilium.io.']],
  ['part*ial.com', ['partial.com', 'part-extra-ial.com'], ['part.ial.com', 'partxial.com.au']],
  ['*cilium.io', ['cilium.io', 'xcilium.io'], ['www.cilium.io']],
  [
    'special*service.api.cilium.io',
    ['special-region1-service.api.cilium.io'],
    ['region1-service.api.cilium.io'],
  ],
  [
    '**.cilium.io.',
    ['anysub.cilium.io.', '_foobar._tcp.cilium.io.', 'sub11.sub22.sub33._foobar._tcp.cilium.io.'],
    ['cilium.io.', 'anysub.ci.io.', '.cilium.io.', 'a..cilium.io.'],
  ],
  [
    '**.ci*.io.',
    ['anysub.cilium.io.', 'anysub.ci.io.', '1.anysub.ciliumandmore.io.'],
    ['cilium.io.', 'service.namesace.svc..ciblaster.io.'],
  ],
  ['**.*.io.', ['anysub.cilium.io.', 'a.b.c.io.'], ['io.', 'cilium.io.', '..cilium.io.']],
  [
    '*.*.svc.cluster.local.',
    ['svc.namespace.svc.cluster.local.'],
    ['a.b.c.svc.cluster.local.', 'svc.cluster.local.'],
  ],
  // Only a leading `**.` spans labels; elsewhere a run of stars is one in-label wildcard.
  ['api.**.com', ['api.github.com', 'api..com'], ['api.x.y.com']],
  // Sanitised to the root name ".".
  ['', ['.', ''], ['a.']],
];

describe('matchesFqdnPattern', () => {
  it.each(PATTERN_TABLE)('%j', (pattern, matching, notMatching) => {
    for (const name of matching)
      expect({ name, matched: matchesFqdnPattern(pattern, name) }).toEqual({ name, matched: true });
    for (const name of notMatching)
      expect({ name, matched: matchesFqdnPattern(pattern, name) }).toEqual({ name, matched: false });
  });

  it.each(['a b.com', '*.cilium.io/', 'c[a]', 'x+y.com', '{a,b}.com', 'ü.com', 'a'.repeat(256)])(
    'rejects pattern %j',
    (pattern) => {
      expect(() => matchesFqdnPattern(pattern, 'a.com')).toThrow(/invalid Cilium matchPattern/);
    },
  );
});

describe('matchesFqdnName', () => {
  it.each([
    ['api.github.com', 'api.github.com.', true],
    ['API.GitHub.com.', 'api.github.com', true],
    ['api.github.com', 'github.com', false],
    ['api.github.com', 'x.api.github.com', false],
  ])('%j selects %j: %s', (matchName, name, expected) => {
    expect(matchesFqdnName(matchName, name)).toBe(expected);
  });
});

describe('fqdnSelectorProblem (CRD schema and agent checks)', () => {
  it.each([
    ['matchName', 'api.github.com', undefined],
    ['matchName', 'api.github.com.', undefined],
    ['matchName', '*.github.com', 'matchName may contain'],
    ['matchName', 'a..b', 'matchName may contain'],
    ['matchName', '', 'matchName may contain'],
    ['matchPattern', '*.github.com', undefined],
    ['matchPattern', '**.github.com', undefined],
    ['matchPattern', '*', undefined],
    ['matchPattern', '.', 'matchPattern may contain'],
    ['matchPattern', 'a b', 'matchPattern may contain'],
    ['matchPattern', `${'a'.repeat(256)}`, 'at most 255'],
  ] as const)('%s %j', (field, value, problem) => {
    const found = fqdnSelectorProblem(field, value);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

const label = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
const dnsName = fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.'));

describe('matchesFqdnPattern: properties', () => {
  it('a pattern without wildcards matches exactly its own name, ignoring case and the trailing dot', () => {
    fc.assert(
      fc.property(dnsName, dnsName, fc.boolean(), (pattern, name, dotted) => {
        const expected = normalizeDnsName(pattern) === normalizeDnsName(name);
        expect(matchesFqdnPattern(dotted ? `${pattern}.` : pattern, name.toUpperCase())).toBe(expected);
      }),
    );
  });

  it('"*." before a domain matches exactly one more label', () => {
    fc.assert(
      fc.property(dnsName, label, fc.array(label, { maxLength: 2 }), (domain, first, more) => {
        const name = [first, ...more, domain].join('.');
        expect(matchesFqdnPattern(`*.${domain}`, name)).toBe(more.length === 0);
        expect(matchesFqdnPattern(`*.${domain}`, domain)).toBe(false);
      }),
    );
  });

  it('"**." before a domain matches one or more labels, never the domain itself', () => {
    fc.assert(
      fc.property(dnsName, fc.array(label, { minLength: 1, maxLength: 3 }), (domain, prefix) => {
        expect(matchesFqdnPattern(`**.${domain}`, [...prefix, domain].join('.'))).toBe(true);
        expect(matchesFqdnPattern(`**.${domain}`, domain)).toBe(false);
      }),
    );
  });

  it('"*" matches every well-formed name', () => {
    fc.assert(fc.property(dnsName, (name) => matchesFqdnPattern('*', name)));
  });

  it('a star inside a label never crosses a dot', () => {
    fc.assert(
      fc.property(label, label, label, (left, middle, right) => {
        expect(matchesFqdnPattern(`${left}*${right}`, `${left}${middle}${right}`)).toBe(true);
        expect(matchesFqdnPattern(`${left}*${right}`, `${left}.${middle}.${right}`)).toBe(false);
      }),
    );
  });
});
