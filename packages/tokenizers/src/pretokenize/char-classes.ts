/**
 * Unicode character classes used by the pre-tokenizer scanners, as bit flags per code point:
 * L = \p{L}, N = \p{N}, WS = Unicode White_Space (Rust regex's \s), UP = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}],
 * LO = [\p{Ll}\p{Lm}\p{Lo}\p{M}]. Derived from the engine's own Unicode property escapes, block by
 * block (256 code points) on first use, then corrected by UNICODE_OVERRIDES for the code points that
 * tiktoken's Unicode tables (newer than this engine's) classify differently.
 */

import { UNICODE_OVERRIDES } from './unicode-overrides.ts';

export const L = 1;
export const N = 2;
export const WS = 4;
export const UP = 8;
export const LO = 16;

const IS_L = /^\p{L}$/u;
const IS_N = /^\p{N}$/u;
const IS_UP = /^[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]$/u;
const IS_LO = /^[\p{Ll}\p{Lm}\p{Lo}\p{M}]$/u;

function isWhiteSpace(cp: number): boolean {
  return (
    (cp >= 9 && cp <= 13) ||
    cp === 0x20 ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

function computeClass(cp: number): number {
  if (cp >= 0xd800 && cp <= 0xdfff) return 0; // a lone surrogate is "other", like U+FFFD
  const ch = String.fromCodePoint(cp);
  return (IS_L.test(ch) ? L : 0) | (IS_N.test(ch) ? N : 0) | (isWhiteSpace(cp) ? WS : 0) | (IS_UP.test(ch) ? UP : 0) | (IS_LO.test(ch) ? LO : 0);
}

const blocks: Array<Uint8Array | undefined> = new Array(0x1100);

function buildBlock(block: number): Uint8Array {
  const table = new Uint8Array(256);
  const base = block << 8;
  for (let i = 0; i < 256; i++) table[i] = computeClass(base + i);
  for (const [start, end, flags] of UNICODE_OVERRIDES) {
    for (let cp = Math.max(start, base); cp <= Math.min(end, base + 255); cp++) table[cp - base] = flags;
  }
  blocks[block] = table;
  return table;
}

/** Sets the class of one code point (used by scripts/generate-unicode-overrides.mjs only). */
export function overrideClass(cp: number, flags: number): void {
  const block = blocks[cp >> 8] ?? buildBlock(cp >> 8);
  block[cp & 255] = flags;
}

/** Classes of the ASCII range, always built (the hot path). */
export const ASCII_CLASS: Uint8Array = buildBlock(0).subarray(0, 128);

/** Class flags of a code point (0 for unassigned, symbols, punctuation and lone surrogates). */
export function classOf(cp: number): number {
  const block = blocks[cp >> 8] ?? buildBlock(cp >> 8);
  return block[cp & 255]!;
}
