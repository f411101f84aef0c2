/**
 * A tokenizer assembled from stages, as Hugging Face's tokenizers are: added special tokens are
 * split out first, then each segment is normalized, pre-tokenized and tokenized by the model; a
 * post-processor adds template tokens ([CLS] ... [SEP]) and a decoder turns ids back into text.
 * WordPiece, word-level, character-level and character-level BPE tokenizers are instances.
 * The API matches BpeTokenizer (encode, encodeBatch, count, encodeWithOffsets, decode).
 */
import { TokenizerArgumentError } from '../errors.ts';
import { padEncoding, type Encoding, type PaddingOptions, type TruncationOptions } from '../encoding-output.ts';
import { IdBuffer } from '../bpe/id-buffer.ts';
import { SpecialFinder, SpecialTokens, type SpecialOptions } from '../bpe/special-tokens.ts';
import type { TokenizerJson } from '../formats/tokenizer-json/types.ts';
import type { Decoder } from './decoders/decoder.ts';
import type { TokenModel } from './models/token-model.ts';
import { originalRange, type Normalized } from './normalized.ts';
import type { Normalizer } from './normalizers/normalizer.ts';
import { EMPTY_TEMPLATE, type Template } from './post-processors/template.ts';
import type { PreTokenizer } from './pre-tokenizers/pre-tokenizer.ts';
import { toWellFormed } from './well-formed.ts';

export type { Decoder, Template };

export interface PipelineTokenizerOptions {
  model: TokenModel;
  normalizer?: Normalizer | undefined;
  preTokenizer: PreTokenizer;
  /**
   * A pre-tokenizer's own rewrite of the normalized text before it splits (Metaspace's spaces and
   * prepended "▁"); `atInputStart`: the segment begins the input (not after an added token).
   */
  preTokenizerRewrite?: ((input: Normalized, atInputStart: boolean) => Normalized) | undefined;
  /** Added special tokens: text -> id. They are matched in the raw text before normalization. */
  specialTokens?: Readonly<Record<string, number>>;
  /** Added by encode unless `addSpecialTokens: false`. */
  template?: Template | undefined;
  /** Ids that decode leaves out unless `skipSpecialTokens: false`. Default: every id of `specialTokens`. */
  skippedIds?: readonly number[] | undefined;
  decoder: Decoder;
  name?: string;
  /** The tokenizer.json description this tokenizer was built from (what writeTokenizerJson saves). */
  json?: TokenizerJson | undefined;
}

/**
 * Unlike tiktoken-style encoders (which refuse special-token text by default), these follow
 * Hugging Face: special tokens in the text are encoded as their ids unless `allowedSpecial` says
 * otherwise. `addSpecialTokens` (default true) adds the template tokens.
 */
export interface PipelineEncodeOptions extends SpecialOptions {
  addSpecialTokens?: boolean;
}

export interface PipelineEncodeWithOffsetsOptions extends PipelineEncodeOptions {
  /** Template tokens count towards maxLength; the text's tokens are cut first. */
  truncation?: TruncationOptions;
  padding?: PaddingOptions;
}

export interface DecodeOptions {
  /** Leave out special tokens (Hugging Face: added tokens marked special). Default true. */
  skipSpecialTokens?: boolean;
}

export class PipelineTokenizer {
  readonly name: string;
  readonly model: TokenModel;
  readonly normalizer: Normalizer | undefined;
  readonly preTokenizer: PreTokenizer;
  readonly preTokenizerRewrite: PipelineTokenizerOptions['preTokenizerRewrite'];
  readonly specialTokens: SpecialTokens;
  readonly template: Template;
  readonly decoder: Decoder;
  readonly json: TokenizerJson | undefined;
  private readonly skipped: ReadonlySet<number>;
  private readonly allSpecial: readonly string[];
  private pieces = new IdBuffer(256);
  private relative = new IdBuffer(256);

