// CIDR checks of a plan's ranges: strict parsing, containment, pairwise overlaps, DNS service IP, ranges AKS refuses.
import {
  type Cidr,
  cidrContains,
  cidrContainsCidr,
  cidrLast,
  cidrsOverlap,
  formatCidr,
  formatIp,
  type IpAddress,
  isParseError,
  parseCidr,
  parseIp,
} from '../net/ip.js';
import { IpSet } from '../net/ip-set.js';
import type { GivenRange } from './sizing.js';
import { SOURCES } from './sources.js';
import type { NetworkKey, PlanNetwork, PlanProblem, ProblemCode, ProblemSeverity } from './types.js';

/** AKS's defaults when the plan leaves a range out (API `networkProfile`; concepts-network-ip-address-planning). */
export const AKS_DEFAULTS = {
  podCidr: '10.244.0.0/16',
  serviceCidr: '10.0.0.0/16',
  dnsServiceIP: '10.0.0.10',
} as const;

/** Ranges AKS refuses for the VNet, the pod CIDR and the service CIDR, overlap included (concepts-network-cni-overview). */
export const AKS_REFUSED_RANGES = [
  '169.254.0.0/16',
  '172.30.0.0/16',
  '172.31.0.0/16',
  '192.0.2.0/24',
] as const;

/** Ranges no Azure VNet can use (VNet FAQ). */
export const VNET_UNUSABLE_RANGES = [
  '224.0.0.0/4',
  '255.255.255.255/32',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '168.63.129.16/32',
] as const;

/** Private ranges a pod CIDR may use: RFC 1918 and RFC 6598 shared address space (concepts-network-azure-cni-overlay). */
const POD_CIDR_PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'] as const;

/** The range kinds, each with its own rules. */
type RangeKind = 'vnet' | 'subnet' | 'podCidr' | 'serviceCidr' | 'dockerBridgeCidr' | 'connected';

/** One parsed range of the plan, named by its plan key or connected network name. */
export interface PlanRange extends GivenRange {
  readonly subject: string;
  readonly kind: RangeKind;
}

/** The plan's ranges, parsed, with the problems found while parsing. */
export interface ParsedNetwork {
  readonly ranges: PlanRange[];
  readonly dnsServiceIP?: { readonly ip: IpAddress; readonly text: string; readonly defaulted: boolean };
  readonly problems: PlanProblem[];
}

/** Which plan keys hold CIDRs, in the order problems list them. */
const CIDR_KEYS: readonly { key: Exclude<NetworkKey, 'dnsServiceIP'>; kind: RangeKind }[] = [
  { key: 'vnet', kind: 'vnet' },
  { key: 'nodeSubnet', kind: 'subnet' },
  { key: 'podSubnet', kind: 'subnet' },
  { key: 'podCidr', kind: 'podCidr' },
  { key: 'serviceCidr', kind: 'serviceCidr' },
  { key: 'dockerBridgeCidr', kind: 'dockerBridgeCidr' },
];

/**
 * Parses the plan's ranges strictly and fills in AKS's defaults: the service CIDR and DNS service IP when neither
 * is set, the pod CIDR when unset. The pod CIDR is left out unless `usesPodCidr` (kubenet, Overlay): other
 * plugins give pods VNet IPs and AKS ignores it. A CIDR with host bits set is kept as its network and reported,
 * except the docker bridge, which is an interface address by design (`172.17.0.1/16`).
 */
