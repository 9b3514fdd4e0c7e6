// `aksguard plan` as a readable table per plugin: sizes, fits, limits, the recommendation and the problems.
import { formatSourceRef } from '../model/source.js';
import type { PlanLimit, PlanOption, PlanProblem, PlanResult, SubnetPlan } from '../plan/index.js';

/** The styling the text reporter uses; the CLI passes colours on a terminal, tests pass `PLAIN`. */
export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

const identity = (text: string) => text;

/** No styling. */
export const PLAIN: TextStyle = {
  bold: identity,
  dim: identity,
  red: identity,
  yellow: identity,
  green: identity,
};

/** Renders a plan as text. */
export function renderPlanText(plan: PlanResult, style: TextStyle = PLAIN): string {
  const lines: string[] = [];
  lines.push(style.bold(`Network plan${plan.name ? `: ${plan.name}` : ''}`));
  lines.push(...describeCounts(plan).map((l) => `  ${l}`));
  lines.push('');
  const recommended = plan.recommendation.plugin;
  lines.push(style.bold(`Recommendation: ${recommended}`));
  for (const reason of plan.recommendation.reasons) lines.push(`  - ${reason}`);
  for (const option of plan.options) {
    lines.push('');
    lines.push(...renderOption(option, option.plugin === recommended, style));
  }
  lines.push('');
  lines.push(...renderProblems(plan.problems, style));
  return `${lines.join('\n')}\n`;
}

/** The counts the sizes rest on, in words. */
export function describeCounts(plan: PlanResult): string[] {
  const { counts } = plan;
  const peak = counts.peakNodes > counts.nodes ? `, autoscaler max ${counts.peakNodes}` : '';
  return [
    `nodes ${counts.nodes}${peak}, maxSurge ${counts.maxSurge}${counts.maxSurgeDefaulted ? ' (AKS default)' : ''} (${counts.surgeNodes} surge node${counts.surgeNodes === 1 ? '' : 's'}): planning for ${counts.plannedNodes} nodes`,
    `pods ${plan.pods}, internal load balancers ${plan.internalLoadBalancers}`,
  ];
}

function renderOption(option: PlanOption, recommended: boolean, style: TextStyle): string[] {
  const marker = recommended ? ` ${style.green('(recommended)')}` : '';
  const lines = [style.bold(`${option.plugin}: ${option.title}, max pods ${option.maxPods}`) + marker];
  const rows = [
    ['role', 'IPs', 'prefix', 'CIDR', 'fits', 'headroom', 'formula'],
    ...option.subnets.map((s) => [
      s.role,
      String(s.requiredIPs),
      `/${s.minimumPrefixLength}`,
      cidrCell(s),
      fitsCell(s),
      s.headroom === undefined ? '-' : String(s.headroom),
      s.formula,
    ]),
  ];
  const table = alignColumns(rows);
  lines.push(`  ${style.dim(table[0]!)}`);
  for (const [i, row] of table.slice(1).entries()) {
    const fits = option.subnets[i]!.fits;
    lines.push(`  ${fits === false ? style.red(row) : row}`);
  }
  lines.push(`  ${style.dim('limits')}`);
  const limitRows = alignColumns(
    option.limits.map((l) => [limitStatus(l), limitRange(l), l.code, l.description]),
  );
  for (const [i, row] of limitRows.entries())
    lines.push(`    ${option.limits[i]!.exceeded ? style.red(row) : row}`);
  lines.push(`  ${style.dim('why')}`);
  for (const line of option.explanation) lines.push(`    - ${line}`);
  return lines;
}

function renderProblems(problems: readonly PlanProblem[], style: TextStyle): string[] {
  if (problems.length === 0) return [style.bold('Problems: none')];
  const lines = [style.bold(`Problems: ${summarizeProblems(problems)}`)];
  const colour = { error: style.red, warning: style.yellow, info: style.dim } as const;
  for (const p of problems) {
    const subjects = p.subjects.length > 0 ? ` [${p.subjects.join(', ')}]` : '';
    const where = p.locations ? ` ${style.dim(`(${p.locations.map(formatSourceRef).join(', ')})`)}` : '';
    lines.push(`  ${colour[p.severity](p.severity.padEnd(7))} ${p.code}${subjects}${where}`);
    lines.push(`          ${p.message}`);
  }
  return lines;
}

/** `1 error, 2 warnings` */
export function summarizeProblems(problems: readonly PlanProblem[]): string {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.severity, (counts.get(p.severity) ?? 0) + 1);
  return (['error', 'warning', 'info'] as const)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}${counts.get(s) === 1 || s === 'info' ? '' : 's'}`)
    .join(', ');
}

/** The CIDR cell: the given block, marked when it is AKS's default. */
export function cidrCell(subnet: SubnetPlan): string {
  if (subnet.cidr === undefined) return '-';
  return subnet.defaulted ? `${subnet.cidr} (default)` : subnet.cidr;
}

/** `yes`, `NO`, or `-` when no CIDR was given. */
export function fitsCell(subnet: SubnetPlan): string {
  return subnet.fits === undefined ? '-' : subnet.fits ? 'yes' : 'NO';
}

/** `ok`, `EXCEEDED`, or `-` for a limit the plan has no value to measure against. */
export function limitStatus(limit: PlanLimit): string {
  if (limit.planned === undefined) return '-';
  return limit.exceeded ? 'EXCEEDED' : 'ok';
}

/** `40 of 400`, `30 in 10-250`, or the bare value when the plan has nothing to measure against it. */
export function limitRange(limit: PlanLimit): string {
  const bound = limit.minimum !== undefined ? `${limit.minimum}-${limit.limit}` : String(limit.limit);
  if (limit.planned === undefined) return bound;
  return limit.minimum !== undefined ? `${limit.planned} in ${bound}` : `${limit.planned} of ${bound}`;
}

/** Pads every column but the last to its widest cell. */
function alignColumns(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
