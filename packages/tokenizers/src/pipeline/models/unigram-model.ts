// Hugging Face's Unigram model (tokenizers' models/unigram, the "optimized" encoder): the best
// segmentation of a pre-tokenized word by total piece score (Viterbi over the pieces that start at
// each character). Every vocabulary entry is a piece (special ones too); a character that starts no
// one-character piece is an unknown node scored min(score) - 10. Ties keep the first candidate met
// (starts in increasing order, and at one start shorter pieces first), as Hugging Face's. Runs of
// unknown nodes fuse into one string; a string that is not a piece becomes its UTF-8 bytes as
// <0xXX> pieces when byte_fallback is on and they all exist, else the unknown id.
// Work per input character is bounded by the longest piece (capped when the file is read).
import { TokenizerArgumentError } from '../../errors.ts';
import type { IdBuffer } from '../../bpe/id-buffer.ts';
import { addWork } from '../../work-counter.ts';
import type { TokenModel } from './token-model.ts';

/** Hugging Face's K_UNK_PENALTY. */
const UNKNOWN_PENALTY = 10;

interface TrieNode {
  children: Map<number, TrieNode>;
  /** The piece ending here (its id in the token map), or -1. */
  id: number;
}

export interface UnigramOptions {
  /** Id of the unknown piece; undefined: text with an unknown character cannot be encoded. */
  unkId?: number | undefined;
  /** Spell strings that are not pieces as <0xXX> byte pieces. Default false. */
  byteFallback?: boolean;
}

const encoder = new TextEncoder();

export class UnigramModel implements TokenModel {
  readonly vocabSize: number;
  readonly unkId: number | undefined;
  readonly byteFallback: boolean;
  private readonly pieces: string[];
  private readonly scores: Float64Array;
  private readonly ids = new Map<string, number>();
  private readonly root: TrieNode = { children: new Map(), id: -1 };
  private readonly unknownScore: number;

  /** `vocab`: [piece, score] in id order (a later duplicate piece takes the id, as Hugging Face's map). */
  constructor(vocab: readonly (readonly [string, number])[], options: UnigramOptions = {}) {
    this.vocabSize = vocab.length;
    this.pieces = vocab.map(([piece]) => piece);
    this.scores = Float64Array.from(vocab, ([, score]) => score);
    this.unkId = options.unkId;
    this.byteFallback = options.byteFallback ?? false;
    if (this.unkId !== undefined && !(Number.isInteger(this.unkId) && this.unkId >= 0 && this.unkId < vocab.length)) {
      throw new TokenizerArgumentError('unkId', `is ${this.unkId}; expected an id in [0, ${vocab.length})`);
    }
    let min = Infinity;
    vocab.forEach(([piece, score], id) => {
      this.ids.set(piece, id);
      if (score < min) min = score;
    });
    for (const [piece, id] of this.ids) {
      let node = this.root;
      for (let i = 0; i < piece.length; i++) {
        const c = piece.charCodeAt(i);
        let next = node.children.get(c);
        if (next === undefined) node.children.set(c, (next = { children: new Map(), id: -1 }));
        node = next;
      }
      if (piece.length > 0) node.id = id;
    }
    this.unknownScore = min - UNKNOWN_PENALTY;
  }

  tokenToId(token: string): number | undefined {
    return this.ids.get(token);
  }

  idToToken(id: number): string | undefined {
    return Number.isInteger(id) && id >= 0 && id < this.vocabSize ? this.pieces[id] : undefined;
  }

  /** The strings of the best segmentation of `word` with their UTF-16 [start, end) ranges (unknown runs fused). */
  segment(word: string): { text: string; start: number; end: number }[] {
    const n = word.length;
    const score = new Float64Array(n + 1);
    const from = new Int32Array(n + 1).fill(-1);
    const node = new Int32Array(n + 1).fill(-1);
    const unk = this.unkId ?? -1;
    let probes = 0;
    for (let start = 0; start < n; ) {
      const base = score[start]!;
      const c = word.charCodeAt(start);
      const charEnd = c >= 0xd800 && c <= 0xdbff && start + 1 < n && (word.charCodeAt(start + 1) & 0xfc00) === 0xdc00 ? start + 2 : start + 1;
      let single = false;
      let t: TrieNode | undefined = this.root;
      for (let i = start; i < n; i++) {
        probes++;
        t = t.children.get(word.charCodeAt(i));
        if (t === undefined) break;
        if (t.id < 0) continue;
        const end = i + 1;
        const candidate = this.scores[t.id]! + base;
        if (from[end] === -1 || candidate > score[end]!) {
          score[end] = candidate;
          from[end] = start;
          node[end] = t.id;
        }
        if (end === charEnd) single = true;
      }
      if (!single) {
        const candidate = this.unknownScore + base;
        if (from[charEnd] === -1 || candidate > score[charEnd]!) {
          if (this.unkId === undefined) throw new TokenizerArgumentError('text', `has ${JSON.stringify(word.slice(start, charEnd))}, which no piece spells, and the Unigram model has no unk_id`);
          score[charEnd] = candidate;
          from[charEnd] = start;
          node[charEnd] = unk;
        }
      }
      start = charEnd;
    }
    addWork('probes', probes);
    const out: { text: string; start: number; end: number }[] = [];
    let fusedEnd = -1;
    for (let end = n; end > 0; ) {
      const start = from[end]!;
      if (node[end] === unk) {
        if (fusedEnd < 0) fusedEnd = end;
      } else {
        if (fusedEnd >= 0) out.push({ text: word.slice(end, fusedEnd), start: end, end: fusedEnd });
        fusedEnd = -1;
        out.push({ text: word.slice(start, end), start, end });
      }
      if (fusedEnd >= 0 && start === 0) out.push({ text: word.slice(0, fusedEnd), start: 0, end: fusedEnd });
      end = start;
    }
    return out.reverse();
  }

  tokenizeWord(word: string, ids: IdBuffer, offsets: IdBuffer): void {
    for (const { text, start, end } of this.segment(word)) {
      const id = this.ids.get(text);
      if (id !== undefined) {
        ids.push(id);
        offsets.push(start);
        offsets.push(end);
        continue;
      }
      if (this.byteFallback) {
        const bytes = encoder.encode(text);
        const byteIds: number[] = [];
        for (const b of bytes) {
          const byteId = this.ids.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
          if (byteId === undefined) break;
          byteIds.push(byteId);
        }
        if (byteIds.length === bytes.length) {
          for (const byteId of byteIds) {
            ids.push(byteId);
            offsets.push(start);
            offsets.push(end);
          }
          continue;
        }
      }
      if (this.unkId === undefined) throw new TokenizerArgumentError('text', `has ${JSON.stringify(text)}, which is not a piece, and the Unigram model has no unk_id`);
      ids.push(this.unkId);
      offsets.push(start);
      offsets.push(end);
    }
  }
}
