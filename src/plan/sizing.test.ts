import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planNetwork } from './plan.js';
import { countNodes, resolveMaxSurge } from './sizing.js';
import { minimumRangePrefix, minimumSubnetPrefix } from './subnets.js';
import type { PlanInput, PlanOption, PluginName, SubnetRole } from './types.js';

/** The 2021 talk's worked example: 10 nodes, surge 2, scale out to 12, 200 pods, 10 internal LBs, 30 max pods. */
const TALK_EXAMPLE: PlanInput = {
  nodes: 10,
  maxSurge: { kind: 'count', value: 2 },
  maxNodes: 12,
  pods: 200,
  internalLoadBalancers: 10,
  maxPods: 30,
};

const option = (input: PlanInput, plugin: PluginName): PlanOption =>
  planNetwork(input).options.find((o) => o.plugin === plugin)!;

const subnet = (input: PlanInput, plugin: PluginName, role: SubnetRole) =>
  option(input, plugin).subnets.find((s) => s.role === role)!;

describe("the talk's worked example", () => {
  it('kubenet: 10 + 2 + 2 + 10 = 24 IPs → /27', () => {
    expect(subnet(TALK_EXAMPLE, 'kubenet', 'nodes')).toMatchObject({
      requiredIPs: 24,
      minimumPrefixLength: 27,
    });
  });

  it('Azure CNI v1: 10 + 2 + 2 + 10 + (14 × 30) = 444 IPs → /23, and says the talk printed 442', () => {
    const azure = option(TALK_EXAMPLE, 'azure');
    expect(azure.subnets).toMatchObject([{ role: 'nodes', requiredIPs: 444, minimumPrefixLength: 23 }]);
    expect(azure.explanation.join(' ')).toMatch(/442.*444.*arithmetic slip/);
  });

  it('dynamic allocation: nodes 24 → /27; pods 14 × 32 = 448 → /23, where the talk printed 210 → /24', () => {
    const dynamic = option(TALK_EXAMPLE, 'azure-dynamic');
    expect(dynamic.subnets).toMatchObject([
      { role: 'nodes', requiredIPs: 24, minimumPrefixLength: 27 },
      { role: 'pods', requiredIPs: 448, minimumPrefixLength: 23 },
    ]);
    // 200 pods over 12 nodes are 17 a node: 17 + 8 free needs a second batch, 32 IPs a node.
    expect(dynamic.subnets[1]!.formula).toBe(
      '14 nodes × 32 IPs (pods 200 over 12 nodes → 17 a node, + 8 kept free, in batches of 16) = 448',
    );
    // The talk's own split (ILBs in the pod subnet, no batches) gives /27 and /24.
    expect([minimumSubnetPrefix(14), minimumSubnetPrefix(210)]).toEqual([27, 24]);
    expect(dynamic.explanation.join(' ')).toMatch(/internal load balancer IPs from the node subnet/);
    expect(dynamic.explanation.join(' ')).toMatch(/210 → \/24\), without these free IPs.*448 → \/23/);
  });

  it('Overlay: nodes 24 → /27, pod CIDR 14 × /24 = 3584 → /20', () => {
    expect(option(TALK_EXAMPLE, 'azure-overlay').subnets).toMatchObject([
      { role: 'nodes', requiredIPs: 24, minimumPrefixLength: 27 },
      { role: 'podCidr', requiredIPs: 3584, minimumPrefixLength: 20 },
    ]);
  });

  it('Cilium sizes by its IPAM: overlay by default, pod subnet when only a pod subnet is given', () => {
    expect(option(TALK_EXAMPLE, 'azure-cilium').subnets.map((s) => s.role)).toEqual(['nodes', 'podCidr']);
    const withPodSubnet = { ...TALK_EXAMPLE, network: { podSubnet: '10.1.0.0/24' } };
    expect(option(withPodSubnet, 'azure-cilium').subnets).toMatchObject([
      { role: 'nodes', requiredIPs: 24 },
      { role: 'pods', requiredIPs: 448, cidr: '10.1.0.0/24', fits: false, headroom: 251 - 448 },
    ]);
  });
});

