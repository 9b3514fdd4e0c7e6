// The plan file's schema (docs/plan-file.md): plain values → PlanInput, with positioned diagnostics for bad input.
import { type Diagnostic, errorDiagnostic } from '../model/diagnostic.js';
import { isRecord } from '../model/json.js';
import { childPointer, type SourceRef } from '../model/source.js';
import { isParseError, parseCidr, parseIp } from '../net/ip.js';
import {
  isPluginName,
  type MaxSurge,
  PLUGINS,
  type PlanInput,
  type PlanNetwork,
  type PlanProblem,
  type PlanRequirements,
  type PluginName,
} from './types.js';

/** A value read from text or a file, or why it is wrong and what to do. */
export type Checked<T> = { readonly value: T } | { readonly error: string; readonly hint: string };

/** The keys of the plan file, top level. `apiVersion` and `kind` are optional labels. */
export const PLAN_KEYS = [
  'apiVersion',
  'kind',
  'name',
  'description',
  'nodes',
  'maxSurge',
  'maxNodes',
  'maxPods',
  'pods',
  'internalLoadBalancers',
  'plugin',
  'network',
  'requirements',
] as const;

/** The keys of `network`. */
export const NETWORK_KEYS = [
  'vnet',
  'nodeSubnet',
  'podSubnet',
  'podCidr',
  'serviceCidr',
  'dockerBridgeCidr',
  'dnsServiceIP',
  'connected',
] as const;

/** The keys of `requirements`. */
export const REQUIREMENT_KEYS = ['routablePods', 'windows', 'advancedNetworkPolicy'] as const;

/** The `network` keys that hold a CIDR. */
export const CIDR_NETWORK_KEYS = [
  'vnet',
  'nodeSubnet',
  'podSubnet',
  'podCidr',
  'serviceCidr',
  'dockerBridgeCidr',
] as const;

const COUNT_KEYS = ['nodes', 'maxNodes', 'maxPods', 'pods', 'internalLoadBalancers'] as const;

/** A connected network's name: it appears in problem subjects, so it must not look like a plan key. */
const CONNECTED_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** Reads a whole number ≥ `min` from a flag's text or a file's value. */
export function checkCount(value: unknown, min: number): Checked<number> {
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number))
    return { error: `${show(value)} is not a whole number`, hint: `use a whole number, ${min} or more` };
  if (number < min) return { error: `${number} is below ${min}`, hint: `use a whole number, ${min} or more` };
  if (!Number.isSafeInteger(number))
    return { error: `${number} is too large`, hint: 'use a realistic count' };
  return { value: number };
}

/** Reads maxSurge as AKS does: a node count (`2`) or a percentage of the pool (`33%`). */
export function checkMaxSurge(value: unknown): Checked<MaxSurge> {
  const hint = 'write a node count (2) or a percentage of the pool (33%), as AKS upgradeSettings.maxSurge';
  if (typeof value === 'number') {
    const count = checkCount(value, 0);
    return 'error' in count ? { error: count.error, hint } : { value: { kind: 'count', value: count.value } };
  }
  if (typeof value === 'string') {
    const match = /^\s*(\d+)\s*(%?)\s*$/.exec(value);
    if (match) {
      const amount = Number(match[1]);
      if (match[2] === '%' && amount > 100) return { error: `${value} is over 100%`, hint };
      return { value: { kind: match[2] === '%' ? 'percent' : 'count', value: amount } };
    }
  }
  return { error: `${show(value)} is not a maxSurge`, hint };
}

/** Reads a plugin name or `all`. */
export function checkPlugin(value: unknown): Checked<PluginName | 'all'> {
  if (typeof value === 'string' && (value === 'all' || isPluginName(value))) return { value };
  return { error: `unknown plugin ${show(value)}`, hint: `use one of: ${PLUGINS.join(', ')}, all` };
}

