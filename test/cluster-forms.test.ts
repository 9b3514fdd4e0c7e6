// The contoso cluster in its three forms: golden normalized models, and proof that the forms agree.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusters } from '../src/load/cluster/index.js';
import { readInputs } from '../src/load/read.js';
import { type Cluster, isUnknown } from '../src/model/cluster.js';
import { escapePointerSegment, formatSourceRef } from '../src/model/source.js';
import { expectGolden, goldenDir } from './support/golden.js';
import { ROOT } from './support/run-cli.js';

const GOLDEN = goldenDir('cluster');

interface Case {
  /** Paths read, relative to the repository root. */
  readonly inputs: string[];
}

function load(inputs: readonly string[]) {
  const read = readInputs(inputs, { cwd: ROOT });
  expect(read.diagnostics).toEqual([]);
  return loadClusters(read.documents);
}

/** Every model path of a cluster's data (`network/plugin`, `agentPools/1/maxPods`, `tags/owner`), in model order. */
function modelPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || isUnknown(value)) return [prefix];
  const entries = Array.isArray(value)
    ? value.map((item, i): [string, unknown] => [String(i), item])
    : Object.entries(value).filter(([key]) => key !== 'path');
  const own = prefix === '' ? [] : [prefix];
  return [
    ...own,
    ...entries.flatMap(([key, item]) =>
      modelPaths(item, prefix ? `${prefix}/${escapePointerSegment(key)}` : escapePointerSegment(key)),
    ),
  ];
}

/** The golden text: the model, its diagnostics, and where every model path points (`file:line:col`). */
function goldenText(inputs: readonly string[]): string {
  const { clusters, diagnostics } = load(inputs);
  const positions = clusters.map((cluster) =>
    Object.fromEntries(modelPaths(cluster).map((path) => [path, formatSourceRef(cluster.at(path))])),
  );
  return `${JSON.stringify({ clusters, diagnostics, positions }, null, 2)}\n`;
}

describe('golden normalized models', () => {
  const scenarios = readdirSync(GOLDEN).sort();
  it.each(scenarios)('%s', (scenario) => {
    const folder = join(GOLDEN, scenario);
    const testCase = JSON.parse(readFileSync(join(folder, 'case.json'), 'utf8')) as Case;
    expectGolden(`cluster/${scenario}/expected.json`, goldenText(testCase.inputs));
  });
});

type Form = 'az' | 'arm' | 'terraform';

const FORMS: Record<Form, string[]> = {
  az: ['examples/contoso/cluster/az-aks-show.json'],
  arm: ['examples/contoso/cluster/arm'],
  terraform: ['examples/contoso/cluster/terraform/plan.json'],
};

/**
 * What each form cannot say the way the others do. Comparing two forms drops the gaps of both;
 * `*` stands for every item of a list.
 */
const FORM_GAPS: Record<Form, { readonly path: string; readonly why: string }[]> = {
  az: [
    { path: 'subnets', why: '`az aks show` describes the cluster alone, not its network' },
    { path: 'virtualNetworks', why: 'same' },
    { path: 'routeTables', why: 'same' },
    { path: 'firewalls', why: 'same' },
    { path: 'diagnosticSettings', why: '`az aks show` does not list the diagnostic settings on the cluster' },
  ],
  arm: [
    {
      path: 'firewalls/*/privateIp',
      why: 'Azure assigns the firewall its address; a template cannot state it',
    },
  ],
  terraform: [
    { path: 'firewalls/*/privateIp', why: 'known after apply' },
    {
      path: 'agentPools/0/osType',
      why: 'azurerm `default_node_pool` has no `os_type` (system pools are Linux)',
    },
    { path: 'apiServer/privateDnsZone', why: 'computed by the provider when unset: known after apply' },
    {
      path: 'apiServer/privateClusterPublicFqdn',
      why: 'the plan writes the provider default (false) that az and ARM leave unset',
    },
    {
      path: 'apiServer/disableRunCommand',
      why: 'the plan writes the provider default (`run_command_enabled = true`)',
    },
    {
      path: 'addons/defender',
      why: 'the plan lists the absent `microsoft_defender` block as empty (false); az and ARM omit it',
    },
    {
      path: 'addons/kmsEtcdEncryption',
      why: 'the plan lists the absent `key_management_service` block as empty (false); az and ARM omit it',
    },
    {
      path: 'addons/applicationGatewayIngress',
      why: 'the plan lists the absent `ingress_application_gateway` block as empty (false)',
    },
  ],
};

/** A resource id without its subscription and resource group, which each form knows differently. */
function resourcePath(id: string): string {
  return id.slice(id.toLowerCase().indexOf('/providers/')).toLowerCase();
}

