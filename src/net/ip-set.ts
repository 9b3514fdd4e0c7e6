// Sets of addresses as sorted, disjoint, non-adjacent intervals per family: the algebra behind ipBlock/except, CIDR overlap and nets/notNets.
import { type Cidr, cidrLast, familyBits, type IpAddress, type IpFamily } from './ip.js';

/** An inclusive interval of addresses of one family. */
export interface IpInterval {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

/** An immutable set of addresses. */
export class IpSet {
  private constructor(readonly intervals: readonly IpInterval[]) {}

  /** The empty set. */
  static readonly EMPTY = new IpSet([]);

  /** Every address of the given families. */
  static all(families: readonly IpFamily[] = [4, 6]): IpSet {
    return IpSet.of(
      families.map((family) => ({ family, first: 0n, last: (1n << BigInt(familyBits(family))) - 1n })),
    );
  }

  /** The addresses of some blocks. */
  static fromCidrs(cidrs: readonly Cidr[]): IpSet {
    return IpSet.of(cidrs.map((c) => ({ family: c.family, first: c.network, last: cidrLast(c) })));
  }

  /** Normalizes any intervals into a set. */
  static of(intervals: readonly IpInterval[]): IpSet {
    const sorted = [...intervals].sort((a, b) => a.family - b.family || compare(a.first, b.first));
    const merged: IpInterval[] = [];
    for (const next of sorted) {
      const last = merged[merged.length - 1];
      if (last && last.family === next.family && next.first <= last.last + 1n) {
        if (next.last > last.last) merged[merged.length - 1] = { ...last, last: next.last };
      } else {
        merged.push(next);
      }
    }
    return new IpSet(merged);
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  has(ip: IpAddress): boolean {
    return this.intervals.some((i) => i.family === ip.family && ip.value >= i.first && ip.value <= i.last);
  }

  union(other: IpSet): IpSet {
    return IpSet.of([...this.intervals, ...other.intervals]);
  }

  intersect(other: IpSet): IpSet {
    const out: IpInterval[] = [];
    for (const a of this.intervals) {
      for (const b of other.intervals) {
        if (a.family !== b.family) continue;
        const first = a.first > b.first ? a.first : b.first;
        const last = a.last < b.last ? a.last : b.last;
        if (first <= last) out.push({ family: a.family, first, last });
      }
    }
    return IpSet.of(out);
  }

  subtract(other: IpSet): IpSet {
    let remaining: IpInterval[] = [...this.intervals];
    for (const cut of other.intervals) {
      const next: IpInterval[] = [];
      for (const piece of remaining) {
        if (piece.family !== cut.family || cut.last < piece.first || cut.first > piece.last) {
          next.push(piece);
          continue;
        }
        if (cut.first > piece.first)
          next.push({ family: piece.family, first: piece.first, last: cut.first - 1n });
        if (cut.last < piece.last)
          next.push({ family: piece.family, first: cut.last + 1n, last: piece.last });
      }
      remaining = next;
    }
    return IpSet.of(remaining);
  }

  /** Whether every address of `other` is in this set. */
  covers(other: IpSet): boolean {
    return other.subtract(this).isEmpty();
  }

  overlaps(other: IpSet): boolean {
    return !this.intersect(other).isEmpty();
  }

  equals(other: IpSet): boolean {
    return (
      this.intervals.length === other.intervals.length &&
      this.intervals.every((a, i) => {
        const b = other.intervals[i]!;
        return a.family === b.family && a.first === b.first && a.last === b.last;
      })
    );
  }

  /** Number of addresses. */
  size(): bigint {
    return this.intervals.reduce((sum, i) => sum + (i.last - i.first + 1n), 0n);
  }

  /** The fewest CIDR blocks that make up the set, in address order. */
  toCidrs(): Cidr[] {
    const out: Cidr[] = [];
    for (const interval of this.intervals) {
      const bits = familyBits(interval.family);
      let start = interval.first;
      while (start <= interval.last) {
        // The largest aligned block that starts at `start` and stays inside the interval.
        let size = 1n;
        while (
          (start & (size * 2n - 1n)) === 0n &&
          start + size * 2n - 1n <= interval.last &&
          size * 2n <= 1n << BigInt(bits)
        )
          size *= 2n;
        let hostBits = 0;
        while (1n << BigInt(hostBits) < size) hostBits++;
        out.push({ family: interval.family, network: start, prefix: bits - hostBits });
        start += size;
      }
    }
    return out;
  }
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
