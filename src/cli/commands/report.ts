// `aksguard report PATHS --html FILE`: one self-contained HTML page with the findings, the network plan, the
// connectivity graph and the matrix.
import { CliError } from '../errors.js';
import { gatherReport, reportTime, writeHtmlReport } from '../html-report.js';
import type { CommandRegistration } from '../main.js';

export const registerReport: CommandRegistration = (program, action) => {
  program
    .command('report')
    .description('write one self-contained HTML page: findings, network plan, connectivity graph and matrix')
    .argument('<paths...>', 'files or folders to read (- for standard input)')
    .option('--html <file>', 'write the page to FILE (- for standard output); same as -o')
    .addHelpText(
      'after',
      `
Example:
  aksguard report examples/contoso --html report.html

The page needs no network access when opened: open it from disk in any browser.
Set SOURCE_DATE_EPOCH to fix the time written in the page.`,
    )
    .action(
      action((ctx, args, options) => {
        const [paths] = args as [string[]];
        const html = typeof options.html === 'string' ? options.html : undefined;
        const output = ctx.globals.output;
        if (html !== undefined && output !== undefined && html !== output)
          throw new CliError(`--html ${html} and -o ${output} name different files`, {
            hint: 'pass only one',
          });
        const destination = html ?? output;
        if (destination === undefined)
          throw new CliError('no output file for the report', {
            hint: 'pass --html report.html (or --html - for standard output)',
          });
        const loaded = ctx.load(paths);
        const { sources, diagnostics } = gatherReport(
          loaded,
          reportTime(ctx.io.env, () => new Date()),
          ctx.configuration(),
        );
        for (const diagnostic of diagnostics) ctx.diagnose(diagnostic);
        // A page built from part of the inputs would look complete; the diagnostics say what to fix first.
        const errors = [...loaded.diagnostics, ...diagnostics].filter((d) => d.severity === 'error').length;
        if (errors > 0)
          throw new CliError(`not writing the report: ${errors} input error${errors === 1 ? '' : 's'}`, {
            hint: 'fix the inputs listed above, or leave them out of PATHS',
          });
        writeHtmlReport(ctx, destination, sources);
        if (destination !== '-') ctx.info(`aksguard: wrote ${destination}`);
        return 0;
      }),
    );
};
