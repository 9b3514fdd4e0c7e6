// `aksguard netpol lint PATHS`: the audit restricted to the network-policy rules (same findings, severities,
// suppressions and formats), for the mistakes policy authors make.
import { loadClusters } from '../../../load/cluster/index.js';
import { RULES } from '../../../rules/index.js';
import type { CommandRegistration } from '../../main.js';
import {
  auditWith,
  emitFindings,
  FINDING_FORMATS,
  FINDINGS_HELP,
  readFindingOptions,
  withFindingOptions,
} from '../findings.js';

/** The network-policy rules: what `netpol lint` runs, and `audit` runs among the rest. */
const LINT_RULES = RULES.filter((rule) => rule.category === 'network-policy');

export const registerNetpolLint: CommandRegistration = (netpol, action) => {
  withFindingOptions(
    netpol
      .command('lint')
      .description(
        'find policy mistakes: selectors that match nothing, missing default deny, blocked DNS, unexposed ports, redundant and shadowed rules',
      )
      .argument('<paths...>', 'files or folders (walked for .yaml, .yml, .json), or - for standard input'),
  )
    .addHelpText(
      'after',
      `${FINDINGS_HELP}
Rules: ${LINT_RULES.map((rule) => rule.id).join(', ')}.
Examples:
  aksguard netpol lint examples/contoso
  aksguard netpol lint policies/ --fail-on medium --format sarif -o lint.sarif`,
    )
    .action(
      action((ctx, [paths], options) => {
        const { failOn, rules } = readFindingOptions(ctx, options, LINT_RULES, 'network-policy rule');
        ctx.format(FINDING_FORMATS, 'text');
        const loaded = ctx.load(paths as string[]);
        // Cluster definitions count too: the catalogue's network-policy rules include the cluster's policy engine.
        const clusters = loadClusters(loaded.documents);
        for (const diagnostic of clusters.diagnostics) ctx.diagnose(diagnostic);
        const result = auditWith(ctx, clusters.clusters, loaded, rules);
        return emitFindings(ctx, result, loaded, failOn, 'aksguard netpol lint');
      }),
    );
};
