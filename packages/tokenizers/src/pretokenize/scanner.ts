/**
 * Hand-written scanners equivalent to the known split patterns (see patterns.ts), with the same
 * leftmost-first alternation and backtracking results as the regular expressions. Each returns the
 * end (exclusive, UTF-16) of the piece that starts at `i` in `s` (the whole segment string); every
 * position starts a non-empty piece. Work per piece is linear in the characters it looks at, and
 * every character is looked at a bounded number of times. With a work counter active (see
 * work-counter.ts), each scan adds the units it examined: the loops add what they walked over, and
 * each call adds BOUNDED_READS for its fixed number of single reads (classes, contractions).
 */
import { addWork } from '../work-counter.ts';
import { ASCII_CLASS, classOf, L, LO, N, UP, WS } from './char-classes.ts';
import type { PatternName } from './patterns.ts';

export type Scanner = (s: string, i: number) => number;

const APOSTROPHE = 39;
const SPACE = 32;
const CR = 13;
const LF = 10;
const SLASH = 47;
const LNW = L | N | WS;

/** An upper bound on the single reads of one scan outside its loops (classes, widths, contractions, digits). */
const BOUNDED_READS = 24;

function examined(units: number): void {
  addWork('scanned', units);
}

function classAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? ASCII_CLASS[c]! : classOf(s.codePointAt(i)!);
}

function widthAt(s: string, i: number): number {
  return s.codePointAt(i)! > 0xffff ? 2 : 1;
}

/** End of the run from i of code points whose class has a bit of `mask`. */
function runAny(s: string, i: number, n: number, mask: number): number {
  const from = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if ((ASCII_CLASS[c]! & mask) === 0) break;
      i++;
    } else {
      const cp = s.codePointAt(i)!;
      if ((classOf(cp) & mask) === 0) break;
      i += cp > 0xffff ? 2 : 1;
    }
  }
  examined(i - from + 1);
  return i;
}

/** End of the run from i of code points whose class has no bit of `mask`. */
function runNone(s: string, i: number, n: number, mask: number): number {
  const from = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if ((ASCII_CLASS[c]! & mask) !== 0) break;
      i++;
    } else {
      const cp = s.codePointAt(i)!;
      if ((classOf(cp) & mask) !== 0) break;
      i += cp > 0xffff ? 2 : 1;
    }
  }
  examined(i - from + 1);
  return i;
}

/** r50k: 's 'd 'm 't 'll 've 're, lowercase only; 0 when none. */
function contractionLower(s: string, i: number, n: number): number {
  if (i + 1 >= n) return 0;
  const d = s.charCodeAt(i + 1);
  if (d === 115 || d === 100 || d === 109 || d === 116) return 2;
  if (i + 2 >= n) return 0;
  const e = s.charCodeAt(i + 2);
  return (d === 108 && e === 108) || (d === 118 && e === 101) || (d === 114 && e === 101) ? 3 : 0;
}

/** (?i:'s|'t|'re|'ve|'m|'ll|'d) at i: its length, or 0. */
function contractionAnyCase(s: string, i: number, n: number): number {
  if (i + 1 >= n || s.charCodeAt(i) !== APOSTROPHE) return 0;
  const d = s.charCodeAt(i + 1) | 32;
  if (d === 115 || d === 116 || d === 109 || d === 100) return 2;
  if (i + 2 >= n) return 0;
  const e = s.charCodeAt(i + 2) | 32;
  return (d === 108 && e === 108) || (d === 118 && e === 101) || (d === 114 && e === 101) ? 3 : 0;
}

/** \s+(?!\S)|\s+ from i (a whitespace character). */
function whitespaceRun(s: string, i: number, n: number): number {
  const k = runAny(s, i, n, WS); // White_Space is all in the BMP: one unit per character
  return k === n || k - i === 1 ? k : k - 1;
}

/** \s*[\r\n]+|\s+(?!\S)|\s+ from i (a whitespace character). */
function whitespaceWithNewlines(s: string, i: number, n: number): number {
  const k = runAny(s, i, n, WS);
  for (let p = k - 1; p >= i; p--) {
    const c = s.charCodeAt(p);
    if (c === LF || c === CR) {
      examined(k - p);
      return p + 1;
    }
  }
  examined(k - i);
  return k === n || k - i === 1 ? k : k - 1;
}

