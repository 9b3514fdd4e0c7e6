// Every number the planner uses, pinned to the worked example or figure on the Microsoft page it comes from.
import { describe, expect, it } from 'vitest';
import { planNetwork } from './plan.js';
import { resolveMaxSurge } from './sizing.js';
import type { PlanInput, PlanLimit, PlanOption, PluginName, SubnetPlan, SubnetRole } from './types.js';

const DOCS = 'https://learn.microsoft.com/azure/aks';
const NO_SURGE = { kind: 'count', value: 0 } as const;

const option = (input: PlanInput, plugin: PluginName): PlanOption =>
  planNetwork({ ...input, plugin }).options[0]!;
const subnet = (input: PlanInput, plugin: PluginName, role: SubnetRole): SubnetPlan =>
  option(input, plugin).subnets.find((s) => s.role === role)!;
const limitOf = (input: PlanInput, plugin: PluginName, code: string): PlanLimit | undefined =>
  option(input, plugin).limits.find((l) => l.code === code);
const codes = (input: PlanInput): string[] => planNetwork(input).problems.map((p) => p.code);

describe(`${DOCS}/concepts-network-ip-address-planning`, () => {
  it('50 nodes + max surge 1, 30 max pods (the default): (51) + (51 × 30) = 1,581 → /21', () => {
    const input = { nodes: 50, maxSurge: { kind: 'count', value: 1 } } as const;
    expect(option(input, 'azure').maxPods).toBe(30);
    expect(subnet(input, 'azure', 'nodes')).toMatchObject({ requiredIPs: 1581, minimumPrefixLength: 21 });
  });

  it('scaling 10 more nodes: (61) + (61 × 30) = 1,891 → /21', () => {
    const input = { nodes: 50, maxNodes: 60, maxSurge: { kind: 'count', value: 1 } } as const;
    expect(subnet(input, 'azure', 'nodes')).toMatchObject({ requiredIPs: 1891, minimumPrefixLength: 21 });
  });

  it('internal load balancer front-end IPs come from the cluster subnet', () => {
    const input = { nodes: 50, maxSurge: { kind: 'count', value: 1 }, internalLoadBalancers: 3 } as const;
    expect(subnet(input, 'azure', 'nodes').requiredIPs).toBe(1584);
    expect(subnet(input, 'azure-overlay', 'nodes').requiredIPs).toBe(54);
  });

  it('default max pods: Overlay 250, pod subnet 110, node subnet (legacy) 30, kubenet 110; 250 at most', () => {
    const defaults = planNetwork({ nodes: 3 }).options.map((o) => [o.plugin, o.maxPods]);
    expect(defaults).toEqual([
      ['kubenet', 110],
      ['azure', 30],
      ['azure-dynamic', 110],
      ['azure-overlay', 250],
      ['azure-cilium', 250],
    ]);
    expect(limitOf({ nodes: 3, maxPods: 250 }, 'azure', 'max-pods-per-node')?.exceeded).toBe(false);
    expect(limitOf({ nodes: 3, maxPods: 251 }, 'azure', 'max-pods-per-node')?.exceeded).toBe(true);
  });

  it('max pods 10 only when the pool has room for 30 pods: 3 nodes at least', () => {
    expect(limitOf({ nodes: 3, maxPods: 10 }, 'azure-overlay', 'max-pods-per-node')).toMatchObject({
      minimum: 10,
      exceeded: false,
    });
    expect(limitOf({ nodes: 2, maxPods: 10 }, 'azure-overlay', 'max-pods-per-node')).toMatchObject({
      minimum: 15,
      exceeded: true,
    });
    const single = limitOf({ nodes: 1, maxPods: 29 }, 'azure-overlay', 'max-pods-per-node');
    expect(single).toMatchObject({ minimum: 30, exceeded: true });
    expect(single?.description).toContain('a pool of 1 node needs at least 30, room for 30 pods');
    expect(limitOf({ nodes: 3, maxPods: 9 }, 'azure', 'max-pods-per-node')?.exceeded).toBe(true);
  });

  it('the service CIDR must be smaller than /12, and the DNS service IP not its first address', () => {
    expect(codes({ nodes: 3, network: { serviceCidr: '10.0.0.0/12', dnsServiceIP: '10.0.0.10' } })).toContain(
      'service-cidr-too-large',
    );
    expect(
      codes({ nodes: 3, network: { serviceCidr: '10.0.0.0/13', dnsServiceIP: '10.0.0.10' } }),
    ).not.toContain('service-cidr-too-large');
    const first = planNetwork({
      nodes: 3,
      network: { serviceCidr: '10.2.0.0/16', dnsServiceIP: '10.2.0.1' },
    });
    expect(first.problems).toMatchObject([
      { code: 'dns-service-ip-reserved', severity: 'error', subjects: ['dnsServiceIP', 'serviceCidr'] },
    ]);
  });
});

