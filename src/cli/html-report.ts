// Gathers what `aksguard report` (and `scan --html`) put on the HTML page, and writes the page.

import type { InputDocument } from '../load/detect.js';
import type { LoadedInputs } from '../load/read.js';
import type { ReportSources } from '../report/html/build.js';
import { buildReportModel } from '../report/html/build.js';
import { renderHtmlReport } from '../report/html/render.js';
import { VERSION } from '../version.js';
import { type CommandContext, createContext } from './context.js';
import { CliError } from './errors.js';

const CLUSTER_KINDS: ReadonlySet<InputDocument['kind']> = new Set([
  'az-aks',
  'arm-template',
  'arm-resource',
  'terraform',
]);

/**
 * The report's sections from the inputs. A section whose engine has nothing to work on says so, naming what
 * it looked for; nothing is made up.
 */
export function reportSourcesFor(loaded: LoadedInputs, generatedAt: string): ReportSources {
  const planFiles = filesOf(loaded, (d) => d.kind === 'aksguard-plan');
  const clusterFiles = filesOf(loaded, (d) => CLUSTER_KINDS.has(d.kind));
  const manifestFiles = filesOf(loaded, (d) => d.kind === 'kubernetes');
  return {
    version: VERSION,
    generatedAt,
    inputs: loaded.files,
    audit:
      clusterFiles.length + manifestFiles.length === 0
        ? { unavailable: 'No cluster definition or Kubernetes manifest found in the inputs.' }
        : { unavailable: 'This build of aksguard has no audit engine yet.' },
    plan:
      planFiles.length === 0
        ? { unavailable: 'No plan file found in the inputs.' }
        : {
            unavailable: `Plan file ${planFiles.join(', ')} found, but this build of aksguard has no planner yet.`,
          },
    matrix:
      manifestFiles.length === 0
        ? {
            unavailable: 'No Kubernetes manifests found in the inputs, so there are no workloads to connect.',
          }
        : { unavailable: 'This build of aksguard has no network-policy engine yet.' },
  };
}

function filesOf(loaded: LoadedInputs, wanted: (d: InputDocument) => boolean): string[] {
  return [...new Set(loaded.documents.filter(wanted).map((d) => d.file))].sort();
}

/**
 * The time written into the report: now, or SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
 * convention) so that the same inputs can give the same bytes.
 */
export function reportTime(env: Readonly<Record<string, string | undefined>>, now: () => Date): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return now().toISOString();
  if (!/^\d{1,12}$/.test(epoch))
    throw new CliError(`SOURCE_DATE_EPOCH is "${epoch}", not a number of seconds`, {
      hint: 'unset it, or set it to an integer such as 1764158400',
    });
  return new Date(Number(epoch) * 1000).toISOString();
}

/** Renders the page and writes it to `destination` (`-` is standard output); an existing file needs --force. */
export function writeHtmlReport(ctx: CommandContext, destination: string, sources: ReportSources): void {
  const html = renderHtmlReport(buildReportModel(sources));
  // The page goes where --html points, with -o's promise: never over an existing file without --force.
  createContext(ctx.io, { ...ctx.globals, output: destination }, []).emit(html);
}