  constructor(options: PipelineTokenizerOptions) {
    this.model = options.model;
    this.normalizer = options.normalizer;
    this.preTokenizer = options.preTokenizer;
    this.preTokenizerRewrite = options.preTokenizerRewrite;
    this.specialTokens = new SpecialTokens(options.specialTokens ?? {});
    // an added token may also be in the model's vocabulary, with the same id (Hugging Face files)
    this.specialTokens.checkDisjoint(
      (id) => this.model.idToToken(id) !== undefined,
      (id, text) => this.model.idToToken(id) === text,
    );
    this.allSpecial = [...this.specialTokens.byText.keys()];
    this.skipped = new Set(options.skippedIds ?? this.specialTokens.byId.keys());
    this.template = options.template ?? EMPTY_TEMPLATE;
    this.decoder = options.decoder;
    this.name = options.name ?? 'tokenizer';
    this.json = options.json;
    for (const id of [...this.template.prefix, ...this.template.suffix]) {
      if (this.idToToken(id) === undefined) throw new TokenizerArgumentError('template', `uses id ${id}, which is not a token`);
    }
  }

  /** One more than the largest model or special id. */
  get vocabSize(): number {
    let n = this.model.vocabSize;
    for (const id of this.specialTokens.byId.keys()) n = Math.max(n, id + 1);
    return n;
  }

  tokenToId(token: string): number | undefined {
    return this.specialTokens.byText.get(token) ?? this.model.tokenToId(token);
  }

  idToToken(id: number): string | undefined {
    return this.specialTokens.byId.get(id) ?? this.model.idToToken(id);
  }

  /** Token ids of `text`. */
  encode(text: string, options?: PipelineEncodeOptions): Uint32Array {
    const ids = new IdBuffer(Math.min(text.length, 1 << 20) / 4 + 16);
    this.encodeInto(text, options, ids, undefined, undefined);
    return this.withTemplate(ids, options);
  }

  encodeBatch(texts: readonly string[], options?: PipelineEncodeOptions): Uint32Array[] {
    return texts.map((t) => this.encode(t, options));
  }

  /** Number of tokens encode(text, options) returns. */
  count(text: string, options?: PipelineEncodeOptions): number {
    const ids = new IdBuffer(Math.min(text.length, 1 << 20) / 4 + 16);
    this.encodeInto(text, options, ids, undefined, undefined);
    return ids.length + (options?.addSpecialTokens === false ? 0 : this.template.prefix.length + this.template.suffix.length);
  }

  /** Token strings of `text` (without template tokens). */
  tokenize(text: string, options?: SpecialOptions): string[] {
    const ids = new IdBuffer(64);
    this.encodeInto(text, options, ids, undefined, undefined);
    return Array.from(ids.data.subarray(0, ids.length), (id) => this.idToToken(id)!);
  }

