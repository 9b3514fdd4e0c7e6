import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cidr, cidrsOverlap, formatCidr, isParseError, parseCidr } from '../net/ip.js';
import { IpSet } from '../net/ip-set.js';
import { checkNetwork, parseNetwork } from './checks.js';
import type { PlanNetwork } from './types.js';

/** A clean hub-and-spoke plan: every check passes on it. */
const CLEAN: PlanNetwork = {
  vnet: '10.10.0.0/16',
  nodeSubnet: '10.10.0.0/22',
  podSubnet: '10.10.8.0/21',
  podCidr: '10.244.0.0/16',
  serviceCidr: '10.2.0.0/16',
  dnsServiceIP: '10.2.0.10',
  connected: { hub: '10.0.0.0/16', onprem: '192.168.0.0/16' },
};

const problems = (network: PlanNetwork, usesPodCidr = true) =>
  checkNetwork(parseNetwork(network, usesPodCidr));
const codes = (network: PlanNetwork) => problems(network).map((p) => `${p.code} ${p.subjects.join('+')}`);

describe('CIDR checks', () => {
  it('find nothing wrong with a clean plan', () => {
    expect(problems(CLEAN)).toEqual([]);
  });

  it('report an invalid CIDR and an invalid DNS IP', () => {
    expect(codes({ ...CLEAN, vnet: '10.10.0.0/33', dnsServiceIP: '10.2.0.300' })).toEqual([
      'invalid-cidr vnet',
      'invalid-ip dnsServiceIP',
    ]);
  });

  it('report host bits set, with the network address meant, but not on the docker bridge address', () => {
    const found = problems({ ...CLEAN, nodeSubnet: '10.10.0.1/22', dockerBridgeCidr: '172.17.0.1/16' });
    expect(found.find((p) => p.code === 'cidr-host-bits-set')).toMatchObject({
      severity: 'error',
      subjects: ['nodeSubnet'],
      message: expect.stringContaining('10.10.0.0/22'),
    });
    expect(found.filter((p) => p.code === 'cidr-host-bits-set')).toHaveLength(1);
  });

  it('parse IPv6 strictly too', () => {
    expect(problems({ vnet: 'fd00::/48', nodeSubnet: 'fd00::1/64' }, false).map((p) => p.code)).toContain(
      'cidr-host-bits-set',
    );
    expect(problems({ vnet: 'fd00::/48', nodeSubnet: 'fd00:0:0:1::/64' }, false)).toEqual([]);
  });

  it('report a subnet outside its VNet', () => {
    expect(codes({ ...CLEAN, podSubnet: '10.11.0.0/21' })).toEqual(['subnet-outside-vnet vnet+podSubnet']);
  });

  it('report overlapping subnets', () => {
    expect(codes({ ...CLEAN, podSubnet: '10.10.0.0/21' })).toEqual(['cidr-overlap nodeSubnet+podSubnet']);
  });

  it('report a VNet overlapping a connected network, with the shared range', () => {
    const [found] = problems({ ...CLEAN, connected: { hub: '10.0.0.0/12' } });
    expect(found).toMatchObject({
      code: 'cidr-overlap',
      severity: 'error',
      subjects: ['vnet', 'hub', 'nodeSubnet', 'podSubnet'],
    });
    expect(found!.message).toContain('shared 10.10.0.0/16');
  });

  it('report the pod CIDR overlapping a connected network (kubenet, Overlay)', () => {
    expect(codes({ ...CLEAN, connected: { onprem: '10.240.0.0/12' } })).toEqual([
      'pod-cidr-overlaps-connected podCidr+onprem',
    ]);
  });

  it('report the pod CIDR overlapping the VNet', () => {
    const found = problems({ ...CLEAN, podCidr: '10.10.0.0/20' });
    // Once, on the VNet, naming the subnets inside it that the pod CIDR covers.
    expect(found.map((p) => `${p.code} ${p.subjects.join('+')}`)).toEqual([
      'cidr-overlap vnet+podCidr+nodeSubnet+podSubnet',
    ]);
    expect(found[0]!.message).toContain(
      '(shared 10.10.0.0/20; inside the VNet: nodeSubnet 10.10.0.0/22, podSubnet 10.10.8.0/21)',
    );
  });

  it('report the service CIDR overlapping the VNet, the pod CIDR and connected networks', () => {
    expect(codes({ ...CLEAN, serviceCidr: '10.0.0.0/16', dnsServiceIP: '10.0.0.10' })).toEqual([
      'cidr-overlap serviceCidr+hub',
    ]);
    expect(codes({ ...CLEAN, serviceCidr: '10.244.0.0/16', dnsServiceIP: '10.244.0.10' })).toEqual([
      'cidr-overlap podCidr+serviceCidr',
    ]);
  });

  it('apply AKS defaults: the default service CIDR 10.0.0.0/16 collides with a hub there', () => {
    const { serviceCidr: _s, dnsServiceIP: _d, ...rest } = CLEAN;
    const [found] = problems(rest);
    expect(found).toMatchObject({ code: 'cidr-overlap', subjects: ['serviceCidr', 'hub'] });
    expect(found!.message).toContain('serviceCidr 10.0.0.0/16 (AKS default)');
  });

  it('report the docker bridge as removed, and its overlaps as warnings', () => {
    expect(problems({ ...CLEAN, dockerBridgeCidr: '10.0.0.1/16' }).map((p) => [p.code, p.severity])).toEqual([
      ['cidr-overlap', 'warning'],
      ['docker-bridge-cidr-removed', 'warning'],
    ]);
  });

  it('report connected networks overlapping each other as a warning', () => {
    const found = problems({ ...CLEAN, connected: { hub: '10.0.0.0/16', dr: '10.0.128.0/17' } });
    expect(found).toMatchObject([{ code: 'cidr-overlap', severity: 'warning', subjects: ['dr', 'hub'] }]);
  });

  it('report the DNS service IP outside the service CIDR', () => {
    expect(codes({ ...CLEAN, dnsServiceIP: '10.3.0.10' })).toEqual([
      'dns-service-ip-outside-service-cidr dnsServiceIP+serviceCidr',
    ]);
  });

  it.each([
    ['10.2.0.0', 'network address'],
    ['10.2.0.1', 'first address'],
    ['10.2.255.255', 'broadcast address'],
  ])('report the DNS service IP %s as the %s', (ip, what) => {
    const [found] = problems({ ...CLEAN, dnsServiceIP: ip });
    expect(found).toMatchObject({ code: 'dns-service-ip-reserved', severity: 'error' });
    expect(found!.message).toContain(what);
  });

  it('warn when the service CIDR is set without a DNS service IP', () => {
    const { dnsServiceIP: _d, ...rest } = CLEAN;
    expect(codes(rest)).toEqual(['dns-service-ip-missing serviceCidr+dnsServiceIP']);
  });

  it('check a DNS IP given alone against the default service CIDR', () => {
    const { serviceCidr: _s, ...rest } = CLEAN;
    expect(codes({ ...rest, connected: {}, dnsServiceIP: '10.2.0.10' })).toEqual([
      'dns-service-ip-outside-service-cidr dnsServiceIP+serviceCidr',
    ]);
  });

  it.each([
    ['podCidr', '172.16.0.0/12', '172.30.0.0/16, 172.31.0.0/16'],
    ['serviceCidr', '192.0.2.0/24', '192.0.2.0/24'],
    ['vnet', '169.254.0.0/16', '169.254.0.0/16'],
  ] as const)('report %s %s overlapping ranges AKS refuses', (key, cidr, hit) => {
    const network = { [key]: cidr, ...(key === 'serviceCidr' ? { dnsServiceIP: '192.0.2.10' } : {}) };
    const found = problems(network).filter((p) => p.code === 'reserved-range');
    expect(found).toMatchObject([{ severity: 'error', subjects: [key] }]);
    expect(found[0]!.message).toContain(hit);
  });

  it('report a VNet range Azure cannot use', () => {
    expect(codes({ vnet: '127.0.0.0/16' })).toContain('reserved-range vnet');
  });

  it('report a service CIDR of /12 or larger', () => {
    expect(codes({ serviceCidr: '10.0.0.0/12', dnsServiceIP: '10.0.0.10' })).toEqual([
      'service-cidr-too-large serviceCidr',
    ]);
    expect(codes({ serviceCidr: '10.0.0.0/13', dnsServiceIP: '10.0.0.10' })).toEqual([]);
  });

  it('warn about a public pod CIDR, and accept RFC 6598 space', () => {
    expect(codes({ podCidr: '20.0.0.0/16' })).toContain('pod-cidr-not-private podCidr');
    expect(codes({ podCidr: '100.64.0.0/16' })).not.toContain('pod-cidr-not-private podCidr');
  });

  it('leave the pod CIDR default out when no planned plugin uses one', () => {
    expect(parseNetwork({}, false).ranges.map((r) => r.subject)).toEqual(['serviceCidr']);
    expect(parseNetwork({}, true).ranges.map((r) => r.subject)).toEqual(['podCidr', 'serviceCidr']);
    expect(problems({ ...CLEAN, podCidr: '10.0.0.0/16' }, false)).toEqual([]);
  });
});