/** '(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+ */
export function scanR50k(s: string, i: number): number {
  examined(BOUNDED_READS);
  const n = s.length;
  const c = s.charCodeAt(i);
  if (c === APOSTROPHE) {
    const k = contractionLower(s, i, n);
    if (k > 0) return i + k;
  }
  const j = c === SPACE && i + 1 < n ? i + 1 : i;
  const k = classAt(s, j);
  if ((k & L) !== 0) return runAny(s, j, n, L);
  if ((k & N) !== 0) return runAny(s, j, n, N);
  if ((k & LNW) === 0) return runNone(s, j, n, LNW);
  return whitespaceRun(s, i, n);
}

/** (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+ */
export function scanCl100k(s: string, i: number): number {
  examined(BOUNDED_READS);
  const n = s.length;
  const c = s.charCodeAt(i);
  if (c === APOSTROPHE) {
    const k = contractionAnyCase(s, i, n);
    if (k > 0) return i + k;
  }
  const k = classAt(s, i);
  if ((k & L) !== 0) return runAny(s, i, n, L);
  const w = widthAt(s, i);
  if ((k & N) === 0 && c !== CR && c !== LF && i + w < n && (classAt(s, i + w) & L) !== 0) return runAny(s, i + w, n, L);
  if ((k & N) !== 0) {
    let e = i + w;
    for (let count = 1; count < 3 && e < n && (classAt(s, e) & N) !== 0; count++) e += widthAt(s, e);
    return e;
  }
  const j = c === SPACE && i + 1 < n ? i + 1 : i;
  if ((classAt(s, j) & LNW) === 0) {
    const run = runNone(s, j, n, LNW);
    let e = run;
    while (e < n && (s.charCodeAt(e) === CR || s.charCodeAt(e) === LF)) e++;
    examined(e - run + 1);
    return e;
  }
  return whitespaceWithNewlines(s, i, n);
}

/** Optional (?i:'s|'t|'re|'ve|'m|'ll|'d) after a letter run ending at e. */
function withContraction(s: string, e: number, n: number): number {
  return e + contractionAnyCase(s, e, n);
}

/** [UP]*[LO]+ contraction? from p, or -1. */
function lowerTail(s: string, p: number, n: number): number {
  let e = p;
  let lastLower = -1;
  while (e < n) {
    const k = classAt(s, e);
    if ((k & UP) === 0) break;
    e += widthAt(s, e);
    if ((k & LO) !== 0) lastLower = e;
  }
  examined(e - p + 1);
  if (e < n && (classAt(s, e) & LO) !== 0) return withContraction(s, runAny(s, e, n, LO), n);
  return lastLower < 0 ? -1 : withContraction(s, lastLower, n);
}

/** [UP]+[LO]* contraction? from p, or -1. */
function upperHead(s: string, p: number, n: number): number {
  if (p >= n || (classAt(s, p) & UP) === 0) return -1;
  return withContraction(s, runAny(s, runAny(s, p, n, UP), n, LO), n);
}

/** The o200k pattern (see PATTERN_SOURCES.o200k). */
export function scanO200k(s: string, i: number): number {
  examined(BOUNDED_READS);
  const n = s.length;
  const c = s.charCodeAt(i);
  const k = classAt(s, i);
  const w = widthAt(s, i);
  const prefix = (k & (L | N)) === 0 && c !== CR && c !== LF && i + w < n;
  let e: number;
  if (prefix && (e = lowerTail(s, i + w, n)) >= 0) return e;
  if ((k & (UP | LO)) !== 0 && (e = lowerTail(s, i, n)) >= 0) return e;
  if (prefix && (e = upperHead(s, i + w, n)) >= 0) return e;
  if ((k & UP) !== 0) return upperHead(s, i, n);
  if ((k & N) !== 0) {
    e = i + w;
    for (let count = 1; count < 3 && e < n && (classAt(s, e) & N) !== 0; count++) e += widthAt(s, e);
    return e;
  }
  const j = c === SPACE && i + 1 < n ? i + 1 : i;
  if ((classAt(s, j) & LNW) === 0) {
    const run = runNone(s, j, n, LNW);
    e = run;
    for (let d = s.charCodeAt(e); e < n && (d === CR || d === LF || d === SLASH); d = s.charCodeAt(++e));
    examined(e - run + 1);
    return e;
  }
  return whitespaceWithNewlines(s, i, n);
}

export const SCANNERS: Readonly<Record<PatternName, Scanner>> = { r50k: scanR50k, cl100k: scanCl100k, o200k: scanO200k };