describe(`${DOCS}/configure-kubenet`, () => {
  const slash24 = { nodeSubnet: '10.10.0.0/24' };

  it('a /24 holds 251 nodes (5 addresses reserved), 27,610 pods at the default 110', () => {
    const full = { nodes: 251, maxSurge: NO_SURGE, network: slash24 };
    expect(subnet(full, 'kubenet', 'nodes')).toMatchObject({ fits: true, headroom: 0 });
    expect(limitOf(full, 'kubenet', 'pod-capacity')).toMatchObject({ limit: 27_610 });
    expect(subnet({ ...full, nodes: 252 }, 'kubenet', 'nodes')).toMatchObject({ fits: false, headroom: -1 });
  });

  it('Azure CNI: the same /24 holds 8 nodes, 240 pods at the default 30', () => {
    const eight = { nodes: 8, maxSurge: NO_SURGE, network: slash24 };
    expect(limitOf(eight, 'azure', 'node-subnet-node-capacity')).toMatchObject({ limit: 8, exceeded: false });
    expect(limitOf(eight, 'azure', 'pod-capacity')).toMatchObject({ limit: 240 });
    expect(subnet(eight, 'azure', 'nodes')).toMatchObject({ requiredIPs: 248, fits: true });
    expect(subnet({ ...eight, nodes: 9 }, 'azure', 'nodes').fits).toBe(false);
  });

  it('a /27 runs a 20-25 node cluster with room to upgrade: 27 usable addresses', () => {
    const cluster = {
      nodes: 25,
      maxSurge: { kind: 'count', value: 2 },
      network: { nodeSubnet: '10.10.0.0/27' },
    };
    expect(subnet(cluster as PlanInput, 'kubenet', 'nodes')).toMatchObject({ fits: true, headroom: 0 });
    expect(limitOf(cluster as PlanInput, 'kubenet', 'pod-capacity')).toMatchObject({ limit: 25 * 110 });
  });

  it('at most 400 nodes (400 routes in a route table), surge included', () => {
    expect(limitOf({ nodes: 400, maxSurge: NO_SURGE }, 'kubenet', 'kubenet-route-table-nodes')).toMatchObject(
      {
        limit: 400,
        exceeded: false,
      },
    );
    expect(codes({ nodes: 364, plugin: 'kubenet' })).toContain('limit-exceeded');
  });

  it('the pod CIDR gives each node a /24: 10.244.0.0/16 (the default) covers 256 nodes', () => {
    expect(limitOf({ nodes: 10 }, 'kubenet', 'pod-cidr-node-capacity')).toMatchObject({ limit: 256 });
    expect(subnet({ nodes: 10, maxSurge: NO_SURGE }, 'kubenet', 'podCidr')).toMatchObject({
      requiredIPs: 2560,
      cidr: '10.244.0.0/16',
      defaulted: true,
    });
  });

  it('169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24 for no VNet, pod or service range', () => {
    for (const network of [
      { vnet: '172.30.0.0/16', nodeSubnet: '172.30.0.0/24' },
      { podCidr: '172.31.0.0/16' },
      { serviceCidr: '192.0.2.0/24', dnsServiceIP: '192.0.2.10' },
      { podCidr: '169.254.0.0/16' },
    ])
      expect(codes({ nodes: 3, network })).toContain('reserved-range');
  });

  it('the DNS service IP is the .10 of the service range by convention; defaults 10.0.0.0/16 and 10.0.0.10', () => {
    expect(
      planNetwork({ nodes: 3, network: { serviceCidr: '10.2.0.0/16', dnsServiceIP: '10.2.0.10' } }).problems,
    ).toEqual([]);
    expect(planNetwork({ nodes: 3, network: { connected: { hub: '10.0.0.0/16' } } }).problems).toMatchObject([
      { code: 'cidr-overlap', subjects: ['serviceCidr', 'hub'] },
    ]);
  });

  it('no Windows node pools', () => {
    expect(codes({ nodes: 3, plugin: 'kubenet', requirements: { windows: true } })).toContain(
      'windows-unsupported',
    );
  });
});

