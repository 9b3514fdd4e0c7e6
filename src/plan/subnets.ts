// From an IP count to the prefix that holds it, and from a given CIDR to whether it fits.
import { type Cidr, cidrSize, prefixForSize } from '../net/ip.js';

/** Azure keeps the network address, .1 (gateway), .2 and .3 (DNS) and the last address of every subnet (VNet FAQ). */
export const AZURE_RESERVED_IPS_PER_SUBNET = 5;

/** The smallest IPv4 subnet Azure creates is a /29 (VNet FAQ). */
const AZURE_SMALLEST_SUBNET_PREFIX = 29;

/**
 * The longest prefix of a VNet subnet that holds `requiredIPs` after Azure's 5 reserved addresses:
 * `32 − ceil(log2(requiredIPs + 5))`, never longer than Azure's smallest subnet, /29
 * (reference/aks-facts.md §1.2, from the VNet FAQ and concepts-network-ip-address-planning).
 */
export function minimumSubnetPrefix(requiredIPs: number): number {
  return Math.min(
    AZURE_SMALLEST_SUBNET_PREFIX,
    prefixForSize(4, BigInt(requiredIPs + AZURE_RESERVED_IPS_PER_SUBNET)),
  );
}

/** The longest prefix of a private range (a pod CIDR: nothing reserved) that holds `addresses`. */
export function minimumRangePrefix(addresses: number): number {
  return prefixForSize(4, BigInt(addresses));
}

/** How a requirement meets a given block. */
export interface SubnetFit {
  readonly fits: boolean;
  /** Usable addresses minus required ones; negative when it does not fit. */
  readonly headroom: number;
}

/**
 * Whether `cidr` holds `requiredIPs` once `reservedIPs` are taken; a VNet subnet (reservedIPs > 0) must also be
 * no smaller than Azure's /29.
 */
export function fitInCidr(requiredIPs: number, reservedIPs: number, cidr: Cidr): SubnetFit {
  const usable = Number(cidrSize(cidr)) - reservedIPs;
  const headroom = usable - requiredIPs;
  const tooSmallForAzure = reservedIPs > 0 && cidr.family === 4 && cidr.prefix > AZURE_SMALLEST_SUBNET_PREFIX;
  return { fits: headroom >= 0 && !tooSmallForAzure, headroom };
}
