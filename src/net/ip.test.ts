import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cidr,
  cidrContains,
  cidrContainsCidr,
  cidrsOverlap,
  formatCidr,
  formatIp,
  isParseError,
  parseCidr,
  parseIp,
  prefixForSize,
} from './ip.js';
import { IpSet } from './ip-set.js';

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (isParseError(parsed)) throw new Error(parsed.error);
  return parsed.cidr;
};

describe('parseIp / parseCidr', () => {
  it.each(['10.0.0.1', '0.0.0.0', '255.255.255.255', '::', '::1', 'fd00::1', '2001:db8::ffff:1.2.3.4'])(
    'accepts %s',
    (text) => {
      expect(isParseError(parseIp(text))).toBe(false);
    },
  );

  it.each([
    '010.0.0.1',
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    ' 1.2.3.4',
    'fe80::1%eth0',
    'abc',
    '',
    '1.2.3.-1',
  ])('rejects %j', (text) => {
    expect(isParseError(parseIp(text))).toBe(true);
  });

  it('reads a CIDR with host bits as its network and says so', () => {
    const parsed = parseCidr('10.1.2.3/16');
    expect(
      isParseError(parsed) ? parsed : { text: formatCidr(parsed.cidr), host: parsed.hostBitsSet },
    ).toEqual({ text: '10.1.0.0/16', host: true });
  });

  it.each(['10.0.0.0/33', '10.0.0.0/', '10.0.0.0', '10.0.0.0/08', '::/129', '10.0.0.0/-1'])(
    'rejects CIDR %j',
    (text) => {
      expect(isParseError(parseCidr(text))).toBe(true);
    },
  );

  it('formats IPv6 compressed', () => {
    const ip = parseIp('fd00:0:0:0:0:0:0:1');
    expect(isParseError(ip) ? ip : formatIp(ip)).toBe('fd00::1');
  });

  it('relates blocks', () => {
    expect(cidrContainsCidr(cidr('10.0.0.0/8'), cidr('10.240.0.0/16'))).toBe(true);
    expect(cidrContainsCidr(cidr('10.240.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
    expect(cidrsOverlap(cidr('10.0.0.0/8'), cidr('10.240.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/16'), cidr('10.1.0.0/16'))).toBe(false);
    expect(cidrsOverlap(cidr('10.0.0.0/8'), cidr('::/0'))).toBe(false);
    const ip = parseIp('10.0.255.255');
    expect(!isParseError(ip) && cidrContains(cidr('10.0.0.0/16'), ip)).toBe(true);
  });

  it('finds the prefix that holds a number of addresses', () => {
    expect(prefixForSize(4, 29n)).toBe(27);
    expect(prefixForSize(4, 32n)).toBe(27);
    expect(prefixForSize(4, 33n)).toBe(26);
    expect(prefixForSize(4, 1n)).toBe(32);
  });
});

const arbV4Cidr = fc
  .record({ value: fc.integer({ min: 0, max: 2 ** 32 - 1 }), prefix: fc.integer({ min: 0, max: 32 }) })
  .map(({ value, prefix }) => {
    const parsed = parseCidr(`${[24, 16, 8, 0].map((s) => (value >>> s) & 255).join('.')}/${prefix}`);
    if (isParseError(parsed)) throw new Error(parsed.error);
    return parsed.cidr;
  });
const arbSet = fc.array(arbV4Cidr, { maxLength: 5 }).map((cidrs) => IpSet.fromCidrs(cidrs));
const arbIp = fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((v) => ({ family: 4 as const, value: BigInt(v) }));

describe('IpSet algebra (properties)', () => {
  it('membership follows union, intersection and difference', () => {
    fc.assert(
      fc.property(arbSet, arbSet, arbIp, (a, b, ip) => {
        expect(a.union(b).has(ip)).toBe(a.has(ip) || b.has(ip));
        expect(a.intersect(b).has(ip)).toBe(a.has(ip) && b.has(ip));
        expect(a.subtract(b).has(ip)).toBe(a.has(ip) && !b.has(ip));
      }),
    );
  });

  it('toCidrs decomposes a set exactly into aligned blocks', () => {
    fc.assert(
      fc.property(arbSet, (a) => {
        const blocks = a.toCidrs();
        expect(IpSet.fromCidrs(blocks).equals(a)).toBe(true);
        for (const block of blocks)
          expect(IpSet.fromCidrs([block]).size()).toBe(1n << BigInt(32 - block.prefix));
      }),
    );
  });

  it('difference and intersection partition a set', () => {
    fc.assert(
      fc.property(arbSet, arbSet, (a, b) => {
        expect(a.subtract(b).union(a.intersect(b)).equals(a)).toBe(true);
        expect(a.subtract(b).overlaps(b)).toBe(false);
        expect(a.union(b).covers(a)).toBe(true);
      }),
    );
  });

  it('overlap of single blocks agrees with cidrsOverlap', () => {
    fc.assert(
      fc.property(arbV4Cidr, arbV4Cidr, (x, y) => {
        expect(IpSet.fromCidrs([x]).overlaps(IpSet.fromCidrs([y]))).toBe(cidrsOverlap(x, y));
        expect(IpSet.fromCidrs([x]).covers(IpSet.fromCidrs([y]))).toBe(cidrContainsCidr(x, y));
      }),
    );
  });
});