describe('maxSurge as AKS reads it', () => {
  it.each([
    [{ kind: 'count', value: 2 } as const, 12, 2],
    [{ kind: 'percent', value: 10 } as const, 12, 2],
    [{ kind: 'percent', value: 10 } as const, 10, 1],
    [{ kind: 'percent', value: 33 } as const, 30, 10],
    [{ kind: 'percent', value: 100 } as const, 7, 7],
    [{ kind: 'percent', value: 50 } as const, 0, 0],
  ])('%o of %i nodes surges %i', (surge, pool, expected) => {
    expect(resolveMaxSurge(surge, pool)).toBe(expected);
  });

  it('takes the percentage of the autoscaler maximum and defaults to 10%', () => {
    const plan = planNetwork({ nodes: 10, maxNodes: 25 });
    expect(plan.counts).toEqual({
      nodes: 10,
      peakNodes: 25,
      surgeNodes: 3,
      plannedNodes: 28,
      maxSurge: '10%',
      maxSurgeDefaulted: true,
    });
  });

  it('never rounds a percentage down', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 5000 }), (percent, pool) => {
        const surge = resolveMaxSurge({ kind: 'percent', value: percent }, pool);
        expect(surge * 100).toBeGreaterThanOrEqual(percent * pool);
        expect((surge - 1) * 100).toBeLessThan(percent * pool);
      }),
    );
  });

  it('counts the peak as the larger of nodes and maxNodes', () => {
    expect(countNodes(10, 5, { kind: 'count', value: 1 }).plannedNodes).toBe(11);
  });
});

describe('prefixes', () => {
  it.each([
    [0, 29],
    [3, 29],
    [4, 28],
    [24, 27],
    [27, 27],
    [28, 26],
    [251, 24],
    [252, 23],
    [444, 23],
  ])('%i IPs in a VNet subnet need a /%i (5 reserved, /29 smallest)', (ips, prefix) => {
    expect(minimumSubnetPrefix(ips)).toBe(prefix);
  });

  it('a subnet at its minimum prefix always holds the IPs after the reserved 5, and one bit less does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 1_000_000 }), (ips) => {
        const prefix = minimumSubnetPrefix(ips);
        expect(2 ** (32 - prefix) - 5).toBeGreaterThanOrEqual(ips);
        expect(2 ** (32 - prefix - 1) - 5).toBeLessThan(ips);
      }),
    );
  });

  it('a pod CIDR reserves nothing', () => {
    expect(minimumRangePrefix(3584)).toBe(20);
    expect(minimumRangePrefix(4096)).toBe(20);
    expect(minimumRangePrefix(4097)).toBe(19);
  });
});

describe('fits and headroom', () => {
  const network = { nodeSubnet: '10.10.0.0/24', podCidr: '10.244.0.0/22' };
  const input = { ...TALK_EXAMPLE, network };

  it('gives usable addresses minus required IPs', () => {
    expect(subnet(input, 'azure-overlay', 'nodes')).toMatchObject({
      cidr: '10.10.0.0/24',
      fits: true,
      headroom: 227,
    });
    expect(subnet(input, 'azure', 'nodes')).toMatchObject({ fits: false, headroom: 251 - 444 });
  });

  it('a pod CIDR of a /22 holds 4 nodes, fewer than the 14 planned', () => {
    expect(subnet(input, 'kubenet', 'podCidr')).toMatchObject({ fits: false, headroom: 1024 - 3584 });
    const capacity = option(input, 'azure-overlay').limits.find((l) => l.code === 'pod-cidr-node-capacity');
    expect(capacity).toMatchObject({ limit: 4, planned: 14, exceeded: true });
  });

  it('refuses a subnet smaller than Azure’s /29 even for zero IPs', () => {
    const tiny = {
      nodes: 0,
      maxSurge: { kind: 'count', value: 0 } as const,
      network: { nodeSubnet: '10.0.0.0/30' },
    };
    expect(subnet(tiny, 'azure-overlay', 'nodes')).toMatchObject({ fits: false });
  });

  it('Azure CNI v1: the node subnet /24 holds 8 nodes at 30 pods (the documented figure)', () => {
    const v1 = option({ nodes: 8, maxSurge: { kind: 'count', value: 0 }, maxPods: 30, network }, 'azure');
    expect(v1.limits.find((l) => l.code === 'node-subnet-node-capacity')).toMatchObject({ limit: 8 });
  });
});

