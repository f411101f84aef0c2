// The tokenizer of llama2.c (`run.c`: encode and decode), a SentencePiece BPE vocabulary with scores:
// encoding adds BOS (id 1) when asked and a dummy-prefix space token for non-empty text, splits the
// UTF-8 text into code points (a code point missing from the vocabulary falls back to its bytes'
// `<0xXX>` tokens), then repeatedly merges the adjacent pair whose concatenation is in the
// vocabulary with the highest score (the leftmost on ties), and appends EOS (id 2) when asked.
// run.c rescans every pair after each merge (quadratic); here a max-heap of candidate pairs over a
// linked list gives the same merges in O(n log n): each candidate is keyed by (score, left position)
// and dropped when either side has changed since it was pushed.
import { TokenizerArgumentError } from '../errors.ts';
import { parseLlama2cTokenizer, type Llama2cVocabulary } from './tokenizer-bin.ts';

export const LLAMA2C_BOS = 1;
export const LLAMA2C_EOS = 2;

export interface Llama2cEncodeOptions {
  /** Prepend BOS (id 1), as run.c does for prompts. Default true. */
  bos?: boolean;
  /** Append EOS (id 2). Default false. */
  eos?: boolean;
}

const encoder = new TextEncoder();
const BYTE_PIECE = /^<0x([0-9A-F]{2})>$/;