/** The cluster as plain data that the forms can agree on: no file, format or positional paths; ids, sets and lists in one order. */
function comparable(cluster: Cluster, gaps: readonly string[]): unknown {
  const byName = <T extends { name: string }>(items: readonly T[]) =>
    [...items].sort((a, b) => a.name.localeCompare(b.name));
  const data = JSON.parse(
    JSON.stringify({
      ...cluster,
      file: undefined,
      format: undefined,
      apiServer: {
        ...cluster.apiServer,
        // A Terraform set: the plan lists it sorted.
        authorizedIpRanges: Array.isArray(cluster.apiServer.authorizedIpRanges)
          ? [...cluster.apiServer.authorizedIpRanges].sort()
          : cluster.apiServer.authorizedIpRanges,
      },
      agentPools: cluster.agentPools.map((pool) => ({
        ...pool,
        vnetSubnetId:
          typeof pool.vnetSubnetId === 'string' ? resourcePath(pool.vnetSubnetId) : pool.vnetSubnetId,
      })),
      subnets: byName(cluster.subnets).map((s) => ({
        ...s,
        id: resourcePath(s.id),
        routeTableId: typeof s.routeTableId === 'string' ? resourcePath(s.routeTableId) : s.routeTableId,
      })),
      virtualNetworks: byName(cluster.virtualNetworks).map((v) => ({ ...v, id: resourcePath(v.id) })),
      routeTables: byName(cluster.routeTables).map((t) => ({ ...t, id: resourcePath(t.id) })),
      firewalls: byName(cluster.firewalls).map((f) => ({
        ...f,
        id: resourcePath(f.id),
        rules: [...f.rules].sort((a, b) =>
          `${a.kind}/${a.collection}/${a.name}`.localeCompare(`${b.kind}/${b.collection}/${b.name}`),
        ),
      })),
    }),
    (key, value) => (key === 'path' ? undefined : value),
  ) as Record<string, unknown>;
  for (const gap of gaps) drop(data, gap.split('/'));
  return data;
}

function drop(value: unknown, segments: readonly string[]): void {
  if (typeof value !== 'object' || value === null) return;
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const record = value as Record<string, unknown>;
  const keys = head === '*' ? Object.keys(record) : [head];
  for (const key of keys) {
    if (rest.length === 0) delete record[key];
    else drop(record[key], rest);
  }
}

describe('the contoso cluster in three forms', () => {
  const clusters = Object.fromEntries(
    (Object.keys(FORMS) as Form[]).map((form) => {
      const loaded = load(FORMS[form]).clusters;
      expect(loaded).toHaveLength(1);
      return [form, loaded[0]!];
    }),
  ) as Record<Form, Cluster>;

  it.each([
    ['az', 'arm'],
    ['arm', 'terraform'],
    ['az', 'terraform'],
  ] as const)('%s and %s give the same normalized cluster', (left, right) => {
    const gaps = [...FORM_GAPS[left], ...FORM_GAPS[right]].map((gap) => gap.path);
    expect(comparable(clusters[left], gaps)).toEqual(comparable(clusters[right], gaps));
  });

  it('leaves nothing to chance: each gap names a field one of the forms really has', () => {
    for (const form of Object.keys(FORM_GAPS) as Form[]) {
      for (const gap of FORM_GAPS[form]) {
        const present = (Object.keys(FORMS) as Form[]).some((other) => {
          const data = comparable(clusters[other], []);
          return hasPath(data, gap.path.split('/'));
        });
        expect(present, `${form} gap ${gap.path} matches nothing`).toBe(true);
      }
    }
  });
});

function hasPath(value: unknown, segments: readonly string[]): boolean {
  const [head, ...rest] = segments;
  if (head === undefined) return true;
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const keys = head === '*' ? Object.keys(record) : [head];
  return keys.some((key) => key in record && hasPath(record[key], rest));
}

describe('docs/cluster-inputs.md', () => {
  const documented = new Set(
    [
      ...readFileSync(join(ROOT, 'docs', 'cluster-inputs.md'), 'utf8').matchAll(/^\| `([a-zA-Z/N]+)` \|/gm),
    ].map((m) => m[1] ?? ''),
  );

  it('maps every field the contoso and compiled-Bicep clusters have', () => {
    const fields = new Set<string>();
    for (const scenario of readdirSync(GOLDEN)) {
      const testCase = JSON.parse(readFileSync(join(GOLDEN, scenario, 'case.json'), 'utf8')) as Case;
      for (const cluster of load(testCase.inputs).clusters) {
        for (const path of modelPaths(cluster)) {
          const field = path
            .split('/')
            .map((segment) => (/^\d+$/.test(segment) ? 'N' : segment))
            .join('/')
            // Items of a list field, a tag, and the parts of a firewall rule are documented with their parent.
            .replace(/^(tags)\/.+$/, '$1/KEY')
            .replace(/^(firewalls\/N\/rules\/N)\/.+$/, '$1')
            .replace(/\/N$/, '');
          if (
            /\//.test(field) ||
            [
              'location',
              'kubernetesVersion',
              'skuTier',
              'diskEncryptionSetId',
              'upgradeChannel',
              'nodeOsUpgradeChannel',
            ].includes(field)
          )
            fields.add(field);
        }
      }
    }
    const undocumented = [...fields].filter(
      (field) => !documented.has(field) && ![...documented].some((d) => d.startsWith(`${field}/`)),
    );
    expect(undocumented).toEqual([]);
  });
});
