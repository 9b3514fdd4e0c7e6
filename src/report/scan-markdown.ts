// `aksguard scan --format markdown`: the summary for a CI job summary or a pull-request comment. Pure.
import { markdownCell, markdownTable } from './markdown.js';
import { describeAllowedPorts } from './netpol-matrix.js';
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

/** Headlines as a list, then tables: worst findings, reachable workloads, namespaces without default deny. */
export function renderScanMarkdown(result: ScanResult): string {
  const parts = ['## aksguard scan', '', `Scanned ${markdownCell(describeInputs(result.inputs))}.`, ''];
  if (result.exposure) parts.push(`- **${exposureHeadline(result.exposure)}**`);
  parts.push(`- ${auditHeadline(result)}`);
  for (const plan of result.plans) parts.push(`- plan ${markdownCell(planHeadline(plan))}`);
  if (result.gate)
    parts.push(`- \`--fail-on ${result.gate.failOn}\`: ${result.gate.failed ? '❌ failed' : '✅ passed'}`);
  const { worst, groups } = worstFindings(result.audit?.findings ?? []);
  if (worst.length > 0) {
    parts.push(
      '',
      `### Worst findings${groups > worst.length ? ` (${worst.length} of ${groups})` : ''}`,
      '',
      markdownTable(
        ['Severity', 'Rule', 'Resource', 'Location', 'Message'],
        worst.map((group) => [
          group.finding.severity,
          `\`${group.finding.ruleId}\``,
          markdownCell(findingResource(group.finding)),
          markdownCell(groupLocation(group)),
          markdownCell(group.finding.message),
        ]),
      ),
    );
  }
  if (result.exposure && result.exposure.reachableFromInternet.length > 0)
    parts.push(
      '',
      '### Reachable from the internet',
      '',
      markdownTable(
        ['Workload', 'Ports'],
        result.exposure.reachableFromInternet.map((r) => [
          `\`${markdownCell(r.endpoint.id)}\``,
          markdownCell(describeAllowedPorts(r.ports)),
        ]),
      ),
    );
  if (result.exposure && result.exposure.namespacesWithoutDefaultDeny.length > 0)
    parts.push(
      '',
      '### Namespaces without default deny',
      '',
      markdownTable(
        ['Namespace', 'Directions not isolated'],
        result.exposure.namespacesWithoutDefaultDeny.map((n) => [
          `\`${markdownCell(n.namespace)}\``,
          n.directions.join(', '),
        ]),
      ),
    );
  return `${parts.join('\n')}\n`;
}
