// `aksguard netpol diff BASE HEAD [PATHS…]`: what a change to manifests or policies opens and closes.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option } from 'commander';
import { isGitRevision, readInputsAtRevision } from '../../../load/git.js';
import type { LoadedInputs } from '../../../load/read.js';
import { analyzeNetworkPolicies, type NetpolAnalysis } from '../../../netpol/analysis.js';
import { diffConnectivity } from '../../../netpol/diff.js';
import type { Granularity } from '../../../netpol/matrix.js';
import { DIFF_FORMATS, formatConnectivityDiff } from '../../../report/netpol-diff-formats.js';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import type { CommandRegistration } from '../../main.js';

/** One side of the diff: files and folders on disk, or paths as they are at a git revision. */
type DiffSide =
  | { readonly type: 'paths'; readonly paths: readonly string[]; readonly label: string }
  | {
      readonly type: 'revision';
      readonly revision: string;
      readonly paths: readonly string[];
      readonly label: string;
    };

export const registerNetpolDiff: CommandRegistration = (netpol, action) => {
  netpol
    .command('diff')
    .description('what a change opens and closes: connections added, removed and changed, and why')
    .argument(
      '[sides...]',
      'BASE HEAD [PATHS…]: folders, files or git revisions; with --base, only PATHS (default .)',
    )
    .option('--base <rev>', 'compare with the files at this git revision (no checkout), e.g. origin/main')
    .option('--head <rev>', 'with --base: the head revision (default: the working tree)')
    .addOption(
      new Option(
        '--granularity <level>',
        'compare pods, workloads or namespaces (default: granularity in aksguard.yaml, else workload)',
      ).choices(['pod', 'workload', 'namespace']),
    )
    .option('--fail-on-new-exposure', 'exit 1 when head allows any connection that base did not', false)
    .option('-n, --namespace <ns>', 'namespace of objects that name none', 'default')
    .addHelpText(
      'after',
      `
BASE and HEAD are each a file or folder, or a git revision of the repository in the
current directory (read with git, without a checkout). PATHS narrow a revision to
those files and folders (default: the other side's path, else the whole tree) and
are looked up inside folder sides.

Formats (--format): ${DIFF_FORMATS.join(', ')} (default text). Markdown is ready to post
as a pull-request comment; DOT colours added green, removed red, changed orange.

Examples:
  aksguard netpol diff before/ after/
  aksguard netpol diff --base origin/main examples/contoso --format markdown
  aksguard netpol diff HEAD~1 HEAD policies/ --fail-on-new-exposure`,
    )
    .action(
      action((ctx, [sides], options) => {
        const format = ctx.format(DIFF_FORMATS, 'text');
        const { base, head } = resolveSides(ctx, (sides as string[] | undefined) ?? [], options);
        const defaultNamespace = typeof options.namespace === 'string' ? options.namespace : 'default';
        const baseAnalysis = analyzeSide(ctx, base, defaultNamespace);
        const headAnalysis = analyzeSide(ctx, head, defaultNamespace);
        const errors = [baseAnalysis, headAnalysis].reduce((n, a) => n + a.errors, 0);
        // A side that failed to load would look like everything in it was removed.
        if (errors > 0)
          throw new CliError(`not diffing: ${errors} input error${errors === 1 ? '' : 's'}`, {
            hint: 'fix the inputs listed above on both sides',
          });
        const granularity =
          (options.granularity as Granularity | undefined) ??
          ctx.configuration().config.granularity ??
          'workload';
        const diff = diffConnectivity(baseAnalysis.analysis, headAnalysis.analysis, granularity);
        ctx.emit(formatConnectivityDiff(diff, format, { base: base.label, head: head.label }));
        return options.failOnNewExposure === true && diff.newExposure ? 1 : 0;
      }),
    );
};

/** Reads BASE, HEAD and PATHS from the arguments and options. */
function resolveSides(
  ctx: CommandContext,
  args: readonly string[],
  options: Record<string, unknown>,
): { base: DiffSide; head: DiffSide } {
  const cwd = ctx.io.cwd;
  const revision = (flag: string, value: unknown, paths: readonly string[]): DiffSide => {
    const rev = String(value);
    if (!isGitRevision(cwd, rev))
      throw new CliError(`${flag} ${rev}: not a revision of a git repository here`, {
        hint: 'name a branch, tag or commit (git fetch first for origin/…), run inside the repository',
      });
    return { type: 'revision', revision: rev, paths, label: rev };
  };
  if (options.base !== undefined) {
    const paths = args.length > 0 ? args : ['.'];
    const base = revision('--base', options.base, paths);
    const head: DiffSide =
      options.head !== undefined
        ? revision('--head', options.head, paths)
        : { type: 'paths', paths, label: `working tree (${paths.join(' ')})` };
    return { base, head };
  }
  if (options.head !== undefined)
    throw new CliError('--head needs --base', { hint: 'e.g. --base origin/main --head HEAD' });
  if (args.length < 2)
    throw new CliError('netpol diff needs BASE and HEAD', {
      hint: 'e.g. aksguard netpol diff before/ after/, or --base origin/main PATHS',
    });
  const [baseArg, headArg, ...paths] = args as [string, string, ...string[]];
  const kindOf = (arg: string): 'path' | 'revision' => {
    if (existsSync(resolve(cwd, arg))) return 'path';
    if (isGitRevision(cwd, arg)) return 'revision';
    throw new CliError(`"${arg}" is neither a file or folder nor a git revision`, {
      hint: 'check the spelling; for a revision, run inside its repository',
    });
  };
  const baseKind = kindOf(baseArg);
  const headKind = kindOf(headArg);
  const side = (arg: string, kind: 'path' | 'revision', other: string, otherKind: string): DiffSide => {
    if (kind === 'revision') {
      const scope = paths.length > 0 ? paths : otherKind === 'path' ? [other] : ['.'];
      return { type: 'revision', revision: arg, paths: scope, label: arg };
    }
    if (paths.length === 0) return { type: 'paths', paths: [arg], label: arg };
    if (!statSync(resolve(cwd, arg)).isDirectory())
      throw new CliError(`PATHS cannot narrow ${arg}: it is a file`, {
        hint: 'PATHS are looked up inside folder sides and at revisions',
      });
    return { type: 'paths', paths: paths.map((p) => join(arg, p)), label: arg };
  };
  return {
    base: side(baseArg, baseKind, headArg, headKind),
    head: side(headArg, headKind, baseArg, baseKind),
  };
}

/** Loads one side and compiles its policies; its diagnostics are printed when the command ends. */
function analyzeSide(
  ctx: CommandContext,
  side: DiffSide,
  defaultNamespace: string,
): { analysis: NetpolAnalysis; errors: number } {
  let loaded: LoadedInputs;
  if (side.type === 'paths') {
    loaded = ctx.load(side.paths);
  } else {
    loaded = readInputsAtRevision(ctx.io.cwd, side.revision, side.paths, ctx.globals.maxFileSize);
    for (const d of loaded.diagnostics) ctx.diagnose(d);
  }
  const analysis = analyzeNetworkPolicies(loaded.documents, { defaultNamespace });
  for (const d of analysis.diagnostics) ctx.diagnose(d);
  const errors = [...loaded.diagnostics, ...analysis.diagnostics].filter(
    (d) => d.severity === 'error',
  ).length;
  return { analysis, errors };
}
