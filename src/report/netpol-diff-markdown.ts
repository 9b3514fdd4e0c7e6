// A connectivity diff → Markdown, ready to post as a pull-request comment. Pure.
import type { ConnectionDiff, ConnectivityDiff } from '../netpol/diff.js';
import { markdownCell } from './markdown.js';
import {
  type DiffLabels,
  describeCause,
  describeOpenedClosed,
  describePolicy,
  describePortChange,
  diffSummary,
  endpointNoun,
} from './netpol-diff-text.js';

const HEADINGS: Record<ConnectionDiff['change'], string> = {
  added: '🟢 added',
  removed: '🔴 removed',
  changed: '🟠 changed',
};

/** A heading, the summary, one table of changed connections (with why), endpoints and policies changed. */
export function formatDiffMarkdown(diff: ConnectivityDiff, labels: DiffLabels): string {
  const lines = [
    '### aksguard netpol diff',
    '',
    `\`${markdownCell(labels.base)}\` → \`${markdownCell(labels.head)}\` at ${diff.granularity} granularity: ${diffSummary(diff)}.`,
  ];
  if (diff.newExposure)
    lines.push('', '> [!WARNING]', '> This change allows connections that were not allowed before.');
  if (diff.connections.length > 0) {
    lines.push('', '| Change | From | To | Ports | Why |', '| --- | --- | --- | --- | --- |');
    for (const c of diff.connections) {
      const ports =
        c.change === 'changed'
          ? `${describePortChange(c)} (${describeOpenedClosed(c)})`
          : describePortChange(c);
      lines.push(
        `| ${HEADINGS[c.change]} | \`${markdownCell(c.from)}\` | \`${markdownCell(c.to)}\` | ${markdownCell(ports)} | ${c.causes
          .map((x) =>
            describeCause(x)
              .map((line) => markdownCell(line.replace(/ {2,}/g, ' ')))
              .join('<br>'),
          )
          .join('<br>')} |`,
      );
    }
  } else {
    lines.push('', 'No connection changed.');
  }
  const noun = endpointNoun(diff.granularity, 2);
  if (diff.endpointsAdded.length > 0)
    lines.push(
      '',
      `**${capitalize(noun)} added:** ${diff.endpointsAdded.map((e) => `\`${markdownCell(e.id)}\``).join(', ')}`,
    );
  if (diff.endpointsRemoved.length > 0)
    lines.push(
      '',
      `**${capitalize(noun)} removed:** ${diff.endpointsRemoved.map((e) => `\`${markdownCell(e.id)}\``).join(', ')}`,
    );
  if (diff.policies.length > 0) {
    lines.push(
      '',
      '<details><summary>Policies changed</summary>',
      '',
      '| Change | Policy |',
      '| --- | --- |',
    );
    for (const p of diff.policies)
      lines.push(`| ${p.change} | ${markdownCell(describePolicy({ ...p, change: 'unchanged' }, true))} |`);
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

function capitalize(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}
