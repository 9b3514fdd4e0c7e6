// A connectivity diff → Graphviz DOT: the endpoints involved grouped by namespace, one edge per changed
// connection coloured by change (added green, removed red and dashed, changed orange). Pure.
import type { ConnectionDiff, ConnectivityDiff } from '../netpol/diff.js';
import type { MatrixEndpoint } from '../netpol/matrix.js';
import type { DiffLabels } from './netpol-diff-text.js';
import { describePortChange } from './netpol-diff-text.js';

const COLOURS: Record<ConnectionDiff['change'], string> = {
  added: '#2e7d32',
  removed: '#c62828',
  changed: '#ef6c00',
};

/** The changed part of the graph; endpoints added or removed are outlined in the same colours. */
export function formatDiffDot(diff: ConnectivityDiff, labels: DiffLabels): string {
  const lines = [
    'digraph connectivity_diff {',
    `  label=${dotId(`${labels.base} → ${labels.head} (${diff.granularity} granularity)`)};`,
    '  labelloc=t;',
    '  rankdir=LR;',
    '  node [shape=ellipse, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  const added = new Set(diff.endpointsAdded.map((e) => e.id));
  const removed = new Set(diff.endpointsRemoved.map((e) => e.id));
  // Namespaces are clusters of nodes; at namespace granularity each node is a namespace, and external peers stand alone.
  const clusterOf = (e: MatrixEndpoint) =>
    e.kind === 'External' || diff.granularity === 'namespace' ? '' : e.namespace;
  const byNamespace = new Map<string, MatrixEndpoint[]>();
  for (const e of diff.endpoints)
    byNamespace.set(clusterOf(e), [...(byNamespace.get(clusterOf(e)) ?? []), e]);
  const node = (e: MatrixEndpoint, label: string) => {
    const style = added.has(e.id)
      ? `, color="${COLOURS.added}", penwidth=2`
      : removed.has(e.id)
        ? `, color="${COLOURS.removed}", style=dashed, penwidth=2`
        : '';
    return `${dotId(e.id)} [label=${dotId(label)}${e.kind === 'External' ? ', shape=box' : ''}${style}];`;
  };
  let cluster = 0;
  for (const [namespace, ids] of byNamespace) {
    if (namespace === '') {
      for (const e of ids) lines.push(`  ${node(e, e.id)}`);
      continue;
    }
    lines.push(`  subgraph cluster_${cluster++} {`, `    label=${dotId(namespace)};`);
    for (const e of ids) lines.push(`    ${node(e, e.id.slice(namespace.length + 1))}`);
    lines.push('  }');
  }
  for (const c of diff.connections) {
    const style = c.change === 'removed' ? ', style=dashed' : '';
    lines.push(
      `  ${dotId(c.from)} -> ${dotId(c.to)} [color="${COLOURS[c.change]}", fontcolor="${COLOURS[c.change]}"${style}, label=${dotId(`${c.change}: ${describePortChange(c)}`)}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function dotId(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