describe('overlap checks (properties)', () => {
  const toCidr = (text: string): Cidr => {
    const parsed = parseCidr(text);
    if (isParseError(parsed)) throw new Error(parsed.error);
    return parsed.cidr;
  };
  const cidrText = fc
    .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 32 }))
    .map(([address, prefix]) =>
      formatCidr(toCidr(`${[24, 16, 8, 0].map((s) => (address >>> s) & 255).join('.')}/${prefix}`)),
    );

  it('report a pod CIDR and a connected network exactly when they share addresses, naming the shared part', () => {
    fc.assert(
      fc.property(cidrText, cidrText, (pod, other) => {
        const found = problems({ podCidr: pod, connected: { other } }).filter(
          (p) => p.code === 'pod-cidr-overlaps-connected',
        );
        const a = toCidr(pod);
        const b = toCidr(other);
        expect(found.length).toBe(cidrsOverlap(a, b) ? 1 : 0);
        if (found.length === 1) {
          // Two CIDR blocks that overlap nest, so the shared part is the smaller block.
          const shared = IpSet.fromCidrs([a])
            .intersect(IpSet.fromCidrs([b]))
            .toCidrs()
            .map(formatCidr);
          expect(shared).toEqual([a.prefix >= b.prefix ? pod : other]);
          expect(found[0]!.message).toContain(`(shared ${shared[0]})`);
        }
      }),
    );
  });
});
