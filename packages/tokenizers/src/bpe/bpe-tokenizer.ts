/**
 * A byte-level BPE tokenizer: special-token split, pre-tokenizer pattern, byte-pair model, with a
 * bounded piece cache. Ids equal tiktoken's for the tiktoken encodings.
 */
import { TokenizerArgumentError } from '../errors.ts';
import { finishBatch, type Encoding, type PaddingOptions, type TruncationOptions } from '../encoding-output.ts';
import type { PatternName } from '../pretokenize/patterns.ts';
import { SCANNERS, type Scanner } from '../pretokenize/scanner.ts';
import type { BytePairModel } from './byte-pair-model.ts';
import { IdBuffer } from './id-buffer.ts';
import { MAX_CACHED_PIECE, PieceCache } from './piece-cache.ts';
import { SpecialFinder, SpecialTokens, type SpecialOptions } from './special-tokens.ts';
import { encodeUtf8Into, utf16IndexOfBytes } from './utf8.ts';

/** Bytes of the UTF-8 scratch buffer kept between calls (a longer piece gets a temporary one). */
const SCRATCH_RETAINED = 1 << 20;

export interface BpeTokenizerOptions {
  model: BytePairModel;
  /** Known pre-tokenizer pattern. */
  pattern: PatternName;
  /**
   * False: each text between special tokens is one piece, not split by `pattern` (a tokenizer.json
   * whose Split keeps texts whole before a ByteLevel step without regex). Default true.
   */
  splitPieces?: boolean;
  /** Special token text -> id (ids may lie outside the model's ids). */
  specialTokens?: Readonly<Record<string, number>>;
  /** A name for messages (e.g. 'cl100k_base'). */
  name?: string;
}

export interface EncodeOptions extends SpecialOptions {}

export interface EncodeWithOffsetsOptions extends SpecialOptions {
  truncation?: TruncationOptions;
  padding?: PaddingOptions;
}

/** The scanner of `splitPieces: false`: the piece at `at` runs to the end of the text. */
const wholeText: Scanner = (text) => text.length;

type Sink = (pieceStart: number, pieceEnd: number, idsFrom: number) => void;

export class BpeTokenizer {
  readonly name: string;
  readonly model: BytePairModel;
  readonly pattern: PatternName;
  readonly specialTokens: SpecialTokens;
  private readonly scan: Scanner;
  private readonly cache = new PieceCache();
  private scratch = new Uint8Array(1024);
  private readonly countBuffer = new IdBuffer(1024);
  private readonly decoder = new TextDecoder('utf-8');

  constructor(options: BpeTokenizerOptions) {
    this.model = options.model;
    this.pattern = options.pattern;
    this.name = options.name ?? `bpe(${options.pattern})`;
    this.specialTokens = new SpecialTokens(options.specialTokens ?? {});
    this.specialTokens.checkDisjoint((id) => this.model.tokens.has(id));
    this.scan = options.splitPieces === false ? wholeText : SCANNERS[options.pattern];
  }

  /** Empties the piece and pair caches (both are bounded; this only resets them). */
  clearCache(): void {
    this.cache.clear();
    this.model.clearCache();
  }

  /** One more than the largest ordinary or special id. */
  get vocabSize(): number {
    let n = this.model.tokens.idCount;
    for (const id of this.specialTokens.byId.keys()) n = Math.max(n, id + 1);
    return n;
  }

  /** Ids of `text`; special tokens follow tiktoken's allowed/disallowed rules (default: any special text throws). */
  encode(text: string, options?: EncodeOptions): Uint32Array {
    const out = new IdBuffer(Math.floor(Math.min(text.length, 1 << 20) / 3) + 16);
    this.encodeInto(text, options, out, undefined);
    return out.toArray();
  }

  /** Ids of `text`, treating special-token text as ordinary text. */
  encodeOrdinary(text: string): Uint32Array {
    const out = new IdBuffer(Math.floor(Math.min(text.length, 1 << 20) / 3) + 16);
    this.encodeSegment(text, 0, text.length, out, undefined);
    return out.toArray();
  }

  /** encode(...) for each text. */
  encodeBatch(texts: readonly string[], options?: EncodeOptions): Uint32Array[] {
    return texts.map((t) => this.encode(t, options));
  }

  /** Number of tokens encode(text, options) would return, without building the id array. */
  count(text: string, options?: EncodeOptions): number {
    const buffer = this.countBuffer;
    let total = 0;
    const sink: Sink = () => {
      total += buffer.length;
      buffer.clear();
    };
    buffer.clear();
    this.encodeInto(text, options, buffer, sink);
    return total + buffer.length;
  }

