// `aksguard plan` end to end: the built CLI as a user runs it, file and flag forms, and bad input.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanResult } from '../src/plan/index.js';
import { runBuiltCli, runCli } from './support/run-cli.js';

const TALK_FLAGS = ['--nodes', '10', '--max-surge', '2', '--max-nodes', '12', '--pods', '200'];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aksguard-plan-'));
});

/** Writes a plan file into the scratch folder and returns its name (positions are shown relative to it). */
function planFile(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

describe('aksguard plan (built CLI)', () => {
  it('plans the contoso example from its file', () => {
    const run = runBuiltCli(['plan', 'examples/contoso/plan.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Network plan: contoso-payments\n/);
    expect(run.stdout).toContain('Recommendation: azure-overlay');
    expect(run.stdout).toContain('Problems: 2 warnings');
    expect(run.stdout).toContain(
      'warning docker-bridge-cidr-removed [dockerBridgeCidr] (examples/contoso/plan.yaml:21:3)',
    );
  });

  it("reproduces the talk's worked example from flags, as JSON", () => {
    const run = runBuiltCli([
      'plan',
      ...TALK_FLAGS,
      '--internal-lbs',
      '10',
      '--max-pods',
      '30',
      '-f',
      'json',
    ]);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanResult;
    const sizes = Object.fromEntries(
      plan.options.map((o) => [
        o.plugin,
        o.subnets.map((s) => `${s.role} ${s.requiredIPs} /${s.minimumPrefixLength}`),
      ]),
    );
    expect(sizes).toEqual({
      kubenet: ['nodes 24 /27', 'podCidr 3584 /20'],
      azure: ['nodes 444 /23'],
      'azure-dynamic': ['nodes 24 /27', 'pods 448 /23'],
      'azure-overlay': ['nodes 24 /27', 'podCidr 3584 /20'],
      'azure-cilium': ['nodes 24 /27', 'podCidr 3584 /20'],
    });
  });

  it("reproduces Microsoft's IP planning examples as JSON: 1,581 and 1,891 IPs → /21", () => {
    // concepts-network-ip-address-planning: (51) + (51 × 30) = 1,581 and, scaling 10 more nodes, (61) + (61 × 30) = 1,891.
    const node = (extra: string[]) => {
      const run = runBuiltCli([
        'plan',
        '--nodes',
        '50',
        '--max-surge',
        '1',
        '--plugin',
        'azure',
        ...extra,
        '-f',
        'json',
      ]);
      expect(run.code).toBe(0);
      const plan = JSON.parse(run.stdout) as PlanResult;
      return { maxPods: plan.options[0]!.maxPods, subnet: plan.options[0]!.subnets[0] };
    };
    expect(node([])).toEqual({
      maxPods: 30,
      subnet: expect.objectContaining({ role: 'nodes', requiredIPs: 1581, minimumPrefixLength: 21 }),
    });
    expect(node(['--max-nodes', '60', '--node-subnet', '10.240.0.0/21'])).toEqual({
      maxPods: 30,
      subnet: expect.objectContaining({
        requiredIPs: 1891,
        minimumPrefixLength: 21,
        cidr: '10.240.0.0/21',
        fits: true,
      }),
    });
  });

  it('lets flags override the file, and adds connected networks', () => {
    const run = runBuiltCli([
      'plan',
      'examples/contoso/plan.yaml',
      '--plugin',
      'azure-overlay',
      '--node-subnet',
      '10.10.0.0/21',
      '--connected',
      'partner=10.244.0.0/20',
      '-f',
      'json',
    ]);
    const plan = JSON.parse(run.stdout) as PlanResult;
    expect(plan.options.map((o) => o.plugin)).toEqual(['azure-overlay']);
    expect(plan.options[0]!.subnets[0]).toMatchObject({
      cidr: '10.10.0.0/21',
      fits: true,
      headroom: 2043 - 38,
    });
    const overlap = plan.problems.find((p) => p.subjects.join('+') === 'podCidr+partner');
    // podCidr is located in the file; partner came from a flag, so it has no position.
    expect(overlap?.locations).toEqual([
      { file: 'examples/contoso/plan.yaml', line: 18, column: 3, pointer: '/network/podCidr' },
    ]);
    // The node subnet came from a flag too: the file's position would be wrong.
    expect(plan.problems.every((p) => !p.locations?.some((l) => l.pointer === '/network/nodeSubnet'))).toBe(
      true,
    );
  });

  it('reads a JSON plan file, and a folder holding one plan among other documents', async () => {
    const json = planFile(
      'plan.json',
      '{"nodes": 3, "plugin": "azure", "network": {"nodeSubnet": "10.1.0.0/28"}}',
    );
    const run = await runCli(['plan', json, '-f', 'json'], { cwd: dir });
    expect((JSON.parse(run.stdout) as PlanResult).problems.map((p) => p.code)).toEqual(['subnet-too-small']);
    const folder = await runCli(['plan', 'examples/contoso', '-f', 'json']);
    expect(folder.code).toBe(0);
    expect((JSON.parse(folder.stdout) as PlanResult).name).toBe('contoso-payments');
  });

  it('reads a plan from standard input', () => {
    const run = runBuiltCli(['plan', '-', '-f', 'json'], { stdin: 'nodes: 3\nplugin: azure-overlay\n' });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as PlanResult).options[0]!.subnets[0]!.requiredIPs).toBe(4);
  });

  it('shows examples in --help', () => {
    const run = runBuiltCli(['plan', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('aksguard plan examples/contoso/plan.yaml');
    expect(run.stdout).toContain('--connected <name=cidr>');
  });

  it('--fail-on exits 1 when a problem is at or above the severity', () => {
    expect(runBuiltCli(['plan', 'examples/contoso/plan.yaml', '--fail-on', 'warning']).code).toBe(1);
    expect(runBuiltCli(['plan', 'examples/contoso/plan.yaml', '--fail-on', 'error']).code).toBe(0);
  });
});

// Positions point at the offending key, as the load layer locates a value by its key.
describe('aksguard plan: bad input exits 2 with the position and a hint', () => {
  const expectError = async (args: string[], message: RegExp, hint: RegExp) => {
    const run = await runCli(args, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(hint);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  };

  it('an invalid CIDR in the file', async () => {
    const file = planFile(
      'bad-cidr.yaml',
      'nodes: 3\nnetwork:\n  vnet: 10.10.0.0/16\n  nodeSubnet: 10.10.0/24\n',
    );
    await expectError(
      ['plan', file],
      /^aksguard: error: network\.nodeSubnet: "10\.10\.0\/24" is not a CIDR block.* \(bad-cidr\.yaml:4:3\)$/m,
      /hint: write address\/prefix/,
    );
  });

  it('a negative count and a fractional one, both reported', async () => {
    const file = planFile('bad-count.yaml', 'nodes: -3\npods: 2.5\n');
    const run = await runCli(['plan', file], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('aksguard: error: nodes: -3 is below 1 (bad-count.yaml:1:1)');
    expect(run.stderr).toContain('aksguard: error: pods: 2.5 is not a whole number (bad-count.yaml:2:1)');
  });

  it('an unknown plugin, with the valid ones in the hint', async () => {
    const file = planFile('bad-plugin.yaml', 'nodes: 3\nplugin: calico\n');
    await expectError(
      ['plan', file],
      /aksguard: error: plugin: unknown plugin "calico" \(bad-plugin\.yaml:2:1\)/,
      /hint: use one of: kubenet, azure, azure-dynamic, azure-overlay, azure-cilium, all/,
    );
  });

  it('an unknown key, with the closest known one', async () => {
    const file = planFile('bad-key.yaml', 'nodes: 3\nnetwork:\n  serviceCIDR: 10.2.0.0/16\n');
    await expectError(
      ['plan', file],
      /aksguard: error: unknown key "serviceCIDR" in network \(bad-key\.yaml:3:3\)/,
      /hint: did you mean "serviceCidr"\?/,
    );
  });

  it('a malformed file', async () => {
    const file = planFile('malformed.yaml', 'nodes: 3\nnetwork: [\n');
    await expectError(['plan', file], /aksguard: error: .*\(malformed\.yaml:\d+:\d+\)/, /hint|error/);
  });

  it('a file with two plans', async () => {
    const file = planFile('two.yaml', 'nodes: 3\n---\nnodes: 4\n');
    await expectError(
      ['plan', file],
      /two\.yaml holds 2 plans.*\(two\.yaml:3:1\)/,
      /hint: put each plan in a file/,
    );
  });

  it('a file that is no plan', async () => {
    const file = planFile('not-a-plan.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    await expectError(['plan', file], /holds no aksguard plan/, /hint: a plan file is YAML with keys/);
  });

  it('bad flag values', async () => {
    await expectError(
      ['plan', '--nodes', 'ten'],
      /--nodes "ten": "ten" is not a whole number/,
      /hint: use a whole number/,
    );
    await expectError(
      ['plan', '--nodes', '3', '--max-surge', '2x'],
      /--max-surge "2x"/,
      /hint: write a node count/,
    );
    await expectError(['plan', '--nodes', '3', '--vnet', '10.0.0.0/40'], /--vnet "10\.0\.0\.0\/40"/, /hint/);
    await expectError(['plan', '--nodes', '3', '--connected', 'hub'], /is not NAME=CIDR/, /hint: e\.g\./);
    await expectError(
      ['plan', '--nodes', '3', '--plugin', 'cilium'],
      /unknown plugin "cilium"/,
      /hint: use one of/,
    );
    await expectError(
      ['plan', '--nodes', '3', '--fail-on', 'high'],
      /--fail-on "high"/,
      /hint: use one of: error/,
    );
  });

  it('a missing node count', async () => {
    await expectError(
      ['plan', '--pods', '10'],
      /the node count is missing/,
      /hint: set nodes in the plan file/,
    );
  });
});

describe('aksguard plan output', () => {
  it('-o writes the file and refuses to overwrite it without --force', async () => {
    const args = ['plan', '--nodes', '3', '-f', 'markdown', '-o', 'plan.md'];
    expect((await runCli(args, { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'plan.md'), 'utf8')).toMatch(/^# Network plan\n/);
    const again = await runCli(args, { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite plan.md');
  });
});
