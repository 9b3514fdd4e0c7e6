// Reading cluster fields the way every cluster rule must: unknown is "cannot tell", absent is the service default.
import {
  type Cluster,
  type DiagnosticSetting,
  isUnknown,
  type Known,
  type UnknownValue,
} from '../model/cluster.js';
import { type Cidr, familyBits, isParseError, parseCidr, parseIp } from '../net/ip.js';
import type { MessageData, RuleContext } from './context.js';

/** A boolean field of the cluster model, with what AKS does when the definition leaves it out. */
export interface FlagField {
  /** Model path, for positions and "cannot tell" messages. */
  readonly path: string;
  readonly read: (cluster: Cluster) => Known<boolean> | undefined;
  /** The value AKS applies when the field is absent (the API default). */
  readonly absentMeans: boolean;
}

/**
 * Reports `messageId` on each cluster whose flag is not `wanted` (absent fields take the API default);
 * an unknown flag is reported as "cannot tell". `applies` skips clusters where the rule has nothing to say.
 */
export function reportFlagNot<MessageId extends string>(
  ctx: RuleContext<MessageId>,
  field: FlagField,
  wanted: boolean,
  messageId: MessageId,
  applies: (cluster: Cluster) => boolean = () => true,
): void {
  for (const cluster of ctx.clusters) {
    if (!applies(cluster)) continue;
    const value = field.read(cluster);
    const target = { cluster, path: field.path };
    if (isUnknown(value)) ctx.cannotTell(target, value);
    else if ((value ?? field.absentMeans) !== wanted) ctx.report(messageId, target, clusterData(cluster));
  }
}

/** A known boolean flag's effective value, or `undefined` when unknown. */
export function flagValue(value: Known<boolean> | undefined, absentMeans: boolean): boolean | undefined {
  if (isUnknown(value)) return undefined;
  return value ?? absentMeans;
}

/** The data every cluster message can use. */
export function clusterData(cluster: Cluster, extra: MessageData = {}): MessageData {
  return { cluster: cluster.name, ...extra };
}

/** An authorized IP range as AKS accepts it: a CIDR block, or a single address meaning that address alone. */
export function parseAuthorizedRange(text: string): Cidr | undefined {
  if (!text.includes('/')) {
    const ip = parseIp(text);
    return isParseError(ip)
      ? undefined
      : { family: ip.family, network: ip.value, prefix: familyBits(ip.family) };
  }
  const parsed = parseCidr(text);
  return isParseError(parsed) ? undefined : parsed.cidr;
}

/** AKS resource log categories that the `audit` category group includes; `allLogs` includes every category. */
const AUDIT_GROUP_CATEGORIES = ['kube-audit', 'kube-audit-admin', 'guard'];

/**
 * What in a diagnostic setting sends a log category: the category itself, or the category group that
 * includes it (`category group allLogs`); `undefined` when nothing does, unknown when the setting's lists are.
 */
export function whatSendsLog(
  setting: DiagnosticSetting,
  category: string,
): string | undefined | UnknownValue {
  const { categories, categoryGroups } = setting;
  const named = isUnknown(categories) ? undefined : categories.find((c) => c.toLowerCase() === category);
  if (named !== undefined) return named;
  const group = isUnknown(categoryGroups)
    ? undefined
    : categoryGroups.find(
        (g) =>
          g.toLowerCase() === 'alllogs' ||
          (g.toLowerCase() === 'audit' && AUDIT_GROUP_CATEGORIES.includes(category)),
      );
  if (group !== undefined) return `category group ${group}`;
  if (isUnknown(categories)) return categories;
  if (isUnknown(categoryGroups)) return categoryGroups;
  return undefined;
}
