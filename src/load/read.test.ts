import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from './detect.js';
import { readInputs } from './read.js';

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'aksguard-read-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}

describe('readInputs', () => {
  it('warns about a named file, or a named folder, that holds nothing aksguard reads', () => {
    const root = tree({
      'values.yaml': 'replicaCount: 2\n',
      'empty.yaml': '',
      'docs/notes.json': '{"title": "x"}',
      'settings.json': JSON.stringify([
        { type: 'Microsoft.Insights/diagnosticSettings', name: 'a', logs: [] },
      ]),
      'mixed/values.yaml': 'replicaCount: 2\n',
      'mixed/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n',
    });
    const { diagnostics } = readInputs(['values.yaml', 'empty.yaml', 'docs', 'settings.json', 'mixed'], {
      cwd: root,
    });
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.source?.file}: ${d.message}`)).toEqual([
      'warning input-not-recognised docs: no file in this folder holds an input aksguard reads',
      'warning input-not-recognised empty.yaml: the file holds no document',
      'warning input-not-recognised values.yaml: nothing in this file is an input aksguard reads; it is skipped',
    ]);
  });

  it('walks folders for YAML and JSON, skipping node_modules and .git, in sorted order', () => {
    const root = tree({
      'b.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n',
      'a/pod.yml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n',
      'notes.md': '# not read',
      'node_modules/x.yaml': 'apiVersion: v1\nkind: Pod\n',
      '.git/config.json': '{}',
    });
    const { documents, files, diagnostics } = readInputs(['.'], { cwd: root });
    expect(diagnostics).toEqual([]);
    expect(files).toEqual(['a/pod.yml', 'b.yaml']);
    expect(documents.map((d) => `${d.file}:${d.kind}`)).toEqual([
      'a/pod.yml:kubernetes',
      'b.yaml:kubernetes',
    ]);
  });

  it('expands a kubectl List into its items with positions inside the list', () => {
    const root = tree({
      'list.yaml':
        'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n',
    });
    const { documents } = readInputs(['list.yaml'], { cwd: root });
    expect(documents.map((d) => d.pointer)).toEqual(['/items/0', '/items/1']);
    expect(documents[1]?.at('/metadata')).toMatchObject({ file: 'list.yaml', line: 9, column: 3 });
  });

  it('refuses binary and oversized files with a diagnostic and reads the rest', () => {
    const root = tree({
      'bin.yaml': Buffer.from([0x61, 0x00, 0x62]),
      'big.yaml': `a: "${'x'.repeat(200)}"\n`,
      'ok.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n',
    });
    const { documents, diagnostics } = readInputs(['.'], { cwd: root, maxFileBytes: 100 });
    expect(diagnostics.map((d) => `${d.source?.file}:${d.code}`)).toEqual([
      'big.yaml:file-too-large',
      'bin.yaml:file-binary',
    ]);
    expect(documents).toHaveLength(1);
  });

  it('reads standard input for -', () => {
    const { documents } = readInputs(['-'], {
      readStdin: () => 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n',
    });
    expect(documents[0]).toMatchObject({ file: '-', kind: 'kubernetes' });
  });

  it('reports a missing path', () => {
    const { diagnostics } = readInputs(['nope.yaml'], { cwd: tmpdir() });
    expect(diagnostics[0]).toMatchObject({ code: 'path-not-found', severity: 'error' });
  });
});

describe('classify', () => {
  it.each([
    [{ apiVersion: 'v1', kind: 'Pod' }, 'kubernetes'],
    [
      {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        resources: [],
      },
      'arm-template',
    ],
    [
      {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
        parameters: {},
      },
      'arm-parameters',
    ],
    [{ resources: [{ type: 'Microsoft.ContainerService/managedClusters', name: 'aks' }] }, 'arm-template'],
    [{ resources: [{ type: 'Deployment' }] }, 'unknown'],
    [{ type: 'Microsoft.ContainerService/managedClusters', properties: {} }, 'arm-resource'],
    [{ type: 'Microsoft.ContainerService/ManagedClusters', networkProfile: {} }, 'az-aks'],
    [{ format_version: '1.2', planned_values: {} }, 'terraform'],
    [{ format_version: '1.0', values: {} }, 'terraform'],
    [{ nodes: 10, maxPods: 30, network: {} }, 'aksguard-plan'],
    [{ apiVersion: 'aksguard.io/v1', kind: 'NetworkPlan' }, 'aksguard-plan'],
    [{ hello: 'world' }, 'unknown'],
    [[1, 2], 'unknown'],
  ])('%j is %s', (value, kind) => {
    expect(classify(value)).toBe(kind);
  });
});
