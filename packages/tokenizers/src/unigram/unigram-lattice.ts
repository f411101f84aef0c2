// The unigram language model's segmentation (Kudo 2018; sentencepiece unigram_model.cc, 0.1.97):
// Viterbi over the normalised text, every piece scored by its log probability, sums in float32 as
// sentencepiece keeps them; a character that no single piece covers becomes <unk> scored
// min(normal scores) - 10. On equal path scores the first candidate found wins (the earlier start,
// then the shorter piece), as sentencepiece's strict comparison does. Sampling draws a segmentation
// from the lattice's distribution with scores scaled by alpha (forward filtering, backward sampling).
const f32 = Math.fround;
export const UNK_PENALTY = 10;

export interface LatticeVocabulary {
  /** Piece text to id, for pieces that take part in segmentation (normal, user-defined; not unused). */
  ids: Map<string, number>;
  scores: Float32Array;
  userDefined: Uint8Array;
  maxPieceChars: number;
  unkId: number;
  minScore: number;
  maxScore: number;
}

/** A segment of the normalised text: [start, end) in UTF-16 units and the piece id (unkId for unknowns). */
export type Segment = [start: number, end: number, id: number];

/** Start offsets of each code point of `text`, plus text.length. */
function codePointStarts(text: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < text.length;) {
    starts.push(i);
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c < 0xdc00 && i + 1 < text.length ? 2 : 1;
  }
  starts.push(text.length);
  return starts;
}

/** Each edge of the lattice: pieces (and unknown characters) by start character. */
function edges(text: string, vocab: LatticeVocabulary, visit: (from: number, to: number, id: number, score: number) => void): number {
  const starts = codePointStarts(text);
  const n = starts.length - 1;
  const unkScore = f32(vocab.minScore - UNK_PENALTY);
  for (let a = 0; a < n; a++) {
    let single = false;
    for (let b = a + 1; b <= Math.min(n, a + vocab.maxPieceChars); b++) {
      const id = vocab.ids.get(text.slice(starts[a], starts[b]));
      if (id === undefined) continue;
      const score = vocab.userDefined[id] ? (starts[b]! - starts[a]!) * vocab.maxScore - 0.1 : vocab.scores[id]!;
      visit(a, b, id, score);
      if (b === a + 1) single = true;
    }
    if (!single) visit(a, a + 1, vocab.unkId, unkScore);
  }
  return n;
}

function segmentsOf(text: string, n: number, from: Int32Array, ids: Int32Array): Segment[] {
  const starts = codePointStarts(text);
  const out: Segment[] = [];
  for (let b = n; b > 0; b = from[b]!) out.push([starts[from[b]!]!, starts[b]!, ids[b]!]);
  return out.reverse();
}

export function viterbi(text: string, vocab: LatticeVocabulary): Segment[] {
  if (text.length === 0) return [];
  const count = codePointStarts(text).length;
  const best = new Float64Array(count);
  const from = new Int32Array(count).fill(-1);
  const ids = new Int32Array(count);
  const n = edges(text, vocab, (a, b, id, score) => {
    const candidate = f32(score + best[a]!);
    if (from[b] === -1 || candidate > best[b]!) {
      best[b] = candidate;
      from[b] = a;
      ids[b] = id;
    }
  });
  return segmentsOf(text, n, from, ids);
}

/** log(exp(a) + exp(b)) without overflow. */
function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** A segmentation drawn with probability proportional to exp(alpha * score(path)); `random()` in [0, 1). */
export function sample(text: string, vocab: LatticeVocabulary, alpha: number, random: () => number): Segment[] {
  if (text.length === 0) return [];
  const count = codePointStarts(text).length;
  const incoming: [number, number, number][][] = Array.from({ length: count }, () => []);
  const n = edges(text, vocab, (a, b, id, score) => incoming[b]!.push([a, id, alpha * score]));
  const forward = new Float64Array(count).fill(-Infinity);
  forward[0] = 0;
  for (let b = 1; b <= n; b++) for (const [a, , s] of incoming[b]!) forward[b] = logAdd(forward[b]!, forward[a]! + s);
  const from = new Int32Array(count);
  const ids = new Int32Array(count);
  for (let b = n; b > 0;) {
    const options = incoming[b]!;
    let u = random() * 1;
    let chosen = options[options.length - 1]!;
    for (const option of options) {
      u -= Math.exp(forward[option[0]]! + option[2] - forward[b]!);
      if (u < 0) {
        chosen = option;
        break;
      }
    }
    from[b] = chosen[0];
    ids[b] = chosen[1];
    b = chosen[0];
  }
  return segmentsOf(text, n, from, ids);
}
