// A read-only view over a JSON value that knows where each part came from, shared by the az, ARM and Terraform readers.

import { isUnknown, type UnknownValue } from '../../model/cluster.js';
import { isRecord } from '../../model/json.js';
import { childPointer, type SourceRef } from '../../model/source.js';

/** Finds the source position of a value by its JSON pointer inside the viewed tree. */
export type Locator = (pointer: string) => SourceRef;

/** One value of a definition and its position. `value` is plain JSON or an {@link UnknownValue}. */
export interface SourceNode {
  readonly value: unknown;
  readonly pointer: string;
  readonly ref: SourceRef;
  /**
   * A property (matched case-insensitively, as Azure Resource Manager does) or an array item.
   * Absent and `null` give `undefined`; inside an unknown value every child is that same unknown.
   */
  child(key: string | number): SourceNode | undefined;
  /** `child` over a path of keys. */
  get(...keys: readonly (string | number)[]): SourceNode | undefined;
  /** The items of an array value (none for anything else). */
  items(): SourceNode[];
  /** The properties of an object value, in source order. */
  entries(): [string, SourceNode][];
}

/** Views `value` (found at `pointer` in its document) with positions from `locate`. */
export function sourceNode(value: unknown, pointer: string, locate: Locator): SourceNode {
  const node: SourceNode = {
    value,
    pointer,
    get ref() {
      return locate(pointer);
    },
    child(key) {
      if (isUnknown(value)) return sourceNode(value, pointer, locate);
      if (typeof key === 'number') {
        if (!Array.isArray(value)) return undefined;
        const item: unknown = value[key];
        return item === undefined || item === null
          ? undefined
          : sourceNode(item, childPointer(pointer, key), locate);
      }
      if (!isRecord(value)) return undefined;
      const actual = findKey(value, key);
      if (actual === undefined) return undefined;
      const item = value[actual];
      return item === undefined || item === null
        ? undefined
        : sourceNode(item, childPointer(pointer, actual), locate);
    },
    get(...keys) {
      let current: SourceNode | undefined = node;
      for (const key of keys) current = current?.child(key);
      return current;
    },
    items() {
      if (!Array.isArray(value)) return [];
      return value.flatMap((item, i) =>
        item === null || item === undefined ? [] : [sourceNode(item, childPointer(pointer, i), locate)],
      );
    },
    entries() {
      if (!isRecord(value) || isUnknown(value)) return [];
      return Object.entries(value).flatMap(([key, item]): [string, SourceNode][] =>
        item === null || item === undefined
          ? []
          : [[key, sourceNode(item, childPointer(pointer, key), locate)]],
      );
    },
  };
  return node;
}

/** The key of `record` equal to `key`, preferring the exact spelling, else ignoring case. */
export function findKey(record: Record<string, unknown>, key: string): string | undefined {
  if (Object.hasOwn(record, key)) return key;
  const lower = key.toLowerCase();
  return Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
}

/** Builds an unknown value with its reason. */
export function unknownValue(reason: string): UnknownValue {
  return { unknown: true, reason };
}
