// Rule documentation from rule metadata: the page of one rule, the catalogue index, and the `aksguard rules` listings.
import type { Rule } from '../rules/index.js';
import {
  EQUIVALENT_DESCRIPTIONS,
  EQUIVALENT_TOOLS,
  isClusterRemediation,
  SUPPRESS_ANNOTATION,
  SUPPRESS_TAG_PREFIXES,
} from '../rules/index.js';
import { contractRule } from './audit-json.js';
import { markdownCell, markdownTable } from './markdown.js';
import { PLAIN, type TextStyle } from './plan-text.js';

const TOOL_NAMES = {
  psrule: 'PSRule for Azure',
  checkov: 'Checkov',
  trivy: 'Trivy',
  kubescape: 'kubescape',
} as const;

/** The Markdown page of one rule (`docs/rules/<id>.md`, and `aksguard rules ID`). */
export function renderRuleDoc(rule: Rule): string {
  const out: string[] = [
    `# ${rule.id}`,
    '',
    `${rule.title}.`,
    '',
    markdownTable(
      ['Category', 'Default severity', 'Fixed in'],
      [
        [
          rule.category,
          rule.defaultSeverity,
          isClusterRemediation(rule.docs.remediation) ? 'cluster definition' : 'Kubernetes manifests',
        ],
      ],
    ),
    '',
    '## Summary',
    '',
    rule.docs.summary,
    '',
    '## Why',
    '',
    rule.docs.rationale.trimEnd(),
    '',
    '## How to fix',
    '',
  ];
  const remediation = rule.docs.remediation;
  if (isClusterRemediation(remediation)) {
    out.push(
      'With the Azure CLI:',
      '',
      fence('sh', remediation.az),
      '',
      'In Terraform (`azurerm_kubernetes_cluster`):',
      '',
      fence('hcl', remediation.terraform),
      '',
      'In an ARM template (`Microsoft.ContainerService/managedClusters` properties):',
      '',
      fence('json', remediation.arm),
    );
  } else {
    out.push(fence('yaml', remediation.kubernetes));
  }
  out.push('', '## Examples', '');
  for (const example of rule.examples.invalid) {
    out.push('❌ Incorrect:', '', fence('yaml', example.input), '');
    for (const report of example.reports)
      out.push(`- line ${report.line}: ${placeholders(rule.messages[report.messageId] ?? report.messageId)}`);
    out.push('');
  }
  for (const example of rule.examples.valid) out.push('✅ Correct:', '', fence('yaml', example), '');
  if (rule.docs.whenNotToUse) out.push('## When not to use it', '', rule.docs.whenNotToUse, '');
  out.push(
    '## Suppressing',
    '',
    isClusterRemediation(remediation)
      ? `Tag the cluster resource with \`${SUPPRESS_TAG_PREFIXES[1]}${rule.id}: <reason>\` (\`${SUPPRESS_TAG_PREFIXES[0]}${rule.id}\` is also read, but Azure rejects \`/\` in tag names).`
      : `Annotate the object with \`${SUPPRESS_ANNOTATION}: "${rule.id}: <reason>"\` (several rules: \`"rule-a,rule-b: <reason>"\`, one line per reason).`,
    '',
  );
  const equivalents = EQUIVALENT_TOOLS.flatMap((tool) =>
    (rule.equivalents[tool] ?? []).map(
      (id) => `- ${TOOL_NAMES[tool]} \`${id}\`: ${EQUIVALENT_DESCRIPTIONS[tool][id] ?? ''}`,
    ),
  );
  if (equivalents.length > 0) out.push('## Equivalent checks in other tools', '', ...equivalents, '');
  out.push('## References', '', ...rule.docs.references.map((url) => `- <${url}>`), '');
  return out.join('\n');
}

/** The catalogue index (`docs/rules/README.md`, `aksguard rules --format markdown`), linking each rule's page. */
export function renderRulesMarkdown(rules: readonly Rule[], linkPrefix = ''): string {
  return [
    '# aksguard rules',
    '',
    `${rules.length} rules. Generated from the rule metadata by \`npm run docs\`; do not edit.`,
    '',
    markdownTable(
      ['Rule', 'Category', 'Severity', 'Title', 'Equivalents'],
      rules.map((rule) => [
        `[\`${rule.id}\`](${linkPrefix}${rule.id}.md)`,
        rule.category,
        rule.defaultSeverity,
        markdownCell(rule.title),
        markdownCell(EQUIVALENT_TOOLS.flatMap((tool) => rule.equivalents[tool] ?? []).join(', ')),
      ]),
    ),
    '',
  ].join('\n');
}

/** The catalogue as an aligned text table. */
export function renderRulesTable(rules: readonly Rule[], style: TextStyle = PLAIN): string {
  const idWidth = Math.max(...rules.map((r) => r.id.length), 2);
  const categoryWidth = Math.max(...rules.map((r) => r.category.length), 8);
  const header = `${'ID'.padEnd(idWidth)}  ${'SEVERITY'.padEnd(8)}  ${'CATEGORY'.padEnd(categoryWidth)}  TITLE`;
  const rows = rules.map(
    (r) =>
      `${r.id.padEnd(idWidth)}  ${r.defaultSeverity.padEnd(8)}  ${r.category.padEnd(categoryWidth)}  ${r.title}`,
  );
  return `${[style.bold(header), ...rows].join('\n')}\n`;
}

/** The catalogue as JSON: each rule as the audit contract lists it, plus its summary and references. */
export function renderRulesJson(rules: readonly Rule[], schemaVersion: number): string {
  return `${JSON.stringify(
    {
      schemaVersion,
      rules: rules.map((rule) => ({
        ...contractRule(rule),
        summary: rule.docs.summary,
        references: rule.docs.references,
      })),
    },
    null,
    2,
  )}\n`;
}

/** Shows a message template's `{{name}}` placeholders as `<name>`, since the docs quote templates, not runs. */
function placeholders(template: string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, '<$1>');
}

function fence(language: string, body: string): string {
  return `\`\`\`${language}\n${body.trimEnd()}\n\`\`\``;
}

/** The generated documentation folder `docs/rules/`: one page per rule and the index, by file name. */
export function ruleDocFiles(rules: readonly Rule[]): { readonly name: string; readonly content: string }[] {
  return [
    { name: 'README.md', content: renderRulesMarkdown(rules) },
    ...rules.map((rule) => ({ name: `${rule.id}.md`, content: renderRuleDoc(rule) })),
  ];
}
