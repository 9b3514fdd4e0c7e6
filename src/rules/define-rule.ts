// The rule-as-module unit: metadata, documentation, examples that are tests, and a pure check over the rule context.

import type { Severity } from '../model/severity.js';
import type { RuleContext } from './context.js';
import type { RuleEquivalents } from './equivalents.js';

export { isSeverity, SEVERITIES, type Severity, severityRank } from '../model/severity.js';

/** The topics of the talk the catalogue is organised by. */
export const RULE_CATEGORIES = [
  'network',
  'network-policy',
  'egress',
  'ingress',
  'api-server',
  'identity',
  'workload',
  'add-ons',
] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

/** How to fix a cluster-definition finding, in each of the three ways a cluster is defined. */
export interface ClusterRemediation {
  readonly az: string;
  readonly terraform: string;
  readonly arm: string;
}

/** How to fix a manifest finding: the corrected Kubernetes YAML. */
export interface ManifestRemediation {
  readonly kubernetes: string;
}

/** The documentation a rule carries; `docs/rules/<id>.md` is generated from it. */
export interface RuleDocs {
  /** One sentence: what the rule reports. */
  readonly summary: string;
  /** Why (Markdown): the talk's reason where it has one, and what changed since 2021. */
  readonly rationale: string;
  readonly remediation: ClusterRemediation | ManifestRemediation;
  /** When the finding may be accepted (Markdown), if there is such a case. */
  readonly whenNotToUse?: string;
  readonly references: readonly string[];
}

/** One report an invalid example must produce: its message and the 1-based line of the example it points at. */
export interface ExpectedReport<MessageId extends string> {
  readonly messageId: MessageId;
  readonly line: number;
}

/** Inputs (YAML text, as a user would pass them) that must pass and that must fail, with the exact reports. */
export interface RuleExamples<MessageId extends string> {
  readonly valid: readonly string[];
  readonly invalid: readonly {
    readonly input: string;
    readonly reports: readonly ExpectedReport<MessageId>[];
  }[];
}

/** Everything a rule declares; `defineRule` checks the types, the registry test checks the rest. */
export interface RuleDefinition<MessageId extends string> {
  /** Stable kebab-case id, equal to the file name; users suppress by it, so it never changes. */
  readonly id: string;
  readonly title: string;
  readonly category: RuleCategory;
  readonly defaultSeverity: Severity;
  readonly docs: RuleDocs;
  /** The ids of the same check in other tools, so users migrating from them can map their suppressions. */
  readonly equivalents: RuleEquivalents;
  /** Message templates by id; `{{name}}` is replaced by `data.name`. */
  readonly messages: Readonly<Record<MessageId, string>>;
  readonly examples: RuleExamples<MessageId>;
  check(ctx: RuleContext<MessageId>): void;
}

/** A registered rule (message ids erased). */
export type Rule = RuleDefinition<string>;

/** Declares a rule; typed like typescript-eslint's `createRule` so message ids in `check` and examples are checked. */
export function defineRule<MessageId extends string>(definition: RuleDefinition<MessageId>): Rule {
  return definition as unknown as Rule;
}

/** Whether a rule is fixed in the cluster definition (az/Terraform/ARM) rather than in Kubernetes manifests. */
export function isClusterRemediation(
  remediation: ClusterRemediation | ManifestRemediation,
): remediation is ClusterRemediation {
  return 'az' in remediation;
}

/** Replaces `{{name}}` placeholders in a message template. */
export function formatMessage(
  template: string,
  data: Readonly<Record<string, string | number>> = {},
): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in data ? String(data[name]) : whole,
  );
}

/**
 * Template tag for example inputs and Markdown written indented inside rule files: removes the common
 * indentation and the first and last line when blank, so the text reads as the user would write it.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.split('\n');
  if (lines[0]?.trim() === '') lines.shift();
  if (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
  );
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n') + '\n';
}
