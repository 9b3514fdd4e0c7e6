// Gathers what `aksguard report` (and `scan --html`) put on the HTML page, and writes the page.

import type { InputDocument } from '../load/detect.js';
import type { LoadedInputs } from '../load/read.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { formatSourceRef } from '../model/source.js';
import { planNetwork, readPlanDocument } from '../plan/index.js';
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

/** The report's sources, and the problems found in the inputs while making them. */
export interface GatheredReport {
  readonly sources: ReportSources;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The report's sections from the inputs. A section whose engine has nothing to work on says so, naming what
 * it looked for; nothing is made up.
 */
export function gatherReport(loaded: LoadedInputs, generatedAt: string): GatheredReport {
  const plan = planSection(loaded);
  const clusterFiles = filesOf(loaded, (d) => CLUSTER_KINDS.has(d.kind));
  const manifestFiles = filesOf(loaded, (d) => d.kind === 'kubernetes');
  const sources: ReportSources = {
    version: VERSION,
    generatedAt,
    inputs: loaded.files,
    audit:
      clusterFiles.length + manifestFiles.length === 0
        ? { unavailable: 'No cluster definition or Kubernetes manifest found in the inputs.' }
        : { unavailable: 'This build of aksguard has no audit engine yet.' },
    plan: plan.section,
    matrix:
      manifestFiles.length === 0
        ? {
            unavailable: 'No Kubernetes manifests found in the inputs, so there are no workloads to connect.',
          }
        : { unavailable: 'This build of aksguard has no network-policy engine yet.' },
  };
  return { sources, diagnostics: plan.diagnostics };
}

/** The plan of the one plan file in the inputs, as `aksguard plan FILE` computes it. */
function planSection(loaded: LoadedInputs): {
  section: ReportSources['plan'];
  diagnostics: readonly Diagnostic[];
} {
  const documents = loaded.documents.filter((d) => d.kind === 'aksguard-plan');
  if (documents.length === 0)
    return { section: { unavailable: 'No plan file found in the inputs.' }, diagnostics: [] };
  if (documents.length > 1) {
    const where = documents.map((d) => formatSourceRef(d.at())).join(', ');
    return {
      section: {
        unavailable: `${documents.length} plans found (${where}); the report shows one: pass only one.`,
      },
      diagnostics: [],
    };
  }
  const document = documents[0]!;
  const read = readPlanDocument(document.value, (pointer) => document.at(pointer));
  if (read.input === undefined)
    return {
      section: { unavailable: `The plan in ${document.file} has errors.` },
      diagnostics: read.diagnostics,
    };
  const { nodes } = read.input;
  if (nodes === undefined)
    return {
      section: { unavailable: `The plan in ${document.file} has no node count (nodes).` },
      diagnostics: read.diagnostics,
    };
  return { section: planNetwork({ ...read.input, nodes }), diagnostics: read.diagnostics };
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