describe(`${DOCS}/concepts-network-azure-cni-overlay`, () => {
  it('only nodes take VNet IPs; a /24 node subnet fits 251 nodes', () => {
    const input = { nodes: 251, maxSurge: NO_SURGE, network: { nodeSubnet: '10.10.0.0/24' } };
    expect(option(input, 'azure-overlay').subnets.map((s) => s.role)).toEqual(['nodes', 'podCidr']);
    expect(subnet(input, 'azure-overlay', 'nodes')).toMatchObject({
      requiredIPs: 251,
      fits: true,
      headroom: 0,
    });
  });

  it('each node gets a fixed /24 of the pod CIDR: 251 nodes need 64,256 addresses, a /16', () => {
    expect(subnet({ nodes: 251, maxSurge: NO_SURGE }, 'azure-overlay', 'podCidr')).toMatchObject({
      requiredIPs: 64_256,
      minimumPrefixLength: 16,
      fits: true,
    });
  });

  it('5,000 nodes and 250 pods a node; the pod CIDR must not overlap the node subnet or connected networks', () => {
    expect(limitOf({ nodes: 5000, maxSurge: NO_SURGE }, 'azure-overlay', 'cluster-nodes')).toMatchObject({
      limit: 5000,
      exceeded: false,
    });
    expect(
      codes({
        nodes: 3,
        plugin: 'azure-overlay',
        network: { nodeSubnet: '10.244.0.0/24', podCidr: '10.244.0.0/16' },
      }),
    ).toContain('cidr-overlap');
    expect(
      codes({ nodes: 3, plugin: 'azure-overlay', network: { connected: { onprem: '10.244.0.0/16' } } }),
    ).toContain('pod-cidr-overlaps-connected');
  });

  it('pod CIDRs come from RFC 1918 or RFC 6598; public ranges are outside Microsoft support', () => {
    expect(codes({ nodes: 3, plugin: 'azure-overlay', network: { podCidr: '100.64.0.0/16' } })).toEqual([]);
    expect(codes({ nodes: 3, plugin: 'azure-overlay', network: { podCidr: '20.0.0.0/16' } })).toEqual([
      'pod-cidr-not-private',
    ]);
  });
});

describe(`${DOCS}/best-practices-performance-scale-large`, () => {
  it('200,000 pods per cluster with Azure CNI Overlay', () => {
    expect(limitOf({ nodes: 900, pods: 200_001 }, 'azure-overlay', 'overlay-pods')).toMatchObject({
      limit: 200_000,
      exceeded: true,
    });
  });
});

