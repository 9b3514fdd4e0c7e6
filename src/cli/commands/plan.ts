// `aksguard plan [FILE] [flags]`: a plan file and/or flags → the network plan as text, JSON or Markdown.
import type { SourceRef } from '../../model/source.js';
import {
  type Checked,
  checkCidr,
  checkConnectedName,
  checkCount,
  checkIp,
  checkMaxSurge,
  checkPlugin,
  locateProblems,
  NETWORK_KEYS,
  PLAN_KEYS,
  type PlanInput,
  type PlanNetwork,
  type PlanRequirements,
  PROBLEM_SEVERITIES,
  type ProblemSeverity,
  planNetwork,
  readPlanDocument,
} from '../../plan/index.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../report/index.js';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { type CommandRegistration, EXIT } from '../main.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

/** Plan keys that only a plan file has (not `name` or `kind`, which many documents have). */
const SIZING_KEYS: ReadonlySet<string> = new Set(
  PLAN_KEYS.filter((k) => !['apiVersion', 'kind', 'name', 'description'].includes(k)),
);

/** Flag → plan file key, for the flags that carry a count. */
const COUNT_FLAGS = [
  { flag: '--nodes', option: 'nodes', key: 'nodes', min: 1 },
  { flag: '--max-nodes', option: 'maxNodes', key: 'maxNodes', min: 0 },
  { flag: '--max-pods', option: 'maxPods', key: 'maxPods', min: 1 },
  { flag: '--pods', option: 'pods', key: 'pods', min: 0 },
  { flag: '--internal-lbs', option: 'internalLbs', key: 'internalLoadBalancers', min: 0 },
] as const;

/** Flag → `network` key, for the flags that carry a CIDR. */
const CIDR_FLAGS = [
  { flag: '--vnet', option: 'vnet', key: 'vnet' },
  { flag: '--node-subnet', option: 'nodeSubnet', key: 'nodeSubnet' },
  { flag: '--pod-subnet', option: 'podSubnet', key: 'podSubnet' },
  { flag: '--pod-cidr', option: 'podCidr', key: 'podCidr' },
  { flag: '--service-cidr', option: 'serviceCidr', key: 'serviceCidr' },
  { flag: '--docker-bridge-cidr', option: 'dockerBridgeCidr', key: 'dockerBridgeCidr' },
] as const;

const REQUIREMENT_FLAGS = [
  { flag: '--routable-pods', option: 'routablePods', key: 'routablePods' },
  { flag: '--windows', option: 'windows', key: 'windows' },
  { flag: '--advanced-network-policy', option: 'advancedNetworkPolicy', key: 'advancedNetworkPolicy' },
] as const;