export function parseNetwork(network: PlanNetwork, usesPodCidr: boolean): ParsedNetwork {
  const problems: PlanProblem[] = [];
  const ranges: PlanRange[] = [];
  const add = (subject: string, kind: RangeKind, text: string, defaulted: boolean): void => {
    const parsed = parseCidr(text);
    if (isParseError(parsed)) {
      problems.push(problem('invalid-cidr', 'error', `${subject}: ${parsed.error}`, [subject]));
      return;
    }
    if (parsed.hostBitsSet && kind !== 'dockerBridgeCidr') {
      problems.push(
        problem(
          'cidr-host-bits-set',
          'error',
          `${subject} ${text} has host bits set; Azure and AKS expect the network address: ${formatCidr(parsed.cidr)}`,
          [subject],
        ),
      );
    }
    ranges.push({ subject, kind, cidr: parsed.cidr, text: formatCidr(parsed.cidr), defaulted });
  };
  const serviceDefaulted = network.serviceCidr === undefined && network.dnsServiceIP === undefined;
  for (const { key, kind } of CIDR_KEYS) {
    if (key === 'podCidr' && !usesPodCidr) continue;
    const given = network[key];
    if (given !== undefined) add(key, kind, given, false);
    else if (key === 'podCidr') add(key, kind, AKS_DEFAULTS.podCidr, true);
    else if (key === 'serviceCidr' && (serviceDefaulted || network.dnsServiceIP !== undefined))
      add(key, kind, AKS_DEFAULTS.serviceCidr, true);
  }
  for (const name of Object.keys(network.connected ?? {}).sort()) {
    add(name, 'connected', network.connected![name]!, false);
  }

  const dnsText = network.dnsServiceIP ?? (serviceDefaulted ? AKS_DEFAULTS.dnsServiceIP : undefined);
  let dnsServiceIP: ParsedNetwork['dnsServiceIP'];
  if (dnsText !== undefined) {
    const ip = parseIp(dnsText);
    if (isParseError(ip))
      problems.push(problem('invalid-ip', 'error', `dnsServiceIP: ${ip.error}`, ['dnsServiceIP']));
    else dnsServiceIP = { ip, text: formatIp(ip), defaulted: network.dnsServiceIP === undefined };
  } else if (network.serviceCidr !== undefined) {
    problems.push(
      problem(
        'dns-service-ip-missing',
        'warning',
        'serviceCidr is set without dnsServiceIP; AKS needs both (its default DNS IP 10.0.0.10 lies outside this range); use the .10 address of the service CIDR by convention',
        ['serviceCidr', 'dnsServiceIP'],
      ),
    );
  }
  return { ranges, ...(dnsServiceIP ? { dnsServiceIP } : {}), problems };
}

/** Every CIDR check over parsed ranges, in a stable order. */
export function checkNetwork(parsed: ParsedNetwork): PlanProblem[] {
  return [
    ...parsed.problems,
    ...checkSubnetsInVnet(parsed.ranges),
    ...checkOverlaps(parsed.ranges),
    ...checkRefusedRanges(parsed.ranges),
    ...checkServiceCidrSize(parsed.ranges),
    ...checkPodCidrPrivate(parsed.ranges),
    ...checkDnsServiceIp(parsed),
    ...checkDockerBridge(parsed.ranges),
  ];
}

/** Node and pod subnets are subnets of the VNet: each must lie inside it. */
function checkSubnetsInVnet(ranges: readonly PlanRange[]): PlanProblem[] {
  const vnet = ranges.find((r) => r.kind === 'vnet');
  if (!vnet) return [];
  return ranges
    .filter((r) => r.kind === 'subnet' && !cidrContainsCidr(vnet.cidr, r.cidr))
    .map((r) =>
      problem(
        'subnet-outside-vnet',
        'error',
        `${r.subject} ${r.text} is not inside vnet ${vnet.text}; a subnet must be carved from its VNet's address space`,
        ['vnet', r.subject],
      ),
    );
}

/**
 * Every pair of ranges that share addresses, except a subnet inside its VNet (expected). The pod CIDR and the
 * service CIDR are routed separately from the VNet, so they must overlap nothing; VNet and connected networks need
 * unique address space for peering, VPN and ExpressRoute routes (concepts-network-legacy-cni, configure-kubenet).
 */
function checkOverlaps(ranges: readonly PlanRange[]): PlanProblem[] {
  const vnet = ranges.find((r) => r.kind === 'vnet');
  const inVnet = (r: PlanRange): boolean =>
    r.kind === 'subnet' && vnet !== undefined && cidrContainsCidr(vnet.cidr, r.cidr);
  const problems: PlanProblem[] = [];
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const a = ranges[i]!;
      const b = ranges[j]!;
      if (!cidrsOverlap(a.cidr, b.cidr)) continue;
      if ((a.kind === 'vnet' && b.kind === 'subnet') || (a.kind === 'subnet' && b.kind === 'vnet')) continue;
      // A subnet inside the VNet that overlaps an outside range is part of the VNet's overlap: reported once there.
      const [subnet, other] = inVnet(a) ? [a, b] : [b, a];
      if (inVnet(subnet) && other.kind !== 'subnet') continue;
      const within = a.kind === 'vnet' ? ranges.filter((r) => inVnet(r) && cidrsOverlap(r.cidr, b.cidr)) : [];
      const rule = overlapRule(a, b);
      const inside = within.length > 0 ? `; inside the VNet: ${within.map(describe).join(', ')}` : '';
      problems.push(
        problem(
          rule.code,
          rule.severity,
          `${describe(a)} overlaps ${describe(b)} (shared ${sharedRanges(a, b)}${inside}): ${rule.why}`,
          [a.subject, b.subject, ...within.map((r) => r.subject)],
        ),
      );
    }
  }
  return problems;
}