describe('sizes and fits agree (properties)', () => {
  const plans = fc.record({
    nodes: fc.integer({ min: 1, max: 600 }),
    maxNodes: fc.integer({ min: 0, max: 900 }),
    maxSurge: fc.oneof(
      fc.integer({ min: 0, max: 20 }).map((value) => ({ kind: 'count' as const, value })),
      fc.integer({ min: 0, max: 100 }).map((value) => ({ kind: 'percent' as const, value })),
    ),
    maxPods: fc.integer({ min: 10, max: 250 }),
    pods: fc.integer({ min: 0, max: 50_000 }),
    internalLoadBalancers: fc.integer({ min: 0, max: 50 }),
  });

  it('a block of the minimum prefix fits every subnet, and one a bit smaller does not', () => {
    fc.assert(
      fc.property(plans, (input) => {
        for (const option of planNetwork(input).options) {
          for (const s of option.subnets) {
            const at = (prefix: number) => ({
              ...input,
              plugin: option.plugin,
              network: { [s.key]: `10.0.0.0/${prefix}` },
            });
            const sized = (prefix: number) =>
              planNetwork(at(prefix)).options[0]!.subnets.find((x) => x.role === s.role)!;
            expect(sized(s.minimumPrefixLength).fits).toBe(true);
            if (s.minimumPrefixLength < 32) expect(sized(s.minimumPrefixLength + 1).fits).toBe(false);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('dynamic allocation (property)', () => {
  it('each node holds its pods plus 8 to 23 free IPs, in whole batches of 16, at most 250', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 80_000 }),
        fc.integer({ min: 10, max: 250 }),
        (nodes, pods, maxPods) => {
          const input = { nodes, pods, maxPods, maxSurge: { kind: 'count', value: 0 } } as const;
          const perNode = subnet(input, 'azure-dynamic', 'pods').requiredIPs / nodes;
          const podsPerNode = Math.min(maxPods, Math.ceil(pods / nodes));
          if (perNode === 250) return;
          expect(perNode % 16).toBe(0);
          expect(perNode - podsPerNode).toBeGreaterThanOrEqual(8);
          expect(perNode - podsPerNode).toBeLessThan(24);
        },
      ),
    );
  });
});

describe('limits', () => {
  const limitOf = (input: PlanInput, plugin: PluginName, code: string) =>
    option(input, plugin).limits.find((l) => l.code === code);

  it('kubenet binds at 400 nodes (route table)', () => {
    expect(
      limitOf({ nodes: 399, maxSurge: { kind: 'count', value: 1 } }, 'kubenet', 'kubenet-route-table-nodes'),
    ).toMatchObject({ limit: 400, planned: 400, exceeded: false });
    expect(
      limitOf({ nodes: 400, maxSurge: { kind: 'count', value: 1 } }, 'kubenet', 'kubenet-route-table-nodes'),
    ).toMatchObject({ exceeded: true });
  });

  it('max pods per node is 10 to 250, with each plugin’s default', () => {
    const defaults = planNetwork({ nodes: 3 }).options.map((o) => [o.plugin, o.maxPods]);
    expect(defaults).toEqual([
      ['kubenet', 110],
      ['azure', 30],
      ['azure-dynamic', 110],
      ['azure-overlay', 250],
      ['azure-cilium', 250],
    ]);
    expect(limitOf({ nodes: 3, maxPods: 9 }, 'azure', 'max-pods-per-node')).toMatchObject({ exceeded: true });
    expect(limitOf({ nodes: 3, maxPods: 251 }, 'azure', 'max-pods-per-node')).toMatchObject({
      exceeded: true,
    });
  });

  it('every plugin but kubenet binds at 5,000 nodes per cluster, surge included', () => {
    const big = { nodes: 4600 };
    for (const plugin of ['azure', 'azure-dynamic', 'azure-overlay', 'azure-cilium'] as const)
      expect(limitOf(big, plugin, 'cluster-nodes')).toMatchObject({
        limit: 5000,
        planned: 5060,
        exceeded: true,
      });
  });

  it('dynamic allocation: pod IPs go 16 at a time, and a pod subnet serves one batch per node', () => {
    expect(limitOf({ nodes: 3 }, 'azure-dynamic', 'dynamic-allocation-batch')).toMatchObject({ limit: 16 });
    const input = {
      nodes: 20,
      maxSurge: { kind: 'count', value: 0 } as const,
      network: { podSubnet: '10.1.0.0/24' },
    };
    expect(limitOf(input, 'azure-dynamic', 'pod-subnet-node-capacity')).toMatchObject({
      limit: 15,
      planned: 20,
      exceeded: true,
    });
  });

  it('pod capacity: pods beyond peak nodes × max pods', () => {
    expect(limitOf({ nodes: 2, pods: 100, maxPods: 30 }, 'azure', 'pod-capacity')).toMatchObject({
      limit: 60,
      exceeded: true,
    });
  });
});
