// Connectivity matrix → table, JSON (the public contract), CSV, DOT and Markdown. Pure: data in, text out.
import type { Protocol } from '../model/endpoint.js';
import type { AllowedPorts, MatrixView } from '../netpol/matrix.js';
import { portAllowed } from '../netpol/matrix.js';

/** The matrix output formats. */
export const MATRIX_FORMATS = ['table', 'json', 'csv', 'dot', 'markdown'] as const;
/** One of `MATRIX_FORMATS`. */
export type MatrixFormat = (typeof MATRIX_FORMATS)[number];

/** Version of the matrix JSON contract. */
export const MATRIX_SCHEMA_VERSION = 1;

/** One port asked with `--port`. */
export interface PortQuery {
  readonly protocol: Protocol;
  readonly port: number;
}

/** Formats a matrix view in one of the formats; with `port`, each pair answers for that port only. */
export function formatMatrix(view: MatrixView, format: MatrixFormat, port?: PortQuery): string {
  switch (format) {
    case 'json':
      return formatMatrixJson(view, port);
    case 'csv':
      return formatMatrixCsv(view, port);
    case 'dot':
      return formatMatrixDot(view, port);
    case 'markdown':
      return formatMatrixMarkdown(view, port);
    case 'table':
      return formatMatrixTable(view, port);
  }
}

/**
 * The JSON contract: `{schemaVersion, granularity, endpoints, connections}`; with a port every ordered pair as
 * `{from, to, allowed: boolean}`, else the pairs with anything allowed as `{from, to, allowed: [{protocol, ports}]}`.
 */
export function formatMatrixJson(view: MatrixView, port?: PortQuery): string {
  const connections = port
    ? view.connections.map((c) => ({
        from: c.from,
        to: c.to,
        allowed: portAllowed(c.allowed, port.protocol, port.port),
      }))
    : view.connections
        .filter((c) => c.allowed.length > 0)
        .map((c) => ({
          from: c.from,
          to: c.to,
          allowed: c.allowed.map((a) => ({
            protocol: a.protocol,
            ports: a.ports.map(([first, last]) => [first, last]),
            // Additive: ports where an application-layer filter lets only some requests through.
            ...(a.l7
              ? {
                  l7: a.l7.map((n) => ({
                    ports: n.ports.map(([first, last]) => [first, last]),
                    rules: [...n.rules],
                  })),
                }
              : {}),
          })),
        }));
  return `${JSON.stringify(
    {
      schemaVersion: MATRIX_SCHEMA_VERSION,
      granularity: view.granularity,
      endpoints: view.endpoints.map((e) => ({
        id: e.id,
        namespace: e.namespace,
        name: e.name,
        kind: e.kind,
      })),
      connections,
    },
    null,
    2,
  )}\n`;
}

/** `TCP 80-81, UDP 53`; `all ports` when every port of every protocol is allowed. */
export function describeAllowedPorts(allowed: readonly AllowedPorts[]): string {
  if (allowed.length === 0) return 'nothing';
  const full = (a: AllowedPorts) => a.ports.length === 1 && a.ports[0]![0] === 1 && a.ports[0]![1] === 65535;
  if (allowed.length === 3 && allowed.every(full)) return 'all ports';
  const ranges = (ports: AllowedPorts['ports']) =>
    ports.map(([first, last]) => (first === last ? `${first}` : `${first}-${last}`)).join(',');
  return allowed
    .map((a) => {
      const text = full(a) ? `${a.protocol} (all ports)` : `${a.protocol} ${ranges(a.ports)}`;
      // `TCP 80 (HTTP GET /api/.*)`: the port is open, only matching requests pass.
      const notes = a.l7?.map((n) =>
        ranges(n.ports) === ranges(a.ports)
          ? n.rules.join(' or ')
          : `${ranges(n.ports)}: ${n.rules.join(' or ')}`,
      );
      return notes ? `${text} (${notes.join('; ')})` : text;
    })
    .join(', ');
}