/** Checks a CIDR's syntax (host bits set are left to the planner, which reports them as a problem). */
export function checkCidr(value: unknown): Checked<string> {
  const hint = 'write address/prefix, e.g. 10.10.0.0/16 or fd00::/64';
  if (typeof value !== 'string') return { error: `${show(value)} is not a CIDR block`, hint };
  const parsed = parseCidr(value);
  return isParseError(parsed) ? { error: parsed.error, hint } : { value };
}

/** Checks an IP address's syntax. */
export function checkIp(value: unknown): Checked<string> {
  const hint = 'write one address, e.g. 10.2.0.10';
  if (typeof value !== 'string') return { error: `${show(value)} is not an IP address`, hint };
  const parsed = parseIp(value);
  return isParseError(parsed) ? { error: parsed.error, hint } : { value };
}

/** Checks a connected network's name. */
export function checkConnectedName(name: string): Checked<string> {
  if ((NETWORK_KEYS as readonly string[]).includes(name))
    return {
      error: `"${name}" is a plan key`,
      hint: 'name connected networks after what they are: hub, onprem, …',
    };
  if (!CONNECTED_NAME.test(name))
    return { error: `"${name}" is not a valid network name`, hint: 'use letters, digits, ".", "_" and "-"' };
  return { value: name };
}

/** The plan file key a problem subject names: a `network` key, or else a connected network's name. */
export function subjectPointer(subject: string): string {
  return (NETWORK_KEYS as readonly string[]).includes(subject)
    ? childPointer('/network', subject)
    : childPointer('/network/connected', subject);
}

/**
 * Adds to each problem the plan file positions of its subjects, for the subjects `fromFile` says the file set
 * (a flag may have overridden the file, and a default is written nowhere).
 */
export function locateProblems(
  problems: readonly PlanProblem[],
  fromFile: (subject: string) => boolean,
  locate: (pointer: string) => SourceRef,
): PlanProblem[] {
  return problems.map((problem) => {
    const locations = problem.subjects.filter(fromFile).map((subject) => locate(subjectPointer(subject)));
    return locations.length > 0 ? { ...problem, locations } : problem;
  });
}

