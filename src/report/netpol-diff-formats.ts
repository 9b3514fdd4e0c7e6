// The connectivity diff's output formats and their dispatcher. Pure.
import type { ConnectivityDiff } from '../netpol/diff.js';
import { formatDiffDot } from './netpol-diff-dot.js';
import { formatDiffJson } from './netpol-diff-json.js';
import { formatDiffMarkdown } from './netpol-diff-markdown.js';
import { type DiffLabels, formatDiffText } from './netpol-diff-text.js';

/** The diff output formats. */
export const DIFF_FORMATS = ['text', 'json', 'markdown', 'dot'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Formats a diff in one of the formats. */
export function formatConnectivityDiff(
  diff: ConnectivityDiff,
  format: DiffFormat,
  labels: DiffLabels,
): string {
  switch (format) {
    case 'json':
      return formatDiffJson(diff, labels);
    case 'markdown':
      return formatDiffMarkdown(diff, labels);
    case 'dot':
      return formatDiffDot(diff, labels);
    case 'text':
      return formatDiffText(diff, labels);
  }
}
