// IP addresses and CIDR blocks as bigints: strict parsing (as Go's net package, which Kubernetes and AKS use) and containment.
import ipaddr from 'ipaddr.js';

/** 4 for IPv4, 6 for IPv6. */
export type IpFamily = 4 | 6;

/** One address. `value` is the address as an unsigned integer of 32 or 128 bits. */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

/** A CIDR block in canonical form (host bits cleared). */
export interface Cidr {
  readonly family: IpFamily;
  /** The network address (first address of the block). */
  readonly network: bigint;
  readonly prefix: number;
}

/** A parsed CIDR with what the text said: `hostBitsSet` when the address had bits beyond the prefix (`10.0.0.1/8`). */
export interface ParsedCidr {
  readonly cidr: Cidr;
  readonly hostBitsSet: boolean;
}

/** A parse failure with a reason a person can act on. */
export interface IpParseError {
  readonly error: string;
}

const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Bits in an address of the family. */
export function familyBits(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

/**
 * Parses an address strictly: dotted-quad IPv4 without leading zeros (Go rejects `010.0.0.1` since 1.17),
 * or IPv6 without a zone. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) stays IPv6, as it is written.
 */
export function parseIp(text: string): IpAddress | IpParseError {
  const trimmed = text.trim();
  if (trimmed !== text || trimmed === '') return { error: `"${text}" is not an IP address` };
  if (DOTTED_QUAD.test(text)) {
    const bytes = text.split('.').map(Number);
    return { family: 4, value: bytesToBigint(bytes) };
  }
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) {
    return { family: 6, value: bytesToBigint(ipaddr.IPv6.parse(text).toByteArray()) };
  }
  if (/^[\d.]+$/.test(text))
    return { error: `"${text}" is not a valid IPv4 address (four numbers 0-255, no leading zeros)` };
  return { error: `"${text}" is not an IP address` };
}

/** Parses `address/prefix`. Host bits set are allowed here and reported in `hostBitsSet`; callers decide if that is an error. */
export function parseCidr(text: string): ParsedCidr | IpParseError {
  const slash = text.indexOf('/');
  if (slash < 0)
    return { error: `"${text}" is not a CIDR block (expected address/prefix, e.g. 10.0.0.0/16)` };
  const address = parseIp(text.slice(0, slash));
  if ('error' in address) return { error: `"${text}" is not a CIDR block: ${address.error}` };
  const prefixText = text.slice(slash + 1);
  const bits = familyBits(address.family);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > bits) {
    return { error: `"${text}" has an invalid prefix length (0-${bits} for IPv${address.family})` };
  }
  const prefix = Number(prefixText);
  const network = address.value & prefixMask(address.family, prefix);
  return { cidr: { family: address.family, network, prefix }, hostBitsSet: network !== address.value };
}

/** Whether a parse result is an error. */
export function isParseError(value: object): value is IpParseError {
  return 'error' in value;
}

/** The netmask of a prefix as an integer. */
export function prefixMask(family: IpFamily, prefix: number): bigint {
  const bits = BigInt(familyBits(family));
  const all = (1n << bits) - 1n;
  return (all << (bits - BigInt(prefix))) & all;
}

/** Number of addresses in a block. */
export function cidrSize(cidr: Cidr): bigint {
  return 1n << BigInt(familyBits(cidr.family) - cidr.prefix);
}

/** Last address of a block. */
export function cidrLast(cidr: Cidr): bigint {
  return cidr.network + cidrSize(cidr) - 1n;
}

/** Whether `ip` lies in `cidr` (families must match). */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  return cidr.family === ip.family && ip.value >= cidr.network && ip.value <= cidrLast(cidr);
}

/** Whether block `inner` lies entirely inside block `outer`. */
export function cidrContainsCidr(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.family === inner.family &&
    outer.prefix <= inner.prefix &&
    inner.network >= outer.network &&
    cidrLast(inner) <= cidrLast(outer)
  );
}

/** Whether two blocks share any address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.network <= cidrLast(b) && b.network <= cidrLast(a);
}

/** The address at `offset` from the block's network address. */
export function cidrAddress(cidr: Cidr, offset: bigint): IpAddress {
  return { family: cidr.family, value: cidr.network + offset };
}

/** Canonical text of an address (IPv6 compressed, RFC 5952). */
export function formatIp(ip: IpAddress): string {
  return ipaddr.fromByteArray(bigintToBytes(ip.value, ip.family === 4 ? 4 : 16)).toString();
}

/** Canonical text of a block. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.network })}/${cidr.prefix}`;
}

/** The smallest prefix length (largest block) of the family whose size is at least `addresses`. */
export function prefixForSize(family: IpFamily, addresses: bigint): number {
  const bits = familyBits(family);
  let prefix = bits;
  while (prefix > 0 && 1n << BigInt(bits - prefix) < addresses) prefix--;
  return prefix;
}

function bytesToBigint(bytes: readonly number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function bigintToBytes(value: bigint, length: number): number[] {
  const bytes: number[] = new Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}