  /** Ids, UTF-16 offsets into `text`, masks; truncation keeps the template tokens. */
  encodeWithOffsets(text: string, options?: PipelineEncodeWithOffsetsOptions): Encoding {
    const idBuffer = new IdBuffer(64);
    const offsetBuffer = new IdBuffer(128);
    const specialBuffer = new IdBuffer(64);
    this.encodeInto(text, options, idBuffer, offsetBuffer, specialBuffer);
    const ids = Array.from(idBuffer.data.subarray(0, idBuffer.length));
    const offsets = Array.from(offsetBuffer.data.subarray(0, offsetBuffer.length));
    const special = Array.from(specialBuffer.data.subarray(0, specialBuffer.length));
    const addTemplate = options?.addSpecialTokens !== false;
    const { prefix, suffix } = this.template;
    const truncation = options?.truncation;
    if (truncation !== undefined) {
      const max = truncation.maxLength;
      if (!Number.isInteger(max) || max < 0) throw new TokenizerArgumentError('truncation.maxLength', `is ${max}; expected an integer >= 0`);
      const keep = Math.max(0, max - (addTemplate ? prefix.length + suffix.length : 0));
      if (ids.length > keep) {
        const from = truncation.side === 'left' ? ids.length - keep : 0;
        ids.splice(0, from);
        ids.length = keep;
        special.splice(0, from);
        special.length = keep;
        offsets.splice(0, 2 * from);
        offsets.length = 2 * keep;
      }
    }
    const allIds = addTemplate ? [...prefix, ...ids, ...suffix] : ids;
    const allOffsets = addTemplate ? [...prefix.flatMap(() => [0, 0]), ...offsets, ...suffix.flatMap(() => [0, 0])] : offsets;
    const allSpecial = addTemplate ? [...prefix.map(() => 1), ...special, ...suffix.map(() => 1)] : special;
    let encoding: Encoding = {
      ids: Uint32Array.from(allIds),
      offsets: Uint32Array.from(allOffsets),
      attentionMask: new Uint8Array(allIds.length).fill(1),
      specialTokensMask: Uint8Array.from(allSpecial),
    };
    if (truncation !== undefined && encoding.ids.length > truncation.maxLength) {
      // Only when the template alone is longer than maxLength.
      const n = truncation.maxLength;
      encoding = { ids: encoding.ids.slice(0, n), offsets: encoding.offsets.slice(0, 2 * n), attentionMask: encoding.attentionMask.slice(0, n), specialTokensMask: encoding.specialTokensMask.slice(0, n) };
    }
    const padding = options?.padding;
    if (padding !== undefined && typeof padding.length === 'number') encoding = padEncoding(encoding, roundUp(padding.length, padding.multipleOf), padding.padId, padding.side);
    else if (padding !== undefined && padding.multipleOf !== undefined) encoding = padEncoding(encoding, roundUp(encoding.ids.length, padding.multipleOf), padding.padId, padding.side);
    return encoding;
  }

  /** encodeWithOffsets for each text; padding 'longest' (the default length) pads to the longest of the batch. */
  encodeBatchWithOffsets(texts: readonly string[], options?: PipelineEncodeWithOffsetsOptions): Encoding[] {
    const padding = options?.padding;
    const single = { ...options, padding: undefined };
    const out = texts.map((t) => this.encodeWithOffsets(t, single));
    if (padding === undefined) return out;
    const longest = Math.max(0, ...out.map((e) => e.ids.length));
    const length = roundUp(typeof padding.length === 'number' ? padding.length : longest, padding.multipleOf);
    return out.map((e) => padEncoding(e, length, padding.padId, padding.side));
  }

