// Reads and validates aksguard.yaml; every problem is a positioned diagnostic.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import {
  type AksguardConfig,
  type ConfigSuppression,
  EMPTY_CONFIG,
  type RuleSetting,
} from '../model/config.js';
import { type Diagnostic, errorDiagnostic } from '../model/diagnostic.js';
import { isSeverity, SEVERITIES } from '../model/severity.js';
import { isRecord } from './detect.js';
import { type ParsedDocument, parseDocuments } from './parse.js';

/** File names looked for in the working directory when `--config` is not given. */
export const CONFIG_FILE_NAMES = ['aksguard.yaml', 'aksguard.yml', '.aksguard.yaml'];

const TOP_LEVEL_KEYS = ['failOn', 'granularity', 'rules', 'suppressions'];
const GRANULARITIES = ['pod', 'workload', 'namespace'] as const;
const SUPPRESSION_KEYS = ['rule', 'resource', 'file', 'justification', 'expires'];

/** The configuration and what was wrong with it. */
export interface ConfigResult {
  readonly config: AksguardConfig;
  readonly diagnostics: Diagnostic[];
}

/** Finds the configuration: `explicit` if given (it must exist), else the first default name in `cwd`, else none. */
export function readConfig(cwd: string, explicit?: string): ConfigResult {
  if (explicit !== undefined) {
    const absolute = isAbsolute(explicit) ? explicit : join(cwd, explicit);
    if (!existsSync(absolute)) {
      return {
        config: EMPTY_CONFIG,
        diagnostics: [
          errorDiagnostic('config-not-found', `no configuration file ${explicit}`, {
            file: explicit,
            line: 1,
            column: 1,
          }),
        ],
      };
    }
    return parseConfig(explicit, readFileSync(absolute, 'utf8'));
  }
  for (const name of CONFIG_FILE_NAMES) {
    const absolute = join(cwd, name);
    if (existsSync(absolute)) return parseConfig(relative(cwd, absolute), readFileSync(absolute, 'utf8'));
  }
  return { config: EMPTY_CONFIG, diagnostics: [] };
}

/** Validates configuration text. Invalid entries are dropped with an error; valid ones are kept. */
export function parseConfig(file: string, text: string): ConfigResult {
  const parsed = parseDocuments(file, text);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const doc = parsed.documents[0];
  if (!doc || doc.value === null) return { config: { ...EMPTY_CONFIG, file }, diagnostics };
  const fail = (pointer: string, message: string, hint?: string) =>
    diagnostics.push(errorDiagnostic('invalid-config', message, doc.locate(pointer), hint));
  if (!isRecord(doc.value)) {
    fail('', 'aksguard.yaml must be a mapping', `top-level keys: ${TOP_LEVEL_KEYS.join(', ')}`);
    return { config: { ...EMPTY_CONFIG, file }, diagnostics };
  }
  const value = doc.value;
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL_KEYS.includes(key))
      fail(`/${key}`, `unknown key "${key}"`, `top-level keys: ${TOP_LEVEL_KEYS.join(', ')}`);
  }
  let failOn: AksguardConfig['failOn'];
  if (value.failOn !== undefined) {
    if (isSeverity(value.failOn)) failOn = value.failOn;
    else fail('/failOn', `invalid failOn "${String(value.failOn)}"`, `use one of: ${SEVERITIES.join(', ')}`);
  }
  let granularity: AksguardConfig['granularity'];
  if (value.granularity !== undefined) {
    const g = GRANULARITIES.find((x) => x === value.granularity);
    if (g) granularity = g;
    else
      fail(
        '/granularity',
        `invalid granularity "${String(value.granularity)}"`,
        `use one of: ${GRANULARITIES.join(', ')}`,
      );
  }
  return {
    config: {
      file,
      ...(failOn ? { failOn } : {}),
      ...(granularity ? { granularity } : {}),
      rules: readRules(value.rules, fail),
      suppressions: readSuppressions(doc, value.suppressions, fail),
    },
    diagnostics,
  };
}

type Fail = (pointer: string, message: string, hint?: string) => void;

function readRules(rules: unknown, fail: Fail): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  if (rules === undefined || rules === null) return out;
  if (!isRecord(rules)) {
    fail(
      '/rules',
      'rules must map rule ids to off, on, or a severity',
      'e.g. rules: { aks-no-kubenet: off, k8s-drop-net-raw: low }',
    );
    return out;
  }
  for (const [id, setting] of Object.entries(rules)) {
    const pointer = `/rules/${id}`;
    if (setting === 'off' || setting === false) out[id] = { enabled: false };
    else if (setting === 'on' || setting === true) out[id] = { enabled: true };
    else if (isSeverity(setting)) out[id] = { enabled: true, severity: setting };
    else
      fail(
        pointer,
        `invalid setting for rule ${id}: ${JSON.stringify(setting)}`,
        `use off, on, or a severity (${SEVERITIES.join(', ')})`,
      );
  }
  return out;
}

function readSuppressions(doc: ParsedDocument, suppressions: unknown, fail: Fail): ConfigSuppression[] {
  const out: ConfigSuppression[] = [];
  if (suppressions === undefined || suppressions === null) return out;
  if (!Array.isArray(suppressions)) {
    fail(
      '/suppressions',
      'suppressions must be a list',
      'each item: { rule, justification, resource?, file?, expires? }',
    );
    return out;
  }
  suppressions.forEach((item, i) => {
    const pointer = `/suppressions/${i}`;
    if (!isRecord(item)) {
      fail(
        pointer,
        'a suppression must be a mapping',
        'each item: { rule, justification, resource?, file?, expires? }',
      );
      return;
    }
    let valid = true;
    const bad: Fail = (at, message, hint) => {
      valid = false;
      fail(at, message, hint);
    };
    for (const key of Object.keys(item)) {
      if (!SUPPRESSION_KEYS.includes(key))
        bad(`${pointer}/${key}`, `unknown suppression key "${key}"`, `keys: ${SUPPRESSION_KEYS.join(', ')}`);
    }
    if (typeof item.rule !== 'string' || item.rule === '')
      bad(pointer, 'a suppression needs a rule id', 'rule: k8s-drop-net-raw');
    if (typeof item.justification !== 'string' || item.justification.trim() === '') {
      bad(
        pointer,
        'a suppression needs a justification',
        'say why the finding is accepted: justification: "…"',
      );
    }
    for (const key of ['resource', 'file'] as const) {
      if (item[key] !== undefined && typeof item[key] !== 'string')
        bad(`${pointer}/${key}`, `${key} must be a string`);
    }
    let expires: string | undefined;
    if (item.expires !== undefined) {
      const text = String(item.expires);
      if (/^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))) expires = text;
      else bad(`${pointer}/expires`, `invalid expiry date ${JSON.stringify(item.expires)}`, 'use YYYY-MM-DD');
    }
    if (!valid) return;
    out.push({
      rule: item.rule as string,
      justification: (item.justification as string).trim(),
      line: doc.locate(pointer).line,
      ...(typeof item.resource === 'string' ? { resource: item.resource } : {}),
      ...(typeof item.file === 'string' ? { file: item.file } : {}),
      ...(expires ? { expires } : {}),
    });
  });
  return out;
}
