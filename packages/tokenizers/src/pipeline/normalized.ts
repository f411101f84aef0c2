/**
 * Text after normalization, aligned to the original: for each UTF-16 unit of `text`, the
 * original UTF-16 range [starts[i], ends[i]) it came from. No arrays means the identity alignment.
 */
export interface Normalized {
  readonly text: string;
  readonly starts?: Uint32Array | undefined;
  readonly ends?: Uint32Array | undefined;
}

/** Maps a normalized UTF-16 range [start, end) back to the original text. */
export function originalRange(n: Normalized, start: number, end: number): [number, number] {
  if (n.starts === undefined || n.ends === undefined) return [start, end];
  if (end <= start) {
    const at = start < n.text.length ? n.starts[start]! : n.text.length === 0 ? 0 : n.ends[n.text.length - 1]!;
    return [at, at];
  }
  return [n.starts[start]!, n.ends[end - 1]!];
}

/**
 * Rewrites `input` chunk by chunk. `next(text, i)` returns the end of the chunk that starts at i;
 * `map(chunk)` its replacement (possibly empty). Every unit of a changed chunk is aligned to the
 * whole original range of the chunk (an unchanged chunk keeps its units' own ranges); a chunk replaced by nothing belongs to no unit.
 * Returns `input` itself when nothing changed.
 */
export function rewrite(input: Normalized, next: (text: string, i: number) => number, map: (chunk: string) => string): Normalized {
  const text = input.text;
  let out = '';
  let changed = false;
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; ) {
    const j = next(text, i);
    const chunk = text.slice(i, j);
    const replaced = map(chunk);
    if (replaced !== chunk) changed = true;
    if (replaced === chunk) {
      // Unchanged: each unit keeps its own range.
      for (let k = i; k < j; k++) {
        const [s, e] = originalRange(input, k, k + 1);
        starts.push(s);
        ends.push(e);
      }
    } else {
      const [s, e] = originalRange(input, i, j);
      for (let k = 0; k < replaced.length; k++) {
        starts.push(s);
        ends.push(e);
      }
    }
    out += replaced;
    i = j;
  }
  if (!changed) return input;
  return { text: out, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}

/** End of the code point at i. */
export function nextCodePoint(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return i + 2;
  }
  return i + 1;
}

const MARK = /\p{M}/u;

/** End of a code point followed by its combining marks (the unit normalization forms work on). */
export function nextCluster(text: string, i: number): number {
  let j = nextCodePoint(text, i);
  while (j < text.length) {
    const k = nextCodePoint(text, j);
    if (!MARK.test(text.slice(j, k))) break;
    j = k;
  }
  return j;
}
