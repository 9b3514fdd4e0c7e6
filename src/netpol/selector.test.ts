import { describe, expect, it } from 'vitest';
import { parseCidr } from '../net/ip.js';
import { IpSet } from '../net/ip-set.js';
import type { Selector } from './ir.js';
import { externalCidrPeer, fqdnPeer } from './peers.js';
import { matchesLabelTest, matchesSelector, selectorKey } from './selector.js';

const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.cidr;
};

describe('matchesLabelTest', () => {
  it('treats NotIn and absent as true when the label is missing, In and exists as false', () => {
    expect(matchesLabelTest({ op: 'notIn', key: 'a', values: ['x'] }, {})).toBe(true);
    expect(matchesLabelTest({ op: 'absent', key: 'a' }, {})).toBe(true);
    expect(matchesLabelTest({ op: 'in', key: 'a', values: ['x'] }, {})).toBe(false);
    expect(matchesLabelTest({ op: 'exists', key: 'a' }, { a: '' })).toBe(true);
    expect(matchesLabelTest({ op: 'in', key: 'toString', values: ['x'] }, {})).toBe(false);
  });
});

describe('matchesSelector on external peers', () => {
  const inside: Selector = { type: 'ipSet', set: IpSet.fromCidrs([cidr('10.0.0.0/8')]) };
  it('matches an external block inside the set, not one that straddles it', () => {
    expect(matchesSelector(inside, externalCidrPeer(cidr('10.1.0.0/16')))).toBe(true);
    expect(matchesSelector(inside, externalCidrPeer(cidr('0.0.0.0/0')))).toBe(false);
  });
  it('matches an FQDN only with a set covering a whole family, and the world entity', () => {
    expect(matchesSelector(inside, fqdnPeer('example.com'))).toBe(false);
    expect(
      matchesSelector({ type: 'ipSet', set: IpSet.fromCidrs([cidr('0.0.0.0/0')]) }, fqdnPeer('example.com')),
    ).toBe(true);
    expect(matchesSelector({ type: 'entity', entity: 'world' }, fqdnPeer('example.com'))).toBe(true);
    expect(
      matchesSelector({ type: 'fqdn', matches: [{ name: 'Example.COM.' }] }, fqdnPeer('example.com')),
    ).toBe(true);
  });
  it('gives equal selectors equal keys', () => {
    expect(selectorKey({ type: 'and', of: [inside, { type: 'not', of: inside }] })).toBe(
      selectorKey({
        type: 'and',
        of: [
          { type: 'ipSet', set: IpSet.fromCidrs([cidr('10.0.0.0/8')]) },
          { type: 'not', of: inside },
        ],
      }),
    );
  });
});