/** One row per pair with anything allowed (every pair with `--port`). */
export function formatMatrixCsv(view: MatrixView, port?: PortQuery): string {
  const lines = port ? ['from,to,protocol,port,allowed'] : ['from,to,protocol,ports'];
  for (const c of view.connections) {
    if (port) {
      lines.push(
        [
          c.from,
          c.to,
          port.protocol,
          String(port.port),
          String(portAllowed(c.allowed, port.protocol, port.port)),
        ]
          .map(csvCell)
          .join(','),
      );
      continue;
    }
    for (const a of c.allowed)
      lines.push(
        [
          c.from,
          c.to,
          a.protocol,
          a.ports.map(([first, last]) => (first === last ? `${first}` : `${first}-${last}`)).join(';'),
        ]
          .map(csvCell)
          .join(','),
      );
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Graphviz: one cluster per namespace, external peers as boxes, an edge per pair with anything allowed. */
export function formatMatrixDot(view: MatrixView, port?: PortQuery): string {
  const lines = ['digraph connectivity {', '  rankdir=LR;', '  node [shape=ellipse, fontname="Helvetica"];'];
  const byNamespace = new Map<string, string[]>();
  for (const e of view.endpoints) {
    const key = e.kind === 'External' || view.granularity === 'namespace' ? '' : e.namespace;
    byNamespace.set(key, [...(byNamespace.get(key) ?? []), e.id]);
  }
  let clusterIndex = 0;
  for (const [namespace, ids] of byNamespace) {
    if (namespace === '') {
      for (const id of ids) {
        const external = view.endpoints.find((e) => e.id === id)?.kind === 'External';
        lines.push(`  ${dotId(id)} [label=${dotId(id)}${external ? ', shape=box, style=dashed' : ''}];`);
      }
      continue;
    }
    lines.push(`  subgraph cluster_${clusterIndex++} {`, `    label=${dotId(namespace)};`);
    for (const id of ids) lines.push(`    ${dotId(id)} [label=${dotId(id.slice(namespace.length + 1))}];`);
    lines.push('  }');
  }
  for (const c of view.connections) {
    if (port ? !portAllowed(c.allowed, port.protocol, port.port) : c.allowed.length === 0) continue;
    lines.push(
      `  ${dotId(c.from)} -> ${dotId(c.to)}${port ? '' : ` [label=${dotId(describeAllowedPorts(c.allowed))}]`};`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function dotId(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A Markdown table of the pairs with anything allowed (every pair with `--port`). */
export function formatMatrixMarkdown(view: MatrixView, port?: PortQuery): string {
  const title = port ? `Connectivity on ${port.protocol}/${port.port}` : 'Allowed connections';
  const lines = [
    `### ${title} (${view.granularity} granularity)`,
    '',
    '| From | To | Allowed |',
    '| --- | --- | --- |',
  ];
  for (const c of view.connections) {
    if (!port && c.allowed.length === 0) continue;
    lines.push(
      `| ${mdCell(c.from)} | ${mdCell(c.to)} | ${port ? (portAllowed(c.allowed, port.protocol, port.port) ? 'yes' : 'no') : mdCell(describeAllowedPorts(c.allowed))} |`,
    );
  }
  const blocked = view.connections.filter((c) => c.allowed.length === 0).length;
  if (!port) lines.push('', `${blocked} of ${view.connections.length} ordered pairs allow nothing.`);
  return `${lines.join('\n')}\n`;
}

function mdCell(text: string): string {
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

/**
 * A compact grid: rows are sources, numbered columns destinations. Without a port, `#` means every port is
 * allowed, `+` some ports (listed under the grid), `.` nothing; with a port, `#` allowed and `.` blocked.
 */
export function formatMatrixTable(view: MatrixView, port?: PortQuery): string {
  const n = view.endpoints.length;
  if (n === 0) return 'No endpoints: the inputs hold no pods, workloads or policies naming external peers.\n';
  const width = String(n).length;
  const labels = view.endpoints.map(
    (e, i) => `${String(i + 1).padStart(width)} ${e.id}${e.kind === 'External' ? ' (external)' : ''}`,
  );
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const cellWidth = width + 1;
  const header = `${' '.repeat(labelWidth)} ${view.endpoints.map((_, i) => String(i + 1).padStart(cellWidth)).join('')}`;
  const lines = [
    `${port ? `Connectivity on ${port.protocol}/${port.port}` : 'Connectivity'} at ${view.granularity} granularity (rows: from, columns: to)`,
    '',
    header,
  ];
  const partial: string[] = [];
  view.endpoints.forEach((from, i) => {
    const cells = view.endpoints.map((to, j) => {
      const c = view.connections[i * n + j]!;
      let mark: string;
      if (port) mark = portAllowed(c.allowed, port.protocol, port.port) ? '#' : '.';
      else if (c.allowed.length === 0) mark = '.';
      else if (describeAllowedPorts(c.allowed) === 'all ports') mark = '#';
      else {
        mark = '+';
        partial.push(`  ${from.id} → ${to.id} : ${describeAllowedPorts(c.allowed)}`);
      }
      return mark.padStart(cellWidth);
    });
    lines.push(`${labels[i]!.padEnd(labelWidth)} ${cells.join('')}`);
  });
  lines.push(
    '',
    port ? 'Legend: # allowed, . blocked' : 'Legend: # all ports, + some ports (below), . nothing',
  );
  if (partial.length > 0) lines.push('', 'Some ports allowed:', ...partial);
  return `${lines.join('\n')}\n`;
}