describe(`${DOCS}/concepts-network-azure-cni-pod-subnet and configure-azure-cni-dynamic-ip-allocation`, () => {
  it('no pods given: the minimum of 16 IPs per node (one batch)', () => {
    expect(subnet({ nodes: 10, maxSurge: NO_SURGE }, 'azure-dynamic', 'pods').requiredIPs).toBe(160);
  });

  it('a node asks for another batch of 16 when fewer than 8 are free: 8 pods hold 16 IPs, 9 pods 32', () => {
    const perNode = (pods: number) =>
      subnet({ nodes: 1, maxSurge: NO_SURGE, pods }, 'azure-dynamic', 'pods').requiredIPs;
    expect([perNode(8), perNode(9), perNode(24), perNode(25), perNode(40), perNode(41)]).toEqual([
      16, 32, 32, 48, 48, 64,
    ]);
  });

  it('Azure CNS: 25 pods on a node (batch 16, 8 kept free) request 48 IPs', () => {
    expect(subnet({ nodes: 4, maxSurge: NO_SURGE, pods: 100 }, 'azure-dynamic', 'pods')).toMatchObject({
      requiredIPs: 4 * 48,
      formula: '4 nodes × 48 IPs (pods 100 over 4 nodes → 25 a node, + 8 kept free, in batches of 16) = 192',
    });
  });

  it('a node runs at most max pods, and holds at most 250 IPs', () => {
    expect(
      subnet({ nodes: 2, maxSurge: NO_SURGE, pods: 1000, maxPods: 30 }, 'azure-dynamic', 'pods').requiredIPs,
    ).toBe(2 * 48);
    expect(
      subnet({ nodes: 1, maxSurge: NO_SURGE, pods: 250, maxPods: 250 }, 'azure-dynamic', 'pods').requiredIPs,
    ).toBe(250);
  });

  it('surge nodes hold pod IPs too', () => {
    const pods = subnet(
      { nodes: 10, maxSurge: { kind: 'count', value: 2 }, pods: 100 },
      'azure-dynamic',
      'pods',
    );
    expect(pods.requiredIPs).toBe(12 * 32);
  });

  it('pod subnets up to a /16, about 65,000 pods', () => {
    const big = { nodes: 3, pods: 70_000, maxPods: 250, network: { podSubnet: '10.0.0.0/15' } };
    expect(limitOf(big, 'azure-dynamic', 'pod-subnet-size')).toMatchObject({
      limit: 65_536,
      planned: 131_072,
      exceeded: true,
    });
    expect(limitOf(big, 'azure-dynamic', 'dynamic-allocation-pods')).toMatchObject({
      limit: 65_000,
      exceeded: true,
    });
    const problems = planNetwork({ ...big, plugin: 'azure-dynamic' }).problems;
    expect(problems.filter((p) => /pod-subnet-size|dynamic-allocation-pods/.test(p.message))).toMatchObject([
      { code: 'limit-exceeded', severity: 'error' },
      { code: 'limit-exceeded', severity: 'warning' },
    ]);
  });
});

describe(`${DOCS}/azure-cni-powered-by-cilium`, () => {
  it('overlay or pod subnet IP assignment, at most 65,535 identities, Linux only', () => {
    expect(option({ nodes: 3 }, 'azure-cilium').title).toContain('overlay IPAM');
    expect(option({ nodes: 3, network: { podSubnet: '10.1.0.0/24' } }, 'azure-cilium').title).toContain(
      'pod subnet IPAM',
    );
    expect(limitOf({ nodes: 3 }, 'azure-cilium', 'cilium-identities')).toMatchObject({ limit: 65_535 });
    expect(codes({ nodes: 3, plugin: 'azure-cilium', requirements: { windows: true } })).toContain(
      'windows-unsupported',
    );
  });
});

describe(`${DOCS}/upgrade-aks-node-pools-rolling and the AgentPoolUpgradeSettings API`, () => {
  it('maxSurge defaults to 10% of the pool, fractions rounded up', () => {
    expect(planNetwork({ nodes: 20 }).counts).toMatchObject({ surgeNodes: 2, maxSurgeDefaulted: true });
    expect(planNetwork({ nodes: 21 }).counts).toMatchObject({ surgeNodes: 3 });
  });

  it('five pools of four nodes at 50% surge two nodes each: 10 more nodes', () => {
    expect(5 * resolveMaxSurge({ kind: 'percent', value: 50 }, 4)).toBe(10);
  });

  it('a max surge above the nodes to upgrade surges only as many nodes as the pool has', () => {
    expect(resolveMaxSurge({ kind: 'count', value: 5 }, 3)).toBe(3);
    expect(planNetwork({ nodes: 3, maxSurge: { kind: 'count', value: 5 } }).counts).toMatchObject({
      surgeNodes: 3,
      plannedNodes: 6,
    });
  });
});

describe('https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq', () => {
  it('5 reserved addresses a subnet and /29 the smallest: a /29 holds 3', () => {
    const three = { nodes: 3, maxSurge: NO_SURGE, network: { nodeSubnet: '10.10.0.0/29' } };
    expect(subnet(three, 'azure-overlay', 'nodes')).toMatchObject({
      requiredIPs: 3,
      minimumPrefixLength: 29,
      reservedIPs: 5,
      fits: true,
      headroom: 0,
    });
    expect(subnet({ ...three, network: { nodeSubnet: '10.10.0.0/30' } }, 'azure-overlay', 'nodes').fits).toBe(
      false,
    );
  });

  it('ranges no VNet can use', () => {
    expect(codes({ nodes: 3, network: { vnet: '127.0.0.0/16' } })).toContain('reserved-range');
  });
});
