import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLAN_FILE_KEYS } from '../load/detect.js';
import { parseDocuments } from '../load/parse.js';
import {
  checkConnectedName,
  checkCount,
  checkMaxSurge,
  NETWORK_KEYS,
  PLAN_KEYS,
  REQUIREMENT_KEYS,
  readPlanDocument,
} from './plan-file.js';
import { PROBLEM_CODES } from './types.js';

const read = (yaml: string) => {
  const [doc] = parseDocuments('plan.yaml', yaml).documents;
  return readPlanDocument(doc!.value, (pointer) => doc!.locate(pointer));
};

const errors = (yaml: string) =>
  read(yaml).diagnostics.map((d) => `${d.source?.line}:${d.source?.column} ${d.code} ${d.message}`);

describe('plan file', () => {
  it('has the keys the load layer classifies a plan by (plus the apiVersion/kind labels)', () => {
    expect([...PLAN_FILE_KEYS, 'apiVersion', 'kind'].sort()).toEqual([...PLAN_KEYS].sort());
  });

  it('reads every key', () => {
    const result = read(`
apiVersion: aksguard/v1
kind: Plan
name: demo
nodes: 3
maxSurge: 50%
maxNodes: 6
maxPods: 50
pods: 90
internalLoadBalancers: 1
plugin: azure-overlay
network:
  vnet: 10.1.0.0/16
  nodeSubnet: 10.1.0.0/24
  dnsServiceIP: 10.2.0.10
  connected: {hub: 10.0.0.0/16}
requirements: {routablePods: true}
`);
    expect(result).toEqual({
      diagnostics: [],
      input: {
        name: 'demo',
        nodes: 3,
        maxSurge: { kind: 'percent', value: 50 },
        maxNodes: 6,
        maxPods: 50,
        pods: 90,
        internalLoadBalancers: 1,
        plugin: 'azure-overlay',
        network: {
          vnet: '10.1.0.0/16',
          nodeSubnet: '10.1.0.0/24',
          dnsServiceIP: '10.2.0.10',
          connected: { hub: '10.0.0.0/16' },
        },
        requirements: { routablePods: true },
      },
    });
  });

  it('reports every error at its key, with no input', () => {
    const yaml =
      'nodes: 0\nnetwork:\n  vnet: 10.1.0.0\n  connected:\n    podCidr: 10.0.0.0/8\nrequirements: {windows: yes please}\n';
    expect(read(yaml).input).toBeUndefined();
    expect(errors(yaml)).toEqual([
      '1:1 plan-invalid-value nodes: 0 is below 1',
      '3:3 plan-invalid-value network.vnet: "10.1.0.0" is not a CIDR block (expected address/prefix, e.g. 10.0.0.0/16)',
      '5:5 plan-invalid-value network.connected: "podCidr" is a plan key',
      '6:16 plan-invalid-value requirements.windows: expected true or false',
    ]);
  });

  it('suggests the closest key for a typo, and lists the keys otherwise', () => {
    const result = read('nodes: 3\nmaxsurge: 2\nflavour: x\n');
    expect(result.diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([
      ['plan-unknown-key', 'unknown key "maxsurge"', 'did you mean "maxSurge"?'],
      [
        'plan-unknown-key',
        'unknown key "flavour"',
        expect.stringMatching(/^known keys: apiVersion, kind, name/),
      ],
    ]);
  });

  it('refuses a document that is not a mapping, and a network that is not one', () => {
    expect(errors('- nodes: 3\n')).toEqual([
      '1:1 plan-not-a-mapping a plan file is a YAML mapping of plan keys',
    ]);
    expect(errors('nodes: 3\nnetwork: 10.0.0.0/8\n')).toEqual([
      '2:1 plan-invalid-value network: expected a mapping of ranges',
    ]);
  });
});

describe('value checks', () => {
  it.each([
    [2, { kind: 'count', value: 2 }],
    ['2', { kind: 'count', value: 2 }],
    ['33%', { kind: 'percent', value: 33 }],
    ['0', { kind: 'count', value: 0 }],
  ])('reads maxSurge %o', (text, value) => {
    expect(checkMaxSurge(text)).toEqual({ value });
  });

  it.each([['-1'], ['2.5'], ['150%'], ['%'], [true], [-1]])('refuses maxSurge %o', (text) => {
    expect(checkMaxSurge(text)).toHaveProperty('error');
  });

  it.each([
    [3, 0],
    ['12', 0],
  ])('reads count %o', (value, min) => {
    expect(checkCount(value, min)).toEqual({ value: Number(value) });
  });

  it.each([
    [-1, 0],
    [1.5, 0],
    ['1e3', 0],
    [null, 0],
    [0, 1],
    [2 ** 60, 0],
  ])('refuses count %o (min %i)', (value, min) => {
    expect(checkCount(value, min)).toHaveProperty('error');
  });

  it('accepts connected network names that are not plan keys', () => {
    expect(checkConnectedName('branch-lisbon')).toEqual({ value: 'branch-lisbon' });
    expect(checkConnectedName('vnet')).toHaveProperty('error');
    expect(checkConnectedName('on prem')).toHaveProperty('error');
  });
});

describe('docs/plan-file.md', () => {
  const docs = readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'plan-file.md'),
    'utf8',
  );

  it.each(PROBLEM_CODES)('documents the problem code %s', (code) => {
    expect(docs).toContain(`\`${code}\``);
  });

  it.each([...PLAN_KEYS, ...NETWORK_KEYS, ...REQUIREMENT_KEYS])('documents the key %s', (key) => {
    expect(docs).toContain(key);
  });
});
