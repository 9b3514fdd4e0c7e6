// `aksguard plan` as Markdown, for a design document or a pull request.
import { formatSourceRef } from '../model/source.js';
import type { PlanOption, PlanProblem, PlanResult } from '../plan/index.js';
import { markdownCell, markdownTable } from './markdown.js';
import {
  cidrCell,
  describeCounts,
  fitsCell,
  limitRange,
  limitStatus,
  summarizeProblems,
} from './plan-text.js';

/** Renders a plan as GitHub-flavoured Markdown. */
export function renderPlanMarkdown(plan: PlanResult): string {
  const lines: string[] = [];
  lines.push(`# Network plan${plan.name ? `: ${escapeText(plan.name)}` : ''}`, '');
  for (const line of describeCounts(plan)) lines.push(`- ${line}`);
  lines.push('', `## Recommendation: \`${plan.recommendation.plugin}\``, '');
  for (const reason of plan.recommendation.reasons) lines.push(`- ${escapeText(reason)}`);
  lines.push('', '## Options');
  for (const option of plan.options) lines.push('', ...renderOption(option, plan.recommendation.plugin));
  lines.push('', ...renderProblems(plan.problems));
  return `${lines.join('\n')}\n`;
}

function renderOption(option: PlanOption, recommended: string): string[] {
  const marker = option.plugin === recommended ? ' (recommended)' : '';
  const lines = [`### \`${option.plugin}\`: ${option.title}, max pods ${option.maxPods}${marker}`, ''];
  lines.push(
    ...table(
      ['role', 'required IPs', 'min prefix', 'CIDR', 'fits', 'headroom', 'formula'],
      option.subnets.map((s) => [
        s.role,
        String(s.requiredIPs),
        `/${s.minimumPrefixLength}`,
        cidrCell(s),
        fitsCell(s),
        s.headroom === undefined ? '-' : String(s.headroom),
        s.formula,
      ]),
    ),
  );
  lines.push(
    '',
    ...table(
      ['limit', 'value', 'status', 'what', 'source'],
      option.limits.map((l) => [`\`${l.code}\``, limitRange(l), limitStatus(l), l.description, l.source]),
    ),
  );
  lines.push('');
  for (const line of option.explanation) lines.push(`- ${escapeText(line)}`);
  return lines;
}

function renderProblems(problems: readonly PlanProblem[]): string[] {
  if (problems.length === 0) return ['## Problems', '', 'None.'];
  return [
    `## Problems: ${summarizeProblems(problems)}`,
    '',
    ...table(
      ['severity', 'code', 'subjects', 'message', 'where'],
      problems.map((p) => [
        p.severity,
        `\`${p.code}\``,
        p.subjects.map((s) => `\`${s}\``).join(', '),
        p.message,
        (p.locations ?? []).map(formatSourceRef).join(', '),
      ]),
    ),
  ];
}

function table(header: readonly string[], rows: readonly string[][]): string[] {
  return [
    markdownTable(
      header,
      rows.map((row) => row.map(markdownCell)),
    ),
  ];
}

/** Keeps `<`, `>` and `*` from being read as HTML or emphasis. */
function escapeText(text: string): string {
  return text.replace(/[<>*]/g, (c) => `\\${c}`);
}