function sharedRanges(a: PlanRange, b: PlanRange): string {
  return IpSet.fromCidrs([a.cidr])
    .intersect(IpSet.fromCidrs([b.cidr]))
    .toCidrs()
    .map(formatCidr)
    .join(', ');
}

function overlapRule(
  a: PlanRange,
  b: PlanRange,
): { code: ProblemCode; severity: ProblemSeverity; why: string } {
  const kinds = new Set([a.kind, b.kind]);
  if (kinds.has('podCidr') && kinds.has('connected'))
    return {
      code: 'pod-cidr-overlaps-connected',
      severity: 'error',
      why: 'with kubenet and Overlay, pods in the cluster cannot reach that network (their traffic to it stays inside the cluster); pick a pod CIDR no connected network uses',
    };
  if (kinds.has('dockerBridgeCidr'))
    return {
      code: 'cidr-overlap',
      severity: 'warning',
      why: 'the docker bridge range should not overlap other ranges; containerd nodes no longer use it',
    };
  if (a.kind === 'connected' && b.kind === 'connected')
    return {
      code: 'cidr-overlap',
      severity: 'warning',
      why: 'two connected networks share addresses, so routes to them are ambiguous from the cluster',
    };
  if (kinds.has('serviceCidr'))
    return {
      code: 'cidr-overlap',
      severity: 'error',
      why: 'the service CIDR must not overlap the VNet, the pod CIDR or connected networks: the cluster would route those addresses to services',
    };
  if (kinds.has('podCidr'))
    return {
      code: 'cidr-overlap',
      severity: 'error',
      why: 'the pod CIDR must not overlap the VNet or its subnets (Overlay checks every subnet of the VNet)',
    };
  if (a.kind === 'subnet' && b.kind === 'subnet')
    return { code: 'cidr-overlap', severity: 'error', why: 'subnets of a VNet cannot overlap' };
  return {
    code: 'cidr-overlap',
    severity: 'error',
    why: 'peered, VPN and ExpressRoute networks need address space unique from the VNet',
  };
}

/**
 * Ranges AKS refuses for the VNet, pod and service CIDRs (169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16,
 * 192.0.2.0/24, concepts-network-cni-overview), and ranges no VNet can use (VNet FAQ).
 */
function checkRefusedRanges(ranges: readonly PlanRange[]): PlanProblem[] {
  const refused = AKS_REFUSED_RANGES.map(parseKnownCidr);
  const unusable = VNET_UNUSABLE_RANGES.map(parseKnownCidr);
  const problems: PlanProblem[] = [];
  for (const range of ranges) {
    const inVnet = range.kind === 'vnet' || range.kind === 'subnet';
    const checked = range.kind === 'podCidr' || range.kind === 'serviceCidr' || inVnet;
    if (!checked) continue;
    const hits = new Set<string>();
    for (const r of refused) if (cidrsOverlap(r, range.cidr)) hits.add(formatCidr(r));
    if (inVnet) for (const r of unusable) if (cidrsOverlap(r, range.cidr)) hits.add(formatCidr(r));
    if (hits.size === 0) continue;
    problems.push(
      problem(
        'reserved-range',
        'error',
        `${describe(range)} overlaps ${[...hits].sort().join(', ')}, which ${inVnet ? 'Azure VNets and AKS refuse' : 'AKS refuses'} (${inVnet ? SOURCES.vnetFaq : SOURCES.cniOverview})`,
        [range.subject],
      ),
    );
  }
  return problems;
}