/** Registers `aksguard plan`. */
export const registerPlan: CommandRegistration = (program, action) => {
  const command = program
    .command('plan')
    .description(
      'size subnets and IP ranges for each network plugin, check the CIDRs, and recommend a plugin',
    )
    .argument('[file]', 'plan file (YAML, see docs/plan-file.md); flags override its values')
    .option('--nodes <n>', 'node count today')
    .option(
      '--max-surge <n|p%>',
      'upgrade surge as AKS maxSurge reads it: nodes (2) or percent of the pool (33%); AKS default 10%',
    )
    .option('--max-nodes <n>', 'autoscaler maximum')
    .option('--max-pods <n>', 'max pods per node (default: the plugin default)')
    .option('--pods <n>', 'expected pod count')
    .option('--internal-lbs <n>', 'internal load balancer services')
    .option('--plugin <name>', 'kubenet, azure, azure-dynamic, azure-overlay, azure-cilium, or all (default)')
    .option('--vnet <cidr>', 'VNet address space')
    .option('--node-subnet <cidr>', 'node subnet')
    .option('--pod-subnet <cidr>', 'pod subnet (dynamic allocation)')
    .option('--pod-cidr <cidr>', 'private pod CIDR (kubenet, Overlay)')
    .option('--service-cidr <cidr>', 'Kubernetes service CIDR')
    .option('--docker-bridge-cidr <cidr>', 'docker bridge CIDR (removed from AKS; checked for overlaps)')
    .option('--dns-service-ip <ip>', 'cluster DNS service IP')
    .option('--connected <name=cidr>', 'a hub, on-premises or peered network (repeatable)', collect)
    .option('--routable-pods', 'pods must be reachable by their own IPs from the VNet')
    .option('--windows', 'the cluster will run Windows node pools')
    .option('--advanced-network-policy', 'FQDN/L7 network policies or policy at large scale')
    .option('--fail-on <severity>', 'exit 1 when a problem is at or above: error, warning, info')
    .addHelpText(
      'after',
      `
Formats (-f): text (default), json, markdown.

Examples:
  aksguard plan examples/contoso/plan.yaml
  aksguard plan examples/contoso/plan.yaml --plugin azure-overlay --format markdown -o plan.md
  aksguard plan --nodes 10 --max-surge 2 --max-nodes 12 --pods 200 --internal-lbs 10 --max-pods 30
  aksguard plan --nodes 50 --max-surge 33% --vnet 10.10.0.0/16 --node-subnet 10.10.0.0/24 \\
      --connected hub=10.0.0.0/16 --connected onprem=192.168.0.0/16 --fail-on error`,
    );
  command.action(
    action((ctx, args, options) => {
      const format = ctx.format(FORMATS, 'text');
      const failOn = options.failOn === undefined ? undefined : readFailOn(options.failOn);
      const file = typeof args[0] === 'string' ? readPlanFile(ctx, args[0]) : { input: {} };
      if (file === undefined) return EXIT.error;
      const input = mergeFlags(file.input, options);
      const computed = planNetwork(input);
      const plan = file.locate
        ? {
            ...computed,
            problems: locateProblems(
              computed.problems,
              (subject) => sameRange(subject, file.input.network, input.network),
              file.locate,
            ),
          }
        : computed;
      const rendered =
        format === 'json'
          ? renderPlanJson(plan)
          : format === 'markdown'
            ? renderPlanMarkdown(plan)
            : renderPlanText(plan, ctx.style);
      ctx.emit(rendered);
      if (failOn === undefined) return EXIT.ok;
      const threshold = PROBLEM_SEVERITIES.indexOf(failOn);
      return plan.problems.some((p) => PROBLEM_SEVERITIES.indexOf(p.severity) <= threshold)
        ? EXIT.findings
        : EXIT.ok;
    }),
  );
};

function hasSizingKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.keys(value).some((k) => SIZING_KEYS.has(k));
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A plan file's values, and how to find a value's position in it. */
interface PlanFile {
  readonly input: Partial<PlanInput>;
  readonly locate?: (pointer: string) => SourceRef;
}

/** Reads the one plan in FILE; returns undefined after recording its errors (printed with positions). */
function readPlanFile(ctx: CommandContext, path: string): PlanFile | undefined {
  const loaded = ctx.load([path]);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const plans = loaded.documents.filter((d) => d.kind === 'aksguard-plan');
  // A plan with a misspelt key is not classified as one; read a mapping with sizing keys as a plan anyway, so the
  // misspelt key is reported in place.
  const candidates =
    plans.length > 0 ? plans : loaded.documents.filter((d) => d.kind === 'unknown' && hasSizingKey(d.value));
  if (candidates.length === 0)
    throw new CliError(`${path} holds no aksguard plan`, {
      hint: 'a plan file is YAML with keys such as nodes, maxSurge, pods and network (see docs/plan-file.md)',
    });
  if (candidates.length > 1)
    throw new CliError(`${path} holds ${candidates.length} plans; aksguard plan reads one`, {
      hint: 'put each plan in a file of its own',
      source: candidates[1]!.at(),
    });
  const document = candidates[0]!;
  const result = readPlanDocument(document.value, (pointer) => document.at(pointer));
  for (const diagnostic of result.diagnostics) ctx.diagnose(diagnostic);
  return result.input ? { input: result.input, locate: (pointer) => document.at(pointer) } : undefined;
}

