import { JsonNumber, type JsonObject, type JsonValue, parseBoundedJson } from './bounded-json.ts';

/**
 * Parses an untrusted header with exactly the meaning of `parseBoundedJson` (duplicate keys, depth
 * and non-integer numbers rejected or kept as text) at close to JSON.parse's speed.
 *
 * A linear scan (no allocation) first checks the nesting depth, that every number is a plain
 * non-negative integer of at most 15 digits, that no key starts with a digit (JSON.parse would
 * reorder integer-like keys) and counts the keys. If it finds nothing of the kind, JSON.parse
 * builds the value, and comparing its key count with the scan's finds duplicate keys (JSON.parse
 * keeps the last). Anything unusual (a syntax error, a deep nesting, a duplicate key, a fraction,
 * exponent or sign) goes to `parseBoundedJson`, which reports the first problem in document order.
 *
 * The result holds either plain objects and numbers (fast path) or Maps and JsonNumbers (exact
 * path); read it through `objectEntries`, `field` and `safeIntegerOf`.
 */
export type HeaderJson = JsonValue | number | HeaderJson[] | { [key: string]: HeaderJson };

/** A parsed header and the keys of its top level (undefined if it is not an object). */
export interface ParsedHeaderJson {
  root: HeaderJson;
  rootKeys: string[] | undefined;
}

export function parseHeaderJson(text: string, maxDepth: number): ParsedHeaderJson {
  const keys = scanPlainJson(text, maxDepth);
  if (keys >= 0) {
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch {
      root = undefined; // the exact parser reports where and why
    }
    if (typeof root === 'object' && root !== null) {
      // Object.keys of a large object is costly (it sorts): take the root's keys once, for the count and the caller.
      const rootKeys = Array.isArray(root) ? undefined : Object.keys(root);
      let count = rootKeys?.length ?? 0;
      if (rootKeys === undefined) count += countKeys(root);
      else for (const key of rootKeys) count += countKeys((root as Record<string, unknown>)[key]);
      if (count === keys) return { root: root as HeaderJson, rootKeys };
    }
  }
  const root = parseBoundedJson(text, maxDepth);
  return { root, rootKeys: objectKeys(root) };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Key count of `text` if it is (assuming JSON.parse accepts it) nested at most `maxDepth` deep,
 * its numbers are plain integers of at most 15 digits (exact as doubles) and no key starts with a digit; else -1.
 */
function scanPlainJson(text: string, maxDepth: number): number {
  const n = text.length;
  let depth = 0;
  let keys = 0;
  let lastStringStart = -1;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      lastStringStart = i + 1;
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return -1;
        let b = q - 1;
        while (b >= from && text.charCodeAt(b) === BACKSLASH) b--;
        from = q + 1;
        if ((q - 1 - b) % 2 === 0) break; // an even run of backslashes: the quote ends the string
      }
      i = from;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return -1;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x3a) {
      keys++;
      const first = text.charCodeAt(lastStringStart);
      if (first >= 0x30 && first <= 0x39) return -1;
    } else if (c >= 0x30 && c <= 0x39) {
      const start = i;
      while (i + 1 < n && isDigit(text.charCodeAt(i + 1))) i++;
      const next = text.charCodeAt(i + 1);
      if (next === 0x2e || next === 0x65 || next === 0x45 || i - start + 1 > 15) return -1;
    } else if (c === 0x2d) return -1;
    i++;
  }
  return keys;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Keys of every object in a JSON.parse result (for-in allocates nothing; an enumerable key on Object.prototype only makes the count differ, which takes the exact path). */
function countKeys(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let total = 0;
  if (Array.isArray(value)) {
    for (const item of value) total += countKeys(item);
    return total;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    total++;
    total += countKeys(record[key]);
  }
  return total;
}

function isPlainObject(value: unknown): value is Record<string, HeaderJson> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof JsonNumber);
}

/** The keys of an object, in document order; undefined if `value` is not an object. */
export function objectKeys(value: HeaderJson | undefined): string[] | undefined {
  if (value instanceof Map) return [...(value as JsonObject).keys()];
  return isPlainObject(value) ? Object.keys(value) : undefined;
}

/**
 * The first key of an object (document order) that `ok` rejects, null when it accepts them all,
 * undefined if `value` is not an object. Allocates nothing on the JSON.parse path (for-in: a
 * polluted Object.prototype would already have sent the header to the exact path by its key count).
 */
export function findKey(value: HeaderJson | undefined, ok: (key: string) => boolean): string | null | undefined {
  if (value instanceof Map) {
    for (const key of (value as JsonObject).keys()) if (!ok(key)) return key;
    return null;
  }
  if (!isPlainObject(value)) return undefined;
  for (const key in value) if (!ok(key)) return key;
  return null;
}

/** The value of an object's own key (undefined if absent). `object` must be an object (see objectKeys). */
export function field(object: HeaderJson, key: string): HeaderJson | undefined {
  if (object instanceof Map) return (object as JsonObject).get(key);
  return Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, HeaderJson>)[key] : undefined;
}

/** The value of a plain non-negative integer (no sign, fraction or exponent) <= 2^53 - 1, else undefined. */
export function safeIntegerOf(value: HeaderJson | undefined): number | undefined {
  if (value instanceof JsonNumber) return value.safeInteger();
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && !Object.is(value, -0) ? value : undefined;
}

/** How a number is shown in an error message. */
export function describe(value: HeaderJson | undefined): string {
  if (value instanceof JsonNumber) return value.text;
  return typeof value === 'number' ? String(value) : Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}
