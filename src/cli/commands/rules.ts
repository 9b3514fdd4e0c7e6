// `aksguard rules`: list the rule catalogue, or print one rule's documentation.
import {
  AUDIT_SCHEMA_VERSION,
  renderRuleDoc,
  renderRulesJson,
  renderRulesMarkdown,
  renderRulesTable,
} from '../../report/index.js';
import { findRule, RULES } from '../../rules/index.js';
import { CliError } from '../errors.js';
import { type CommandRegistration, EXIT } from '../main.js';

const FORMATS = ['table', 'json', 'markdown'] as const;

export const registerRules: CommandRegistration = (program, action) => {
  program
    .command('rules')
    .description('list the audit rules, or print the documentation of one rule')
    .argument('[id]', 'a rule id: print its documentation')
    .addHelpText(
      'after',
      `\nFormats (--format): ${FORMATS.join(', ')} (default table; one rule prints Markdown).`,
    )
    .action(
      action((ctx, args) => {
        const [id] = args as [string | undefined];
        const format = ctx.format(FORMATS, 'table');
        if (id === undefined) {
          const render = {
            table: () => renderRulesTable(RULES, ctx.style),
            json: () => renderRulesJson(RULES, AUDIT_SCHEMA_VERSION),
            markdown: () => renderRulesMarkdown(RULES),
          };
          ctx.emit(render[format]());
          return EXIT.ok;
        }
        const rule = findRule(id);
        if (!rule) {
          const near = RULES.filter((r) => r.id.includes(id) || id.includes(r.id)).map((r) => r.id);
          throw new CliError(`unknown rule "${id}"`, {
            hint:
              near.length > 0
                ? `did you mean ${near.slice(0, 3).join(', ')}?`
                : 'run `aksguard rules` for the rule ids',
          });
        }
        ctx.emit(format === 'json' ? renderRulesJson([rule], AUDIT_SCHEMA_VERSION) : renderRuleDoc(rule));
        return EXIT.ok;
      }),
    );
};