  /**
   * Text of `ids` through the decoder; special tokens are left out unless `skipSpecialTokens` is
   * false. Throws TokenizerArgumentError on an unknown id.
   */
  decode(ids: ArrayLike<number>, options?: DecodeOptions): string {
    const skip = options?.skipSpecialTokens ?? true;
    const tokens: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (skip && this.skipped.has(id)) continue;
      const token = this.idToToken(id);
      if (token === undefined) throw new TokenizerArgumentError(`ids[${i}]`, `is ${id}, which is not a token of ${this.name}`);
      tokens.push(token);
    }
    return this.decoder(tokens);
  }

  private withTemplate(ids: IdBuffer, options: PipelineEncodeOptions | undefined): Uint32Array {
    if (options?.addSpecialTokens === false || (this.template.prefix.length === 0 && this.template.suffix.length === 0)) return ids.toArray();
    const { prefix, suffix } = this.template;
    const out = new Uint32Array(prefix.length + ids.length + suffix.length);
    out.set(prefix, 0);
    out.set(ids.data.subarray(0, ids.length), prefix.length);
    out.set(suffix, prefix.length + ids.length);
    return out;
  }

  private encodeInto(text: string, options: SpecialOptions | undefined, ids: IdBuffer, offsets: IdBuffer | undefined, special: IdBuffer | undefined): void {
    const allowed =
      this.specialTokens.size === 0
        ? []
        : options?.allowedSpecial === undefined && options?.disallowedSpecial === undefined
          ? this.allSpecial
          : this.specialTokens.check(text, { allowedSpecial: 'all', ...options });
    if (allowed.length === 0) {
      this.encodeSegment(text, 0, text.length, ids, offsets, special);
      return;
    }
    const finder = new SpecialFinder(text, allowed);
    let start = 0;
    for (;;) {
      const match = finder.next(start);
      const end = match === undefined ? text.length : match.index;
      this.encodeSegment(text, start, end, ids, offsets, special);
      if (match === undefined) return;
      ids.push(this.specialTokens.byText.get(match.token)!);
      offsets?.push(match.index);
      offsets?.push(match.index + match.token.length);
      special?.push(1);
      start = match.index + match.token.length;
    }
  }

  private encodeSegment(text: string, start: number, end: number, ids: IdBuffer, offsets: IdBuffer | undefined, special: IdBuffer | undefined): void {
    if (end <= start) return;
    // Lone surrogates are U+FFFD (one unit each, so offsets are unchanged), as in the byte-level BPE.
    const segment = toWellFormed(start === 0 && end === text.length ? text : text.slice(start, end));
    let normalized: Normalized = this.normalizer ? this.normalizer({ text: segment }) : { text: segment };
    if (this.preTokenizerRewrite !== undefined) normalized = this.preTokenizerRewrite(normalized, start === 0);
    const n = normalized.text;
    const pieceBuffer = this.pieces;
    pieceBuffer.clear();
    this.preTokenizer(n, 0, n.length, pieceBuffer);
    const pieces = pieceBuffer.data;
    const pieceCount = pieceBuffer.length;
    const model = this.model;
    if (model.tokenizeRange !== undefined) {
      if (offsets === undefined) {
        for (let p = 0; p < pieceCount; p += 2) if (pieces[p + 1]! > pieces[p]!) model.tokenizeRange(n, pieces[p]!, pieces[p + 1]!, ids, undefined);
        this.shrink();
        return;
      }
      const local = new IdBuffer(64);
      for (let p = 0; p < pieceCount; p += 2) if (pieces[p + 1]! > pieces[p]!) model.tokenizeRange(n, pieces[p]!, pieces[p + 1]!, ids, local, start);
      for (let k = 0; k < local.length; k += 2) {
        const [a, b] = originalRange(normalized, local.data[k]!, local.data[k + 1]!);
        offsets.push(start + a);
        offsets.push(start + b);
        special!.push(0);
      }
      this.shrink();
      return;
    }
    const relative = this.relative;
    for (let p = 0; p < pieceCount; p += 2) {
      const s = pieces[p]!;
      const e = pieces[p + 1]!;
      if (e <= s) continue;
      const from = ids.length;
      const mark = relative.length;
      model.tokenizeWord(s === 0 && e === n.length ? n : n.slice(s, e), ids, relative);
      if (offsets !== undefined) {
        for (let k = mark; k < relative.length; k += 2) {
          const [a, b] = originalRange(normalized, s + relative.data[k]!, s + relative.data[k + 1]!);
          offsets.push(start + a);
          offsets.push(start + b);
          special!.push(0);
        }
        if (ids.length - from !== (relative.length - mark) / 2) throw new TokenizerArgumentError('model', 'returned a different number of ids and offsets');
      }
    }
    relative.clear();
    this.shrink();
  }

  /** Drops scratch buffers that grew past 1 MiB, so one long text does not pin its memory. */
  private shrink(): void {
    if (this.pieces.data.length > 1 << 18) this.pieces = new IdBuffer(256);
    if (this.relative.data.length > 1 << 18) this.relative = new IdBuffer(256);
  }
}

function roundUp(length: number, multiple: number | undefined): number {
  if (multiple === undefined) return length;
  if (!Number.isInteger(multiple) || multiple < 1) throw new TokenizerArgumentError('padding.multipleOf', `is ${multiple}; expected an integer >= 1`);
  return Math.ceil(length / multiple) * multiple;
}
