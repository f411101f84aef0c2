/**
 * The shared output of every tokenizer's offset-aware encode: ids, UTF-16 offsets into the input,
 * attention mask and special-token mask, plus truncation and padding.
 */
import { TokenizerArgumentError } from './errors.ts';

export interface Encoding {
  /** Token ids. */
  readonly ids: Uint32Array;
  /**
   * Two entries per token: start and end (exclusive) UTF-16 offsets into the encoded text. A token
   * that covers part of a character's UTF-8 bytes spans the whole character; padding is [0, 0).
   */
  readonly offsets: Uint32Array;
  /** 1 for a real token, 0 for padding. */
  readonly attentionMask: Uint8Array;
  /** 1 for a special token (including padding), 0 for an ordinary token. */
  readonly specialTokensMask: Uint8Array;
}

export type Side = 'left' | 'right';

export interface TruncationOptions {
  /** Keep at most this many tokens (an integer >= 0). */
  maxLength: number;
  /** Which end loses tokens; default 'right'. */
  side?: Side;
}

export interface PaddingOptions {
  /** Target length: a number, or 'longest' (the longest in the batch); default 'longest'. */
  length?: number | 'longest';
  /** Round the target length up to a multiple of this (e.g. 8). */
  multipleOf?: number;
  /** Id written into padded positions. */
  padId: number;
  /** Which end receives padding; default 'right'. */
  side?: Side;
}

/** Builds an Encoding with every token real and ordinary unless masks are given. */
export function makeEncoding(ids: Uint32Array, offsets: Uint32Array, specialTokensMask?: Uint8Array): Encoding {
  if (offsets.length !== ids.length * 2) throw new TokenizerArgumentError('offsets', `has ${offsets.length} entries; expected 2 per id (${ids.length * 2})`);
  return {
    ids,
    offsets,
    attentionMask: new Uint8Array(ids.length).fill(1),
    specialTokensMask: specialTokensMask ?? new Uint8Array(ids.length),
  };
}

function checkLength(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new TokenizerArgumentError(name, `is ${value}; expected an integer >= 0`);
}

/** Keeps at most `maxLength` tokens, dropping from `side`. Returns the same object when nothing is dropped. */
export function truncateEncoding(encoding: Encoding, options: TruncationOptions): Encoding {
  checkLength('truncation.maxLength', options.maxLength);
  const n = encoding.ids.length;
  if (n <= options.maxLength) return encoding;
  const from = options.side === 'left' ? n - options.maxLength : 0;
  const to = from + options.maxLength;
  return {
    ids: encoding.ids.slice(from, to),
    offsets: encoding.offsets.slice(2 * from, 2 * to),
    attentionMask: encoding.attentionMask.slice(from, to),
    specialTokensMask: encoding.specialTokensMask.slice(from, to),
  };
}

/** Pads to `length` tokens with `padId` on `side`; an encoding already that long is returned as is. */
export function padEncoding(encoding: Encoding, length: number, padId: number, side: Side = 'right'): Encoding {
  checkLength('padding.length', length);
  checkLength('padding.padId', padId);
  const n = encoding.ids.length;
  if (n >= length) return encoding;
  const at = side === 'left' ? length - n : 0;
  const ids = new Uint32Array(length).fill(padId);
  ids.set(encoding.ids, at);
  const offsets = new Uint32Array(2 * length);
  offsets.set(encoding.offsets, 2 * at);
  const attentionMask = new Uint8Array(length);
  attentionMask.set(encoding.attentionMask, at);
  const specialTokensMask = new Uint8Array(length).fill(1);
  specialTokensMask.set(encoding.specialTokensMask, at);
  return { ids, offsets, attentionMask, specialTokensMask };
}

/** Applies truncation to each encoding, then padding across the batch. */
export function finishBatch(encodings: Encoding[], truncation?: TruncationOptions, padding?: PaddingOptions): Encoding[] {
  let out = truncation ? encodings.map((e) => truncateEncoding(e, truncation)) : encodings;
  if (padding) {
    let length = 0;
    if (padding.length === undefined || padding.length === 'longest') for (const e of out) length = Math.max(length, e.ids.length);
    else length = padding.length;
    const multiple = padding.multipleOf;
    if (multiple !== undefined) {
      if (!Number.isInteger(multiple) || multiple < 1) throw new TokenizerArgumentError('padding.multipleOf', `is ${multiple}; expected an integer >= 1`);
      length = Math.ceil(length / multiple) * multiple;
    }
    out = out.map((e) => padEncoding(e, length, padding.padId, padding.side));
  }
  return out;
}

/** Stacks equally long encodings into row-major [batch, length] arrays (e.g. for a model's input). */
export function stackEncodings(encodings: readonly Encoding[]): { ids: Uint32Array; attentionMask: Uint8Array; shape: [number, number] } {
  const length = encodings.length === 0 ? 0 : encodings[0]!.ids.length;
  const ids = new Uint32Array(encodings.length * length);
  const attentionMask = new Uint8Array(encodings.length * length);
  encodings.forEach((e, row) => {
    if (e.ids.length !== length) throw new TokenizerArgumentError(`encodings[${row}]`, `has ${e.ids.length} tokens; expected ${length} like row 0 (pad the batch first)`);
    ids.set(e.ids, row * length);
    attentionMask.set(e.attentionMask, row * length);
  });
  return { ids, attentionMask, shape: [encodings.length, length] };
}
