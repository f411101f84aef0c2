// A SentencePiece unigram tokenizer (Kudo 2018), equal to sentencepiece 0.1.97's encode and decode for
// unigram `.model` files: normalise (precompiled rules, whitespace handling, "▁"), segment by Viterbi
// (or sample a segmentation with `alpha`), merge runs of unknown characters into one <unk> (or, with
// byte fallback, spell them as <0xXX> byte pieces), and decode pieces back to text.
import { TokenizerArgumentError, TokenizerFileError } from '../errors.ts';
import { parseSentencePieceModel, type PieceType, type SentencePieceModelProto } from './sentencepiece-model-file.ts';
import { SentencePieceNormalizer, SPACE_SYMBOL } from './sentencepiece-normalizer.ts';
import { type LatticeVocabulary, sample, type Segment, viterbi } from './unigram-lattice.ts';

export interface SentencePieceEncodeOptions {
  /** Prepend the model's BOS id (when it has one). Default false, as spm_encode. */
  addBos?: boolean;
  /** Append the model's EOS id (when it has one). Default false. */
  addEos?: boolean;
  /** Subword regularisation: sample a segmentation instead of the best one (Kudo 2018, section 3). */
  sample?: { alpha: number; random: () => number };
}

const encoder = new TextEncoder();

export class SentencePieceTokenizer {
  readonly vocabSize: number;
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly padId: number;
  private readonly pieces: string[];
  private readonly types: PieceType[];
  private readonly pieceIds = new Map<string, number>();
  private readonly byteIds = new Int32Array(256).fill(-1);
  private readonly vocab: LatticeVocabulary;
  private readonly normalizer: SentencePieceNormalizer;
  private readonly model: SentencePieceModelProto;

  constructor(model: SentencePieceModelProto) {
    if (model.modelType !== 'unigram') throw new TokenizerFileError('unsupported-type', 'sentencepiece.model', `model_type is ${model.modelType}; this tokenizer reads unigram models`);
    this.model = model;
    this.vocabSize = model.pieces.length;
    this.unkId = model.unkId;
    this.bosId = model.bosId;
    this.eosId = model.eosId;
    this.padId = model.padId;
    this.pieces = model.pieces.map((p) => p.piece);
    this.types = model.pieces.map((p) => p.type);
    const ids = new Map<string, number>();
    const scores = new Float32Array(this.vocabSize);
    const userDefined = new Uint8Array(this.vocabSize);
    let minScore = Infinity, maxScore = -Infinity, maxPieceChars = 1;
    model.pieces.forEach((p, id) => {
      if (!this.pieceIds.has(p.piece)) this.pieceIds.set(p.piece, id);
      scores[id] = p.score;
      if (p.type === 'byte') {
        const m = /^<0x([0-9A-F]{2})>$/.exec(p.piece);
        if (m) this.byteIds[parseInt(m[1]!, 16)] = id;
      }
      if (p.type !== 'normal' && p.type !== 'user-defined') return;
      if (!ids.has(p.piece)) ids.set(p.piece, id);
      userDefined[id] = p.type === 'user-defined' ? 1 : 0;
      maxPieceChars = Math.max(maxPieceChars, [...p.piece].length);
      if (p.type === 'normal') {
        minScore = Math.min(minScore, p.score);
        maxScore = Math.max(maxScore, p.score);
      }
    });
    if (minScore === Infinity) minScore = maxScore = 0;
    this.vocab = { ids, scores, userDefined, maxPieceChars, unkId: model.unkId, minScore, maxScore };
    this.normalizer = new SentencePieceNormalizer({ ...model.normalizer, treatWhitespaceAsSuffix: model.treatWhitespaceAsSuffix });
  }

  /** Reads a sentencepiece `.model` file (a serialized ModelProto). */
  static fromModelFile(bytes: Uint8Array): SentencePieceTokenizer {
    return new SentencePieceTokenizer(parseSentencePieceModel(bytes));
  }

  /** Whether unknown characters are spelled as byte pieces. */
  get byteFallback(): boolean {
    return this.model.byteFallback;
  }

