// Loads a report scenario (test/golden/report/<name>/sources.json) and builds its view model, so the golden
// payload test and the browser test look at the same page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReportModel, type ReportSources } from '../../src/report/html/build.js';
import type { ReportModel } from '../../src/report/html/model.js';
import { ROOT } from './run-cli.js';

/** A scenario's folder. */
export function reportScenarioDir(name: string): string {
  return join(ROOT, 'test', 'golden', 'report', name);
}

/** The scenario's sources: the engines' JSON outputs, plus explanations keyed `from -> to`. */
type ScenarioSources = Omit<ReportSources, 'explain'> & { readonly explanations?: Record<string, string> };

/** Builds the view model of a scenario. */
export function loadReportScenario(name: string): ReportModel {
  const { explanations, ...sources } = JSON.parse(
    readFileSync(join(reportScenarioDir(name), 'sources.json'), 'utf8'),
  ) as ScenarioSources;
  return buildReportModel({ ...sources, explain: (from, to) => explanations?.[`${from} -> ${to}`] });
}
