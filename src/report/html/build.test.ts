import { describe, expect, it } from 'vitest';
import { type AllowedPorts, buildReportModel, formatPorts, type MatrixContract } from './build.js';
import { isUnavailable, type ReportGraph, type ReportMatrix } from './model.js';

const tcp = (...ranges: [number, number][]): AllowedPorts => ({ protocol: 'TCP', ports: ranges });
const ALL: [number, number] = [1, 65535];

function model(matrix: MatrixContract, scale = {}) {
  return buildReportModel({
    version: '0.1.0',
    generatedAt: '2026-11-26T12:00:00.000Z',
    inputs: ['b.yaml', 'a.yaml'],
    audit: { unavailable: 'no audit' },
    plan: { unavailable: 'no plan file found' },
    matrix,
    scale,
  });
}

/** Two namespaces of two workloads, an external peer, and four flows. */
const SMALL: MatrixContract = {
  granularity: 'workload',
  endpoints: [
    { id: 'b/Deployment/y', namespace: 'b', name: 'y', kind: 'Deployment' },
    { id: 'a/Deployment/x', namespace: 'a', name: 'x', kind: 'Deployment' },
    { id: 'a/Deployment/w', namespace: 'a', name: 'w', kind: 'Deployment' },
    { id: 'b/StatefulSet/z', namespace: 'b', name: 'z', kind: 'StatefulSet' },
    { id: '0.0.0.0/0', namespace: '', name: '0.0.0.0/0', kind: 'External' },
  ],
  connections: [
    { from: 'a/Deployment/x', to: 'b/Deployment/y', allowed: [tcp([80, 80])] },
    { from: 'a/Deployment/w', to: 'b/Deployment/y', allowed: [tcp([443, 443])] },
    { from: '0.0.0.0/0', to: 'a/Deployment/x', allowed: [tcp([443, 443])] },
    { from: 'a/Deployment/w', to: 'a/Deployment/x', allowed: [tcp(ALL)] },
    // Pairs that allow nothing, as the engine's full view lists them: not flows.
    { from: '0.0.0.0/0', to: 'b/Deployment/y', allowed: [] },
    { from: 'b/StatefulSet/z', to: 'b/Deployment/y', allowed: [tcp()] },
  ],
};

describe('formatPorts', () => {
  it.each([
    [[tcp([80, 80]), tcp([443, 443])], 'TCP 80, 443'],
    [[tcp([8000, 8080], [8081, 8090], [80, 80])], 'TCP 80, 8000-8090'],
    [[tcp([8000, 8080], [8050, 8060])], 'TCP 8000-8080'],
    [[{ protocol: 'UDP', ports: [[53, 53]] }, tcp([53, 53])], 'TCP 53; UDP 53'],
    [[tcp(ALL), { protocol: 'UDP', ports: [[53, 53]] }], 'TCP all; UDP 53'],
    [[tcp(ALL), { protocol: 'UDP', ports: [ALL] }, { protocol: 'SCTP', ports: [ALL] }], 'all ports'],
    [[], ''],
  ] as [AllowedPorts[], string][])('%j reads %s', (allowed, text) => {
    expect(formatPorts(allowed)).toBe(text);
  });
});

describe('buildReportModel', () => {
  it('keeps the reasons of missing sections and sorts the inputs', () => {
    const m = model(SMALL);
    expect(m.findings).toEqual({ unavailable: 'no audit' });
    expect(m.plan).toEqual({ unavailable: 'no plan file found' });
    expect(m.summary.bySeverity).toEqual([]);
    expect(m.meta.inputs).toEqual(['a.yaml', 'b.yaml']);
  });

  it('draws workloads inside namespaces and external peers outside them, one edge per flow', () => {
    const graph = model(SMALL).graph as ReportGraph;
    expect(graph.namespaces).toEqual([
      { id: 'a', workloads: 2 },
      { id: 'b', workloads: 2 },
    ]);
    expect(graph.nodes.find((n) => n.id === '0.0.0.0/0')).toEqual({
      id: '0.0.0.0/0',
      label: '0.0.0.0/0',
      kind: 'External',
    });
    expect(graph.edgeLevel).toBe('workload');
    expect(graph.collapsed).toBe(false);
    expect(graph.edges.map((e) => `${e.from} -> ${e.to}: ${e.ports}`)).toEqual([
      '0.0.0.0/0 -> a/Deployment/x: TCP 443',
      'a/Deployment/w -> a/Deployment/x: TCP all',
      'a/Deployment/w -> b/Deployment/y: TCP 443',
      'a/Deployment/x -> b/Deployment/y: TCP 80',
    ]);
  });

  it('says which workloads outside peers reach', () => {
    expect(model(SMALL).summary.headlines).toEqual([
      '1 workload reachable from outside the cluster (0.0.0.0/0)',
    ]);
  });

  it('collapses and groups per namespace when the inputs are over the scale limits', () => {
    const m = model(SMALL, { collapseAbove: 3, maxEdges: 3, maxMatrixSide: 4 });
    const graph = m.graph as ReportGraph;
    expect(graph.collapsed).toBe(true);
    expect(graph.edgeLevel).toBe('namespace');
    expect(graph.note).toMatch(/^4 flows are more than the 3/);
    expect(graph.edges.map((e) => `${e.from} -> ${e.to}: ${e.ports}`)).toEqual([
      '0.0.0.0/0 -> a: TCP 443',
      'a -> a: TCP all',
      'a -> b: TCP 80, 443',
    ]);
    const matrix = m.matrix as ReportMatrix;
    expect(matrix.level).toBe('namespace');
    expect(matrix.rows).toEqual(['0.0.0.0/0', 'a', 'b']);
    // a→b: 2 of the 2×2 workload pairs have something allowed.
    expect(matrix.cells).toContainEqual({ row: 1, col: 2, allowed: 2, pairs: 4, ports: 'TCP 80, 443' });
  });

  it('gives one heat-map cell per allowed pair at workload level', () => {
    const matrix = model(SMALL).matrix as ReportMatrix;
    expect(matrix.level).toBe('workload');
    expect(matrix.rows).toHaveLength(5);
    expect(matrix.cells).toHaveLength(4);
    expect(matrix.cells.every((c) => c.allowed === 1 && c.pairs === 1)).toBe(true);
  });

  it('builds a page model for 3000 workloads without a cell per pair', () => {
    const endpoints = Array.from({ length: 3000 }, (_, i) => ({
      id: `ns${i % 60}/Deployment/w${i}`,
      namespace: `ns${i % 60}`,
      name: `w${i}`,
      kind: 'Deployment',
    }));
    const connections = endpoints.map((e, i) => ({
      from: e.id,
      to: endpoints[(i + 1) % endpoints.length]!.id,
      allowed: [tcp([8080, 8080])],
    }));
    const m = model({ granularity: 'workload', endpoints, connections });
    expect(isUnavailable(m.graph)).toBe(false);
    expect((m.graph as ReportGraph).collapsed).toBe(true);
    const matrix = m.matrix as ReportMatrix;
    expect(matrix.level).toBe('namespace');
    expect(matrix.rows).toHaveLength(60);
  });
});
