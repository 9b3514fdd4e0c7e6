// `aksguard scan` for a terminal: a summary a person reads in ten seconds, worst findings first. Pure.
import { colourSeverity } from './audit-text.js';
import { describeAllowedPorts } from './netpol-matrix.js';
import { PLAIN, type TextStyle } from './plan-text.js';
import {
  auditHeadline,
  describeInputs,
  exposureHeadline,
  findingResource,
  groupLocation,
  planHeadline,
  type ScanResult,
  worstFindings,
} from './scan-summary.js';

/** Headlines, the worst findings, who the internet reaches, namespaces without default deny, and what to run next. */
export function renderScanText(result: ScanResult, style: TextStyle = PLAIN): string {
  const lines = [
    style.bold(`aksguard scan ${result.inputs.paths.join(' ')}`),
    `  scanned ${describeInputs(result.inputs)}`,
    '',
  ];
  if (result.exposure) lines.push(`  ${style.bold(exposureHeadline(result.exposure))}`);
  lines.push(`  ${auditHeadline(result)}`);
  for (const plan of result.plans) lines.push(`  plan ${planHeadline(plan)}`);
  if (result.gate)
    lines.push(
      `  --fail-on ${result.gate.failOn}: ${result.gate.failed ? style.red('FAILED') : style.green('passed')}`,
    );

  const { worst, groups } = worstFindings(result.audit?.findings ?? []);
  if (worst.length > 0) {
    lines.push('', style.bold('Worst findings'));
    for (const { finding, ...group } of worst)
      lines.push(
        `  ${colourSeverity(style, finding.severity)}${finding.message}`,
        style.dim(
          `          ${finding.ruleId} · ${findingResource(finding)} · ${groupLocation({ finding, ...group })}`,
        ),
      );
    const more = groups - worst.length;
    if (more > 0)
      lines.push(style.dim(`  … and ${more} more (aksguard audit ${result.inputs.paths.join(' ')})`));
  }
  if (result.exposure && result.exposure.reachableFromInternet.length > 0) {
    lines.push('', style.bold('Reachable from the internet'));
    for (const r of result.exposure.reachableFromInternet)
      lines.push(`  ${r.endpoint.id} : ${describeAllowedPorts(r.ports)}`);
  }
  if (result.exposure && result.exposure.namespacesWithoutDefaultDeny.length > 0) {
    lines.push('', style.bold('Namespaces without default deny'));
    for (const n of result.exposure.namespacesWithoutDefaultDeny)
      lines.push(`  ${n.namespace} : ${n.directions.join(', ')}`);
  }
  const problems = result.plans.flatMap((p) => p.plan.problems.filter((x) => x.severity !== 'info'));
  if (problems.length > 0) {
    lines.push('', style.bold('Plan problems'));
    for (const p of problems) lines.push(`  ${p.severity.padEnd(7)}  ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}
