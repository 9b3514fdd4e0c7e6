// The audit as JUnit XML for CI test reports: one test suite per rule, one failing test case per finding.
import type { AuditResult, Finding } from '../rules/index.js';
import { escapeXml } from './xml.js';

/**
 * Renders the audit as JUnit XML, the test suites named after `title` (the command that ran); suppressed findings
 * are skipped test cases, rules without findings pass.
 */
export function renderAuditJunit(result: AuditResult, title = 'aksguard audit'): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const rule of result.rules) {
    const found = result.findings.filter((f) => f.ruleId === rule.id);
    const accepted = result.suppressed.filter((f) => f.ruleId === rule.id);
    const cases = [
      ...found.map((f) =>
        testCase(
          f,
          `      <failure type="${f.severity}" message="${escapeXml(f.message)}">${escapeXml(location(f))}</failure>\n`,
        ),
      ),
      ...accepted.map((f) =>
        testCase(
          f,
          `      <skipped message="${escapeXml(`suppressed: ${f.suppression?.reason ?? ''}`)}"/>\n`,
        ),
      ),
    ];
    if (cases.length === 0)
      cases.push(`    <testcase name="no findings" classname="${escapeXml(rule.id)}"/>\n`);
    const count = Math.max(1, found.length + accepted.length);
    tests += count;
    failures += found.length;
    skipped += accepted.length;
    suites.push(
      `  <testsuite name="${escapeXml(rule.id)}" tests="${count}" failures="${found.length}" errors="0" skipped="${accepted.length}">\n${cases.join('')}  </testsuite>\n`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(title)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join('')}</testsuites>\n`;
}

function testCase(finding: Finding, body: string): string {
  const { kind, name, namespace, file, line } = finding.resource;
  const subject = `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
  return `    <testcase name="${escapeXml(`${subject} (${file}:${line})`)}" classname="${escapeXml(finding.ruleId)}" file="${escapeXml(file)}" line="${line}">\n${body}    </testcase>\n`;
}

function location(finding: Finding): string {
  const { file, line, column } = finding.resource;
  return `${file}:${line}:${column ?? 1}: ${finding.message}`;
}
