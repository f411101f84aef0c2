/**
 * BERT's text cleaning in one pass over UTF-16 units (Hugging Face's BertNormalizer): drop NUL,
 * U+FFFD and control characters, turn whitespace into spaces, surround CJK ideographs with spaces,
 * strip accents (NFD, then drop non-spacing marks), lowercase (per code point, as Rust's
 * char::to_lowercase). Output units carry the original range of the code point they came from;
 * a removed code point belongs to no unit (as in Hugging Face's alignments).
 */
import type { Normalized } from '../normalized.ts';
import type { Normalizer } from './normalizer.ts';
import { bertClass, CJK, CONTROL, WHITESPACE } from '../../pretokenize/bert-chars.ts';

export interface BertNormalizeOptions {
  cleanText: boolean;
  handleChineseChars: boolean;
  stripAccents: boolean;
  lowercase: boolean;
}

const NONSPACING_MARKS = /\p{Mn}/gu;
/** Per-options cache of the replacement of non-ASCII BMP code points that are not special. */
const caches = new Map<string, Array<string | undefined>>();

function unitsToString(units: Uint16Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 8192) out += String.fromCharCode.apply(null, units.subarray(i, Math.min(length, i + 8192)) as unknown as number[]);
  return out;
}

export function bertNormalize(input: Normalized, options: BertNormalizeOptions): Normalized {
  const text = input.text;
  if (!options.cleanText || NEEDS_WORK.test(text)) return slowPath(input, options);
  // Pure printable ASCII (plus tab and line breaks): unit for unit, so the alignment is unchanged.
  let out = options.lowercase ? text.toLowerCase() : text;
  if (LINE_BREAKS.test(out)) {
    // A unit loop: String.prototype.replace with many matches is superlinear in practice.
    const units = new Uint16Array(out.length);
    for (let i = 0; i < out.length; i++) {
      const c = out.charCodeAt(i);
      units[i] = c === 0x09 || c === 0x0a || c === 0x0d ? 0x20 : c;
    }
    out = unitsToString(units, units.length);
  }
  return out === text ? input : { ...input, text: out };
}

/** Anything but printable ASCII, tab and line breaks. */
const NEEDS_WORK = /[^\t\n\r\x20-\x7e]/;
const LINE_BREAKS = /[\t\n\r]/;

function slowPath(input: Normalized, options: BertNormalizeOptions): Normalized {
  const { cleanText, handleChineseChars, stripAccents, lowercase } = options;
  const key = `${stripAccents}${lowercase}`;
  let cache = caches.get(key);
  if (cache === undefined) caches.set(key, (cache = new Array(0x10000)));
  const text = input.text;
  const n = text.length;
  const inStarts = input.starts;
  const inEnds = input.ends;
  let capacity = n + 16;
  let units = new Uint16Array(capacity);
  let starts = new Uint32Array(0);
  let ends = new Uint32Array(0);
  // While `aligned`, output unit k came from input unit k (identity alignment) and starts/ends
  // are not written; the first insertion or removal fills them in.
  let aligned = inStarts === undefined;
  if (!aligned) {
    starts = new Uint32Array(capacity);
    ends = new Uint32Array(capacity);
  }
  let w = 0;
  const diverge = (): void => {
    if (!aligned) return;
    aligned = false;
    starts = new Uint32Array(capacity);
    ends = new Uint32Array(capacity);
    for (let k = 0; k < w; k++) {
      starts[k] = k;
      ends[k] = k + 1;
    }
  };
  const grow = (extra: number): void => {
    if (w + extra <= capacity) return;
    capacity = Math.max(capacity * 2, w + extra);
    const u = new Uint16Array(capacity);
    u.set(units.subarray(0, w));
    units = u;
    if (!aligned) {
      const s = new Uint32Array(capacity);
      s.set(starts.subarray(0, w));
      starts = s;
      const e = new Uint32Array(capacity);
      e.set(ends.subarray(0, w));
      ends = e;
    }
  };
  for (let i = 0; i < n; ) {
    let cp = text.charCodeAt(i);
    if (cp < 0x80 && cp >= 0x20 && cp !== 0x7f) {
      if (w + 1 > capacity) grow(1);
      units[w] = lowercase && cp >= 65 && cp <= 90 ? cp + 32 : cp;
      if (!aligned) {
        starts[w] = inStarts === undefined ? i : inStarts[i]!;
        ends[w] = inEnds === undefined ? i + 1 : inEnds[i]!;
      }
      w++;
      i++;
      continue;
    }
    let length = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        length = 2;
      }
    }
    const from = inStarts === undefined ? i : inStarts[i]!;
    const to = inEnds === undefined ? i + length : inEnds[i + length - 1]!;
    const cls = bertClass(cp);
    let replaced: string;
    if (cleanText && (cp === 0 || cp === 0xfffd || (cls & CONTROL) !== 0)) replaced = '';
    else if (cleanText && (cls & WHITESPACE) !== 0) replaced = ' ';
    else if (handleChineseChars && (cls & CJK) !== 0) {
      diverge();
      grow(length + 2);
      for (let k = -1; k <= length; k++) {
        units[w] = k < 0 || k === length ? 0x20 : text.charCodeAt(i + k);
        starts[w] = from;
        ends[w++] = to;
      }
      i += length;
      continue;
    } else {
      const cached = cp < 0x10000 ? cache[cp] : undefined;
      if (cached !== undefined) replaced = cached;
      else {
        replaced = text.slice(i, i + length);
        if (stripAccents && cp >= 0xc0) replaced = replaced.normalize('NFD').replace(NONSPACING_MARKS, '');
        if (lowercase) replaced = replaced.toLowerCase();
        if (cp < 0x10000) cache[cp] = replaced;
      }
    }
    if (replaced.length !== length) diverge();
    if (replaced.length > 0) {
      grow(replaced.length);
      for (let k = 0; k < replaced.length; k++) {
        units[w] = replaced.charCodeAt(k);
        if (!aligned) {
          starts[w] = from;
          ends[w] = to;
        }
        w++;
      }
    }
    i += length;
  }
  const out = unitsToString(units, w);
  if (aligned) return out === text ? input : { text: out };
  return { text: out, starts: starts.slice(0, w), ends: ends.slice(0, w) };
}

export interface BertNormalizerOptions {
  cleanText?: boolean;
  handleChineseChars?: boolean;
  /** Default: the value of `lowercase` (BERT uncased strips accents, cased keeps them). */
  stripAccents?: boolean | undefined;
  lowercase?: boolean;
}

/**
 * BERT's text cleaning: drop NUL, U+FFFD and control characters, turn whitespace into spaces,
 * surround CJK ideographs with spaces, strip accents (NFD, then drop non-spacing marks), lowercase.
 */
export function bertNormalizer(options: BertNormalizerOptions = {}): Normalizer {
  const lowercase = options.lowercase ?? true;
  const resolved = {
    cleanText: options.cleanText ?? true,
    handleChineseChars: options.handleChineseChars ?? true,
    lowercase,
    stripAccents: options.stripAccents ?? lowercase,
  };
  return (input) => bertNormalize(input, resolved);
}
