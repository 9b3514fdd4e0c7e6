import { describe, expect, it } from 'vitest';
import { planNetwork } from './plan.js';
import type { PlanInput } from './types.js';

const BASE: PlanInput = {
  nodes: 10,
  maxSurge: { kind: 'count', value: 2 },
  maxNodes: 12,
  pods: 200,
  internalLoadBalancers: 10,
  maxPods: 30,
};

describe('recommendation', () => {
  it('is Overlay by default, with reasons that compare VNet IPs and rule out kubenet and BYO CNI', () => {
    const { recommendation } = planNetwork(BASE);
    expect(recommendation.plugin).toBe('azure-overlay');
    const reasons = recommendation.reasons.join('\n');
    expect(reasons).toContain('24 IPs, against 444 for Azure CNI v1');
    expect(reasons).toMatch(/Not kubenet: it is retiring/);
    expect(reasons).toMatch(/Bring your own CNI .* only for a feature the managed plugins lack/);
    expect(reasons).toMatch(/Consider the Cilium dataplane/);
  });

  it('says IPs are scarce when Azure CNI v1 would not fit the node subnet', () => {
    const { recommendation } = planNetwork({ ...BASE, network: { nodeSubnet: '10.1.0.0/24' } });
    expect(recommendation.plugin).toBe('azure-overlay');
    expect(recommendation.reasons.join('\n')).toMatch(/IPs are scarce: Azure CNI v1 needs 444 IPs \(\/23\)/);
  });

  it('is dynamic pod subnet allocation when pods must be routable from the VNet', () => {
    const { recommendation } = planNetwork({ ...BASE, requirements: { routablePods: true } });
    expect(recommendation.plugin).toBe('azure-dynamic');
    expect(recommendation.reasons[0]).toMatch(/routable.*472 \(nodes 24 \+ pods 448\).*needs 444/);
  });

  it('is the Cilium dataplane beyond Azure NPM scale, or for advanced policy, but never with Windows', () => {
    expect(planNetwork({ ...BASE, nodes: 300, maxNodes: 300 }).recommendation.plugin).toBe('azure-cilium');
    expect(planNetwork({ ...BASE, pods: 25_000 }).recommendation.plugin).toBe('azure-cilium');
    expect(
      planNetwork({ ...BASE, requirements: { advancedNetworkPolicy: true } }).recommendation.plugin,
    ).toBe('azure-cilium');
    const windows = planNetwork({ ...BASE, nodes: 300, requirements: { windows: true } }).recommendation;
    expect(windows.plugin).toBe('azure-overlay');
    expect(windows.reasons.join('\n')).toMatch(/Windows node pools rule out the Cilium dataplane/);
  });

  it('says IPs are scarce when Azure CNI v1 would not fit the VNet itself', () => {
    const { recommendation } = planNetwork({ ...BASE, network: { vnet: '10.1.0.0/24' } });
    expect(recommendation.reasons.join('\n')).toMatch(/needs 444 IPs, more than the VNet's 256 addresses/);
  });

  it('never recommends kubenet, even when IPs are very scarce', () => {
    const tight = { ...BASE, network: { vnet: '10.1.0.0/26', nodeSubnet: '10.1.0.0/27' } };
    expect(planNetwork(tight).recommendation.plugin).not.toBe('kubenet');
  });
});

describe('planNetwork', () => {
  it('keeps the contract: schemaVersion, options, problems, recommendation first', () => {
    const plan = planNetwork(BASE);
    expect(Object.keys(plan).slice(0, 4)).toEqual(['schemaVersion', 'options', 'problems', 'recommendation']);
    expect(plan.schemaVersion).toBe(1);
    expect(Object.keys(plan.options[0]!.subnets[1]!).slice(0, 5)).toEqual([
      'role',
      'requiredIPs',
      'minimumPrefixLength',
      'cidr',
      'fits',
    ]);
  });

  it('plans one plugin when asked, and reports its sizing problems', () => {
    const plan = planNetwork({ ...BASE, plugin: 'azure', network: { nodeSubnet: '10.1.0.0/24' } });
    expect(plan.options.map((o) => o.plugin)).toEqual(['azure']);
    expect(plan.problems).toMatchObject([
      { code: 'subnet-too-small', severity: 'error', subjects: ['nodeSubnet'], plugin: 'azure' },
    ]);
    expect(plan.problems[0]!.message).toMatch(/holds 251 usable addresses, nodes need 444 .*use a \/23/);
  });

  it('reports sizing problems of the recommended plugin only when all are shown', () => {
    const plan = planNetwork({ ...BASE, network: { nodeSubnet: '10.1.0.0/24' } });
    expect(plan.options).toHaveLength(5);
    expect(plan.problems.filter((p) => p.code === 'subnet-too-small')).toEqual([]);
  });

  it('warns that kubenet retires when it is the plugin asked for, and when it exceeds its 400 nodes', () => {
    const plan = planNetwork({ nodes: 450, plugin: 'kubenet' });
    expect(plan.problems.map((p) => [p.code, p.severity, p.subjects])).toEqual([
      ['limit-exceeded', 'error', []],
      // 495 nodes × /24 do not fit the default pod CIDR 10.244.0.0/16 either (256 nodes).
      ['subnet-too-small', 'error', ['podCidr']],
      ['kubenet-retiring', 'warning', []],
    ]);
    expect(plan.problems[0]!.message).toContain('the plan has 495, the limit is 400');
  });

  it('reports max pods outside its range (15 to 250 for a pool of 2 nodes) and pods beyond capacity', () => {
    const plan = planNetwork({ nodes: 2, pods: 100, maxPods: 5, plugin: 'azure-overlay' });
    expect(
      plan.problems.map((p) => [p.code, p.severity, p.message.match(/allowed 15 to 250|limit is 10/)?.[0]]),
    ).toEqual([
      ['limit-exceeded', 'error', 'allowed 15 to 250'],
      ['limit-exceeded', 'warning', 'limit is 10'],
    ]);
  });

  it('notes a pod CIDR no planned plugin uses, and maxNodes below nodes', () => {
    const plan = planNetwork({
      nodes: 5,
      maxNodes: 3,
      plugin: 'azure-dynamic',
      network: { podCidr: '10.244.0.0/16' },
    });
    expect(plan.problems.map((p) => p.code)).toEqual(['max-nodes-below-nodes', 'pod-cidr-unused']);
  });

  it('refuses kubenet and Cilium for Windows node pools', () => {
    for (const plugin of ['kubenet', 'azure-cilium'] as const) {
      const plan = planNetwork({ nodes: 3, plugin, requirements: { windows: true } });
      expect(plan.problems.filter((p) => p.code === 'windows-unsupported')).toMatchObject([{ plugin }]);
    }
    expect(
      planNetwork({ nodes: 3, plugin: 'azure-overlay', requirements: { windows: true } }).problems,
    ).toEqual([]);
  });

  it('sorts problems errors first, then by code', () => {
    const plan = planNetwork({
      nodes: 3,
      network: { vnet: '10.0.0.0/16', nodeSubnet: '10.1.0.0/24', dockerBridgeCidr: '172.17.0.1/16' },
    });
    expect(plan.problems.map((p) => [p.severity, p.code])).toEqual([
      ['error', 'cidr-overlap'],
      ['error', 'subnet-outside-vnet'],
      ['warning', 'docker-bridge-cidr-removed'],
    ]);
  });
});