  normalize(text: string): string {
    return this.normalizer.normalize(text);
  }

  idToPiece(id: number): string {
    this.checkId(id, 'id');
    return this.pieces[id]!;
  }

  pieceToId(piece: string): number {
    return this.pieceIds.get(piece) ?? this.unkId;
  }

  score(id: number): number {
    this.checkId(id, 'id');
    return this.vocab.scores[id]!;
  }

  /** The segmentation of the normalised text as pieces (unknown runs merged, byte fallback applied). */
  encodeAsPieces(text: string, options: SentencePieceEncodeOptions = {}): string[] {
    return [...this.encode(text, options)].map((id) => this.pieces[id]!);
  }

  encode(text: string, options: SentencePieceEncodeOptions = {}): Int32Array {
    if (typeof text !== 'string') throw new TokenizerArgumentError('text', `expected a string, got ${typeof text}`);
    const normalized = this.normalize(text);
    let segments: Segment[];
    if (options.sample) {
      const { alpha, random } = options.sample;
      if (typeof alpha !== 'number' || !(alpha >= 0) || !Number.isFinite(alpha)) throw new TokenizerArgumentError('sample.alpha', `expected a finite number >= 0, got ${alpha}`);
      if (typeof random !== 'function') throw new TokenizerArgumentError('sample.random', 'expected a function returning numbers in [0, 1) (a seeded generator)');
      segments = sample(normalized, this.vocab, alpha, random);
    } else {
      segments = viterbi(normalized, this.vocab);
    }
    const out: number[] = [];
    if (options.addBos && this.bosId >= 0) out.push(this.bosId);
    let unknownStart = -1;
    const flushUnknown = (end: number): void => {
      if (unknownStart < 0) return;
      if (this.model.byteFallback) {
        for (const byte of encoder.encode(normalized.slice(unknownStart, end))) {
          const id = this.byteIds[byte]!;
          out.push(id >= 0 ? id : this.unkId);
        }
      } else out.push(this.unkId);
      unknownStart = -1;
    };
    let end = 0;
    for (const [start, stop, id] of segments) {
      if (id === this.unkId) {
        if (unknownStart < 0) unknownStart = start;
      } else {
        flushUnknown(start);
        out.push(id);
      }
      end = stop;
    }
    flushUnknown(end);
    if (options.addEos && this.eosId >= 0) out.push(this.eosId);
    return Int32Array.from(out);
  }

  /**
   * Text of `ids`: control pieces vanish, <unk> becomes the model's unk surface (" ⁇ "), runs of byte
   * pieces are decoded as UTF-8, "▁" becomes a space, and a normal piece's leading "▁" is dropped while
   * the text is still empty (the dummy prefix).
   */
  decode(ids: ArrayLike<number>): string {
    let text = '';
    let bytes: number[] = [];
    const stripDummyPrefix = this.model.normalizer.addDummyPrefix && !this.model.treatWhitespaceAsSuffix;
    const flushBytes = (): void => {
      if (bytes.length === 0) return;
      text += new TextDecoder().decode(Uint8Array.from(bytes));
      bytes = [];
    };
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      this.checkId(id, `ids[${i}]`);
      const type = this.types[id]!;
      if (type === 'byte') {
        const m = /^<0x([0-9A-F]{2})>$/.exec(this.pieces[id]!);
        if (m) {
          bytes.push(parseInt(m[1]!, 16));
          continue;
        }
      }
      flushBytes();
      if (type === 'control') continue;
      if (type === 'unknown') text += this.model.unkSurface;
      else {
        let piece = this.pieces[id]!;
        if (text.length === 0 && stripDummyPrefix && piece.startsWith(SPACE_SYMBOL)) piece = piece.slice(1);
        text += piece.replaceAll(SPACE_SYMBOL, ' ');
      }
    }
    flushBytes();
    return text;
  }

  private checkId(id: number, what: string): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new TokenizerArgumentError(what, `expected a token id in [0, ${this.vocabSize}), got ${id}`);
  }
}