/** The service CIDR must be smaller than a /12 (IPv4; API `serviceCidr`), an IPv6 one no larger than /108. */
function checkServiceCidrSize(ranges: readonly PlanRange[]): PlanProblem[] {
  const service = ranges.find((r) => r.kind === 'serviceCidr');
  if (!service) return [];
  const tooLarge = service.cidr.family === 4 ? service.cidr.prefix <= 12 : service.cidr.prefix < 108;
  if (!tooLarge) return [];
  const bound = service.cidr.family === 4 ? 'smaller than a /12' : 'no larger than a /108';
  return [
    problem(
      'service-cidr-too-large',
      'error',
      `serviceCidr ${service.text} is too large: AKS wants it ${bound} (${SOURCES.ipPlanning})`,
      ['serviceCidr'],
    ),
  ];
}

/** A pod CIDR must be private: RFC 1918 or RFC 6598; public ranges are unsupported. */
function checkPodCidrPrivate(ranges: readonly PlanRange[]): PlanProblem[] {
  const pod = ranges.find((r) => r.kind === 'podCidr');
  if (pod?.cidr.family !== 4) return [];
  if (IpSet.fromCidrs(POD_CIDR_PRIVATE_RANGES.map(parseKnownCidr)).covers(IpSet.fromCidrs([pod.cidr])))
    return [];
  return [
    problem(
      'pod-cidr-not-private',
      'warning',
      `podCidr ${pod.text} is not inside a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10); AKS does not block public ranges but they are outside Microsoft's support (${SOURCES.overlay})`,
      ['podCidr'],
    ),
  ];
}

/**
 * The DNS service IP must lie in the service CIDR and must not be its network address, its first host address
 * (Kubernetes gives that to the `kubernetes` service, pkg/controlplane/services.go) or, in IPv4, its broadcast address.
 */
function checkDnsServiceIp(parsed: ParsedNetwork): PlanProblem[] {
  const dns = parsed.dnsServiceIP;
  const service = parsed.ranges.find((r) => r.kind === 'serviceCidr');
  if (!dns || !service) return [];
  const where = `dnsServiceIP ${dns.text}${dns.defaulted ? ' (AKS default)' : ''}`;
  const subjects = ['dnsServiceIP', 'serviceCidr'];
  if (!cidrContains(service.cidr, dns.ip))
    return [
      problem(
        'dns-service-ip-outside-service-cidr',
        'error',
        `${where} is not inside ${describe(service)}; the cluster DNS service takes its IP from the service CIDR`,
        subjects,
      ),
    ];
  const reason =
    dns.ip.value === service.cidr.network
      ? 'the network address'
      : dns.ip.value === service.cidr.network + 1n
        ? 'the first address, which Kubernetes gives to the kubernetes API service,'
        : service.cidr.family === 4 && dns.ip.value === cidrLast(service.cidr) && service.cidr.prefix < 31
          ? 'the broadcast address'
          : undefined;
  if (!reason) return [];
  return [
    problem(
      'dns-service-ip-reserved',
      'error',
      `${where} is ${reason} of ${describe(service)}; use another address, by convention .10`,
      subjects,
    ),
  ];
}

/** `dockerBridgeCidr` was removed from the AKS API on 2023-04-01; containerd nodes ignore it. */
function checkDockerBridge(ranges: readonly PlanRange[]): PlanProblem[] {
  if (!ranges.some((r) => r.kind === 'dockerBridgeCidr')) return [];
  return [
    problem(
      'docker-bridge-cidr-removed',
      'warning',
      `dockerBridgeCidr is ignored since containerd (Kubernetes 1.19) and was removed from the AKS API 2023-04-01; drop it from templates (${SOURCES.dockerBridgeRemoval})`,
      ['dockerBridgeCidr'],
    ),
  ];
}

/** Builds a problem. */
export function problem(
  code: ProblemCode,
  severity: ProblemSeverity,
  message: string,
  subjects: readonly string[],
): PlanProblem {
  return { code, severity, message, subjects: [...subjects] };
}

function describe(range: PlanRange): string {
  return `${range.subject} ${range.text}${range.defaulted ? ' (AKS default)' : ''}`;
}

function parseKnownCidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (isParseError(parsed)) throw new Error(`built-in range ${text}: ${parsed.error}`);
  return parsed.cidr;
}
