// `aksguard audit`: run the rule catalogue over cluster definitions and Kubernetes manifests.
import { loadClusters } from '../../load/cluster/index.js';
import { RULES } from '../../rules/index.js';
import type { CommandRegistration } from '../main.js';
import {
  auditWith,
  emitFindings,
  FINDING_FORMATS,
  FINDINGS_HELP,
  readFindingOptions,
  withFindingOptions,
} from './findings.js';

export const registerAudit: CommandRegistration = (program, action) => {
  withFindingOptions(
    program
      .command('audit')
      .description(
        'audit cluster definitions (az JSON, ARM, Terraform) and Kubernetes manifests against the AKS best practices',
      )
      .argument('<paths...>', 'files or folders to read, or - for standard input'),
  )
    .addHelpText('after', FINDINGS_HELP)
    .action(
      action((ctx, args, options) => {
        const [paths] = args as [string[]];
        const { failOn, rules } = readFindingOptions(ctx, options, RULES);
        ctx.format(FINDING_FORMATS, 'text');
        const loaded = ctx.load(paths);
        const clusters = loadClusters(loaded.documents);
        for (const diagnostic of clusters.diagnostics) ctx.diagnose(diagnostic);
        return emitFindings(ctx, auditWith(ctx, clusters.clusters, loaded, rules), loaded, failOn);
      }),
    );
};