  /** Ids with UTF-16 offsets and masks; truncation and padding when asked. */
  encodeWithOffsets(text: string, options?: EncodeWithOffsetsOptions): Encoding {
    const out = new IdBuffer(64);
    const offsets = new IdBuffer(128);
    const special = new IdBuffer(64);
    let utf16At = new Uint32Array(64);
    const sink: Sink = (pieceStart, pieceEnd, idsFrom) => {
      if (pieceEnd < 0) {
        // a special token: pieceStart is its index, -pieceEnd - 1 its length
        offsets.push(pieceStart);
        offsets.push(pieceStart - pieceEnd - 1);
        special.push(1);
        return;
      }
      if (utf16At.length < (pieceEnd - pieceStart) * 3 + 1) utf16At = new Uint32Array((pieceEnd - pieceStart) * 3 + 1);
      const byteCount = utf16IndexOfBytes(text, pieceStart, pieceEnd, utf16At);
      let b = 0;
      for (let i = idsFrom; i < out.length; i++) {
        const end = b + this.model.tokens.length(out.data[i]!);
        offsets.push(utf16At[b]!);
        // the end is just past the character that holds the token's last byte
        let j = end;
        while (j < byteCount && utf16At[j] === utf16At[end - 1]) j++;
        offsets.push(utf16At[j]!);
        special.push(0);
        b = end;
      }
    };
    this.encodeInto(text, options, out, sink);
    const encoding: Encoding = {
      ids: out.toArray(),
      offsets: offsets.toArray(),
      attentionMask: new Uint8Array(out.length).fill(1),
      specialTokensMask: Uint8Array.from(special.data.subarray(0, special.length)),
    };
    return finishBatch([encoding], options?.truncation, options?.padding)[0]!;
  }

  /** encodeWithOffsets for each text; padding 'longest' pads to the longest of the batch. */
  encodeBatchWithOffsets(texts: readonly string[], options?: EncodeWithOffsetsOptions): Encoding[] {
    const single = { ...options, truncation: undefined, padding: undefined };
    return finishBatch(
      texts.map((t) => this.encodeWithOffsets(t, single)),
      options?.truncation,
      options?.padding,
    );
  }

  /** Text of `ids` (bytes that do not form valid UTF-8 become U+FFFD, as TextDecoder does). */
  decode(ids: ArrayLike<number>): string {
    return this.decoder.decode(this.decodeBytes(ids));
  }

  /** Raw bytes of `ids`. Throws TokenizerArgumentError on an id this tokenizer does not have. */
  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    const tokens = this.model.tokens;
    let total = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (tokens.has(id)) total += tokens.length(id);
      else {
        const special = this.specialTokens.byId.get(id);
        if (special === undefined) throw new TokenizerArgumentError(`ids[${i}]`, `is ${id}, which is not a token of ${this.name}`);
        total += special.length * 3;
      }
    }
    const out = new Uint8Array(total);
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (tokens.has(id)) {
        const s = tokens.starts[id]!;
        const e = tokens.starts[id + 1]!;
        for (let k = s; k < e; k++) out[n++] = tokens.bytes[k]!;
      } else {
        const special = this.specialTokens.byId.get(id)!;
        n += encodeUtf8Into(special, 0, special.length, out.subarray(n));
      }
    }
    return out.subarray(0, n);
  }

  /** Splits at allowed special tokens and encodes each segment. */
  private encodeInto(text: string, options: EncodeOptions | undefined, out: IdBuffer, sink: Sink | undefined): void {
    const allowed = this.specialTokens.check(text, options);
    if (allowed.length === 0) {
      this.encodeSegment(text, 0, text.length, out, sink);
      return;
    }
    const finder = new SpecialFinder(text, allowed);
    let start = 0;
    for (;;) {
      const match = finder.next(start);
      const end = match === undefined ? text.length : match.index;
      this.encodeSegment(text, start, end, out, sink);
      if (match === undefined) return;
      out.push(this.specialTokens.byText.get(match.token)!);
      sink?.(match.index, -match.token.length - 1, out.length - 1);
      start = match.index + match.token.length;
    }
  }

  /** Encodes text[start, end) as ordinary text (the pattern sees the segment as a whole string). */
  private encodeSegment(text: string, start: number, end: number, out: IdBuffer, sink: Sink | undefined): void {
    if (end <= start) return;
    const segment = start === 0 && end === text.length ? text : text.slice(start, end);
    const scan = this.scan;
    const cache = this.cache;
    const model = this.model;
    const n = segment.length;
    for (let at = 0, next = 0; at < n; at = next) {
      next = scan(segment, at);
      const idsFrom = out.length;
      const slot = next - at <= MAX_CACHED_PIECE ? cache.find(segment, at, next) : -1;
      if (slot >= 0) {
        const count = cache.count(slot);
        const offset = cache.offset(slot);
        const pool = cache.ids();
        if (count === 1) out.push(pool[offset]!);
        else for (let k = 0; k < count; k++) out.push(pool[offset + k]!);
      } else {
        const length = next - at;
        if (this.scratch.length < length * 3) this.scratch = new Uint8Array(length * 3);
        const byteCount = encodeUtf8Into(segment, at, next, this.scratch);
        model.encodePiece(this.scratch, byteCount, out);
        if (length <= MAX_CACHED_PIECE) cache.insert(segment, at, next, out.data, idsFrom, out.length);
      }
      if (sink !== undefined) sink(start + at, start + next, idsFrom);
    }
    if (this.scratch.length > SCRATCH_RETAINED) this.scratch = new Uint8Array(1024);
  }
}