/** Whether the file set this range and no flag replaced it, so its position in the file is where it comes from. */
function sameRange(subject: string, file: PlanNetwork | undefined, merged: PlanNetwork | undefined): boolean {
  const pick = (network: PlanNetwork | undefined): string | undefined => {
    const value = (NETWORK_KEYS as readonly string[]).includes(subject)
      ? network?.[subject as keyof PlanNetwork]
      : network?.connected?.[subject];
    return typeof value === 'string' ? value : undefined;
  };
  const own = pick(file);
  return own !== undefined && own === pick(merged);
}

/** Flags override the file: counts, maxSurge, plugin, each range; `--connected` adds to (or replaces by name) the file's. */
function mergeFlags(file: Partial<PlanInput>, options: Record<string, unknown>): PlanInput {
  const merged: { -readonly [K in keyof PlanInput]?: PlanInput[K] } = { ...file };
  for (const { flag, option, key, min } of COUNT_FLAGS) {
    if (options[option] !== undefined)
      merged[key] = flagValue(flag, options[option], checkCount(options[option], min));
  }
  if (options.maxSurge !== undefined)
    merged.maxSurge = flagValue('--max-surge', options.maxSurge, checkMaxSurge(options.maxSurge));
  if (options.plugin !== undefined)
    merged.plugin = flagValue('--plugin', options.plugin, checkPlugin(options.plugin));

  const network: { -readonly [K in keyof PlanNetwork]?: PlanNetwork[K] } = { ...file.network };
  for (const { flag, option, key } of CIDR_FLAGS) {
    if (options[option] !== undefined)
      network[key] = flagValue(flag, options[option], checkCidr(options[option]));
  }
  if (options.dnsServiceIp !== undefined)
    network.dnsServiceIP = flagValue('--dns-service-ip', options.dnsServiceIp, checkIp(options.dnsServiceIp));
  const connectedFlags = (options.connected as string[] | undefined) ?? [];
  if (connectedFlags.length > 0) {
    const connected = { ...file.network?.connected };
    for (const text of connectedFlags) {
      const equals = text.indexOf('=');
      if (equals < 1)
        throw new CliError(`--connected "${text}" is not NAME=CIDR`, {
          hint: 'e.g. --connected hub=10.0.0.0/16',
        });
      const name = flagValue('--connected', text, checkConnectedName(text.slice(0, equals)));
      connected[name] = flagValue('--connected', text, checkCidr(text.slice(equals + 1)));
    }
    network.connected = connected;
  }
  if (Object.keys(network).length > 0) merged.network = network;

  const requirements: { -readonly [K in keyof PlanRequirements]?: boolean } = { ...file.requirements };
  for (const { option, key } of REQUIREMENT_FLAGS) if (options[option] === true) requirements[key] = true;
  if (Object.keys(requirements).length > 0) merged.requirements = requirements;

  if (merged.nodes === undefined)
    throw new CliError('the node count is missing', { hint: 'set nodes in the plan file or pass --nodes N' });
  return { ...merged, nodes: merged.nodes };
}

function flagValue<T>(flag: string, raw: unknown, checked: Checked<T>): T {
  if ('error' in checked)
    throw new CliError(`${flag} ${JSON.stringify(raw)}: ${checked.error}`, { hint: checked.hint });
  return checked.value;
}

function readFailOn(value: unknown): ProblemSeverity {
  const match = PROBLEM_SEVERITIES.find((s) => s === value);
  if (!match)
    throw new CliError(`--fail-on ${JSON.stringify(value)} is not a severity`, {
      hint: `use one of: ${PROBLEM_SEVERITIES.join(', ')}`,
    });
  return match;
}