/** The outcome of reading a plan document. */
export interface PlanFileResult {
  /** The plan, when the document has no errors. */
  readonly input?: Partial<PlanInput>;
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads a plan document. Every key is checked and every error is reported at its position, so one run shows them
 * all; `nodes` may be missing here because a flag can supply it.
 */
export function readPlanDocument(value: unknown, locate: (pointer: string) => SourceRef): PlanFileResult {
  const diagnostics: Diagnostic[] = [];
  const fail = (pointer: string, message: string, hint: string, code = 'plan-invalid-value'): void => {
    diagnostics.push(errorDiagnostic(code, message, locate(pointer), hint));
  };
  if (!isRecord(value)) {
    fail('', 'a plan file is a YAML mapping of plan keys', 'see docs/plan-file.md', 'plan-not-a-mapping');
    return { diagnostics };
  }
  checkKeys(value, '', PLAN_KEYS, fail);
  const take = <T>(key: string, checked: Checked<T>, pointer = `/${key}`): T | undefined => {
    if ('error' in checked) {
      fail(pointer, `${key}: ${checked.error}`, checked.hint);
      return undefined;
    }
    return checked.value;
  };

  const input: { -readonly [K in keyof PlanInput]?: PlanInput[K] } = {};
  for (const key of ['name', 'description', 'apiVersion', 'kind'] as const) {
    if (key in value && typeof value[key] !== 'string') fail(`/${key}`, `${key}: expected text`, 'quote it');
  }
  if (typeof value.name === 'string') input.name = value.name;
  for (const key of COUNT_KEYS) {
    if (!(key in value)) continue;
    const count = take(key, checkCount(value[key], key === 'nodes' || key === 'maxPods' ? 1 : 0));
    if (count !== undefined) input[key] = count;
  }
  if ('maxSurge' in value) {
    const surge = take('maxSurge', checkMaxSurge(value.maxSurge));
    if (surge) input.maxSurge = surge;
  }
  if ('plugin' in value) {
    const plugin = take('plugin', checkPlugin(value.plugin));
    if (plugin) input.plugin = plugin;
  }
  if ('network' in value) {
    const network = readNetwork(value.network, fail);
    if (network) input.network = network;
  }
  if ('requirements' in value) {
    const requirements = readRequirements(value.requirements, fail);
    if (requirements) input.requirements = requirements;
  }
  return diagnostics.length > 0 ? { diagnostics } : { input, diagnostics };
}

type Fail = (pointer: string, message: string, hint: string, code?: string) => void;

function readNetwork(value: unknown, fail: Fail): PlanNetwork | undefined {
  if (!isRecord(value)) {
    fail('/network', 'network: expected a mapping of ranges', `keys: ${NETWORK_KEYS.join(', ')}`);
    return undefined;
  }
  checkKeys(value, '/network', NETWORK_KEYS, fail);
  const network: { -readonly [K in keyof PlanNetwork]?: PlanNetwork[K] } = {};
  for (const key of CIDR_NETWORK_KEYS) {
    if (!(key in value)) continue;
    const checked = checkCidr(value[key]);
    if ('error' in checked) fail(`/network/${key}`, `network.${key}: ${checked.error}`, checked.hint);
    else network[key] = checked.value;
  }
  if ('dnsServiceIP' in value) {
    const checked = checkIp(value.dnsServiceIP);
    if ('error' in checked)
      fail('/network/dnsServiceIP', `network.dnsServiceIP: ${checked.error}`, checked.hint);
    else network.dnsServiceIP = checked.value;
  }
  if ('connected' in value) {
    const connected = value.connected;
    if (!isRecord(connected)) {
      fail(
        '/network/connected',
        'network.connected: expected a mapping of NAME: CIDR',
        'e.g. hub: 10.0.0.0/16',
      );
    } else {
      const out: Record<string, string> = {};
      for (const [name, cidr] of Object.entries(connected)) {
        const pointer = childPointer('/network/connected', name);
        const checkedName = checkConnectedName(name);
        if ('error' in checkedName)
          fail(pointer, `network.connected: ${checkedName.error}`, checkedName.hint);
        const checked = checkCidr(cidr);
        if ('error' in checked) fail(pointer, `network.connected.${name}: ${checked.error}`, checked.hint);
        else out[name] = checked.value;
      }
      network.connected = out;
    }
  }
  return network;
}

function readRequirements(value: unknown, fail: Fail): PlanRequirements | undefined {
  if (!isRecord(value)) {
    fail('/requirements', 'requirements: expected a mapping', `keys: ${REQUIREMENT_KEYS.join(', ')}`);
    return undefined;
  }
  checkKeys(value, '/requirements', REQUIREMENT_KEYS, fail);
  const requirements: { -readonly [K in keyof PlanRequirements]?: boolean } = {};
  for (const key of REQUIREMENT_KEYS) {
    if (!(key in value)) continue;
    if (typeof value[key] === 'boolean') requirements[key] = value[key];
    else fail(`/requirements/${key}`, `requirements.${key}: expected true or false`, 'write true or false');
  }
  return requirements;
}

/** Reports every key not in `known`, suggesting the closest known key. */
function checkKeys(
  value: Record<string, unknown>,
  pointer: string,
  known: readonly string[],
  fail: Fail,
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const suggestion = closest(key, known);
    fail(
      childPointer(pointer, key),
      `unknown key "${key}"${pointer ? ` in ${pointer.slice(1).replace(/\//g, '.')}` : ''}`,
      suggestion ? `did you mean "${suggestion}"?` : `known keys: ${known.join(', ')}`,
      'plan-unknown-key',
    );
  }
}

/** The known key within 2 edits of `key` (case-insensitive), if there is one. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}