function binaryKey(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

export class Llama2cTokenizer {
  readonly vocabSize: number;
  private readonly pieces: Uint8Array[];
  private readonly keys: string[];
  private readonly scores: Float32Array;
  private readonly ids = new Map<string, number>();
  /** The token of each raw byte (`<0xXX>`), or -1. */
  private readonly byteIds = new Int32Array(256).fill(-1);
  /** For decoding: the byte a `<0xXX>` token stands for, or -1. */
  private readonly byteOf: Int16Array;

  constructor(vocabulary: Llama2cVocabulary) {
    this.pieces = vocabulary.pieces;
    this.scores = vocabulary.scores;
    this.vocabSize = vocabulary.pieces.length;
    this.keys = vocabulary.pieces.map(binaryKey);
    this.byteOf = new Int16Array(this.vocabSize).fill(-1);
    // run.c looks tokens up by binary search in a sorted copy; with duplicate pieces the first id wins here.
    this.keys.forEach((key, id) => {
      if (!this.ids.has(key)) this.ids.set(key, id);
      const m = BYTE_PIECE.exec(key);
      if (m) {
        const byte = parseInt(m[1]!, 16);
        this.byteOf[id] = byte;
        if (this.byteIds[byte] === -1) this.byteIds[byte] = id;
      }
    });
  }

  /** Reads a tokenizer.bin (see parseLlama2cTokenizer); `vocabSize` comes from the checkpoint when known. */
  static fromBytes(bytes: Uint8Array, vocabSize?: number): Llama2cTokenizer {
    return new Llama2cTokenizer(parseLlama2cTokenizer(bytes, vocabSize));
  }

  /** The raw bytes of token `id` (not decoded), or undefined for an id outside the vocabulary. */
  idToPiece(id: number): Uint8Array | undefined {
    return this.pieces[id];
  }

  score(id: number): number {
    this.checkId(id, 'id');
    return this.scores[id]!;
  }

  encode(text: string, options: Llama2cEncodeOptions = {}): Int32Array {
    if (typeof text !== 'string') throw new TokenizerArgumentError('text', `expected a string, got ${typeof text}`);
    const tokens: number[] = [];
    if (options.bos ?? true) tokens.push(LLAMA2C_BOS);
    if (text.length > 0) {
      const space = this.ids.get(' ');
      if (space === undefined) throw new TokenizerArgumentError('text', 'the vocabulary has no " " token for the dummy prefix');
      tokens.push(space);
    }
    this.pushCodePoints(encoder.encode(text), tokens);
    // As run.c, BOS takes part in the merge scan (no piece in practice extends it).
    const out = this.merge(tokens);
    if (options.eos ?? false) out.push(LLAMA2C_EOS);
    return Int32Array.from(out);
  }

  /** run.c's split: one lookup per UTF-8 code point (at most 4 bytes), else its bytes' tokens. */
  private pushCodePoints(bytes: Uint8Array, tokens: number[]): void {
    let start = 0;
    while (start < bytes.length) {
      let end = start + 1;
      while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80 && end - start < 4) end++;
      const id = this.ids.get(binaryKey(bytes.subarray(start, end)));
      if (id !== undefined) tokens.push(id);
      else {
        for (let i = start; i < end; i++) {
          const b = this.byteIds[bytes[i]!]!;
          if (b < 0) throw new TokenizerArgumentError('text', `byte 0x${bytes[i]!.toString(16)} has no <0x..> token in this vocabulary`);
          tokens.push(b);
        }
      }
      start = end;
    }
  }

  private merge(tokens: number[]): number[] {
    const n = tokens.length;
    if (n < 2) return tokens;
    const id = Int32Array.from(tokens);
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    const version = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    // Heap entries: [score, left position, left version, right position, right version, merged id].
    const heap: number[][] = [];
    const better = (a: number[], b: number[]): boolean => a[0]! > b[0]! || (a[0] === b[0] && a[1]! < b[1]!);
    const push = (e: number[]): void => {
      heap.push(e);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!better(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    };
    const pop = (): number[] => {
      const top = heap[0]!;
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1, r = l + 1;
          let m = i;
          if (l < heap.length && better(heap[l]!, heap[m]!)) m = l;
          if (r < heap.length && better(heap[r]!, heap[m]!)) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m]!, heap[i]!];
          i = m;
        }
      }
      return top;
    };
    const candidate = (left: number): void => {
      const right = next[left]!;
      if (left < 0 || right < 0) return;
      const merged = this.ids.get(this.keys[id[left]!]! + this.keys[id[right]!]!);
      if (merged !== undefined) push([this.scores[merged]!, left, version[left]!, right, version[right]!, merged]);
    };
    for (let i = 0; i + 1 < n; i++) candidate(i);
    while (heap.length > 0) {
      const [, left, lv, right, rv, merged] = pop() as [number, number, number, number, number, number];
      if (version[left] !== lv || version[right] !== rv || next[left] !== right) continue;
      id[left] = merged;
      version[left]++;
      version[right] = -1;
      const after = next[right]!;
      next[left] = after;
      if (after >= 0) prev[after] = left;
      candidate(prev[left]!);
      candidate(left);
    }
    const out: number[] = [];
    for (let i = 0; i >= 0; i = next[i]!) out.push(id[i]!);
    return out;
  }

  /**
   * The bytes run.c's `decode(prev, token)` yields for `token` after `prev`: the piece, with its leading
   * space dropped right after BOS, and `<0xXX>` pieces as their raw byte.
   */
  decodePiece(prev: number, token: number): Uint8Array {
    this.checkId(token, 'token');
    const byte = this.byteOf[token]!;
    if (byte >= 0) return Uint8Array.of(byte);
    const piece = this.pieces[token]!;
    return prev === LLAMA2C_BOS && piece[0] === 0x20 ? piece.subarray(1) : piece;
  }

  /** Decodes ids to text (UTF-8, invalid sequences replaced by U+FFFD); BOS and EOS produce no text. */
  decode(ids: ArrayLike<number>): string {
    const parts: Uint8Array[] = [];
    let total = 0;
    let prev = -1;
    for (let i = 0; i < ids.length; i++) {
      const token = ids[i]!;
      this.checkId(token, `ids[${i}]`);
      if (token !== LLAMA2C_BOS && token !== LLAMA2C_EOS) {
        const bytes = this.decodePiece(prev, token);
        parts.push(bytes);
        total += bytes.length;
      }
      prev = token;
    }
    const all = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    return new TextDecoder().decode(all);
  }

  private checkId(id: number, what: string): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new TokenizerArgumentError(what, `expected a token id in [0, ${this.vocabSize}), got ${id}`);
  }
}
