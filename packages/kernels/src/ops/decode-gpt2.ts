// Checked wrapper of assembly/decode-gpt2.ts: a GPT-2-style decoder that runs one token through the
// whole block stack per wasm call, reading the weights where they already live in the heap and
// keeping its own key/value cache. Everything is validated once, in the constructor (shapes,
// pointer ranges, the pointer table); each step checks only the token and the position.
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { checkCount, checkF32 } from './checks.ts';

/** Pointers to one block's float32 weights; projections in Hugging Face's Conv1D layout [in, out]. */
export interface Gpt2DecoderLayerWeights {
  /** [dim] */ ln1Weight: number;
  /** [dim] */ ln1Bias: number;
  /** [dim, 3 dim] (queries, keys, values) */ attention: number;
  /** [3 dim] */ attentionBias: number;
  /** [dim, dim] */ projection: number;
  /** [dim] */ projectionBias: number;
  /** [dim] */ ln2Weight: number;
  /** [dim] */ ln2Bias: number;
  /** [dim, innerDim] */ fc: number;
  /** [innerDim] */ fcBias: number;
  /** [innerDim, dim] */ out: number;
  /** [dim] */ outBias: number;
}

export interface Gpt2DecoderParams {
  dim: number;
  innerDim: number;
  nHeads: number;
  vocabSize: number;
  /** Rows of the position embedding (at least capacity). */
  positions: number;
  /** Positions the cache holds (the most tokens one sequence may have). */
  capacity: number;
  /** LayerNorm epsilon. */
  normEps: number;
  weights: {
    /** Token embedding and tied head [vocabSize, dim]. */
    tokenEmbedding: number;
    /** [positions, dim] */
    positionEmbedding: number;
    /** [dim] */
    finalNormWeight: number;
    /** [dim] */
    finalNormBias: number;
    layers: readonly Gpt2DecoderLayerWeights[];
  };
}

const LAYER_KEYS = ['ln1Weight', 'ln1Bias', 'attention', 'attentionBias', 'projection', 'projectionBias', 'ln2Weight', 'ln2Bias', 'fc', 'fcBias', 'out', 'outBias'] as const;
const pad4 = (n: number): number => (n + 3) & ~3;

/** Floats of the kernel's work block. */
export function gpt2DecoderWorkFloats(dim: number, innerDim: number, capacity: number): number {
  return 3 * pad4(dim) + pad4(3 * dim) + pad4(innerDim) + pad4(capacity);
}

/**
 * Incremental GPT-2 decoding on one sequence: `step(token)` appends the token at `position` and
 * leaves its next-token logits (vocabSize floats) at `logits`. The weights are read in place: they
 * must stay allocated and unchanged while the decoder is used. `dispose()` frees the cache, the
 * pointer table and the work and logits blocks.
 */
export class Gpt2Decoder {
  /** Tokens decoded so far (the position of the next one). */
  position = 0;
  readonly capacity: number;
  readonly vocabSize: number;
  private blocks: { table: number; keys: number; values: number; work: number; logits: number } | undefined;
  private readonly shape: readonly number[];

  constructor(private readonly backend: Backend, params: Gpt2DecoderParams) {
    const what = 'Gpt2Decoder';
    if (params === null || typeof params !== 'object') throw new ArgumentError(`${what}: params must be an object`);
    const { dim, innerDim, nHeads, vocabSize, positions, capacity, normEps, weights } = params;
    for (const [name, value] of Object.entries({ dim, innerDim, nHeads, vocabSize, positions, capacity })) {
      checkCount(value, `${what}: ${name}`);
      if (value < 1) throw new ShapeError(`${what}: ${name} must be at least 1, got ${value}`);
    }
    if (dim % nHeads !== 0) throw new ShapeError(`${what}: dim ${dim} must be a multiple of nHeads ${nHeads}`);
    if (capacity > positions) throw new ShapeError(`${what}: capacity ${capacity} exceeds the ${positions} rows of the position embedding`);
    if (typeof normEps !== 'number' || !(normEps >= 0) || !Number.isFinite(normEps)) throw new ArgumentError(`${what}: normEps must be a finite number >= 0, got ${String(normEps)}`);
    if (weights === null || typeof weights !== 'object' || !Array.isArray(weights.layers) || weights.layers.length < 1) {
      throw new ArgumentError(`${what}: weights must be { tokenEmbedding, positionEmbedding, finalNormWeight, finalNormBias, layers: [at least one layer] }`);
    }
    const layers = weights.layers.length;
    const cacheFloats = layers * capacity * dim;
    checkCount(cacheFloats * 4, `${what}: cache bytes (layers * capacity * dim * 4)`);
    const sizes: Record<(typeof LAYER_KEYS)[number], number> = {
      ln1Weight: dim, ln1Bias: dim, attention: dim * 3 * dim, attentionBias: 3 * dim, projection: dim * dim, projectionBias: dim,
      ln2Weight: dim, ln2Bias: dim, fc: dim * innerDim, fcBias: innerDim, out: innerDim * dim, outBias: dim,
    };
    const table: number[] = [
      checkF32(backend, weights.tokenEmbedding, vocabSize * dim, `${what}: weights.tokenEmbedding`),
      checkF32(backend, weights.positionEmbedding, positions * dim, `${what}: weights.positionEmbedding`),
      checkF32(backend, weights.finalNormWeight, dim, `${what}: weights.finalNormWeight`),
      checkF32(backend, weights.finalNormBias, dim, `${what}: weights.finalNormBias`),
    ];
    weights.layers.forEach((layer, l) => {
      if (layer === null || typeof layer !== 'object') throw new ArgumentError(`${what}: weights.layers[${l}] must be an object of pointers`);
      for (const key of LAYER_KEYS) table.push(checkF32(backend, layer[key], sizes[key], `${what}: weights.layers[${l}].${key}`));
    });
    const workFloats = gpt2DecoderWorkFloats(dim, innerDim, capacity);
    const heap = backend.heap;
    const allocated: number[] = [];
    try {
      for (const bytes of [table.length * 4, cacheFloats * 4, cacheFloats * 4, workFloats * 4, vocabSize * 4]) allocated.push(heap.alloc(bytes));
    } catch (error) {
      for (const ptr of allocated) heap.free(ptr);
      throw error;
    }
    const [tablePtr, keys, values, work, logits] = allocated as [number, number, number, number, number];
    heap.i32(tablePtr, table.length).set(table);
    this.blocks = { table: tablePtr, keys, values, work, logits };
    this.capacity = capacity;
    this.vocabSize = vocabSize;
    this.shape = [dim, innerDim, layers, nHeads, vocabSize, capacity, normEps];
  }

  /** Pointer to the logits of the last step (vocabSize floats; overwritten by the next step). */
  get logits(): number {
    return this.live().logits;
  }

  /** Runs `token` at `position` (then advances it) and returns the logits pointer. */
  step(token: number): number {
    const b = this.live();
    if (!Number.isInteger(token) || token < 0 || token >= this.vocabSize) throw new ArgumentError(`Gpt2Decoder.step: token must be an integer in [0, ${this.vocabSize}), got ${token}`);
    if (this.position >= this.capacity) throw new ShapeError(`Gpt2Decoder.step: the cache holds ${this.capacity} positions and all are used`);
    const [dim, inner, layers, heads, vocab, capacity, eps] = this.shape as [number, number, number, number, number, number, number];
    this.backend.kernels.gpt2_decode_step_f32(dim, inner, layers, heads, vocab, capacity, eps, b.table, b.keys, b.values, token, this.position, b.work, b.logits);
    this.position++;
    return b.logits;
  }

  /**
   * Fills the cache with the first `length` positions computed elsewhere (a batched prefill):
   * `keys[l]` and `values[l]` point to layer l's [length, kvDim] float32 rows (keys after RoPE where the
   * model rotates them). The next step runs at position `length`. Everything is checked before anything
   * is copied.
   */
  loadCache(length: number, keys: readonly number[], values: readonly number[]): void {
    const b = this.live();
    const what = 'Gpt2Decoder.loadCache';
    const [kvDim, , layers] = this.shape as [number, number, number];
    if (!Number.isInteger(length) || length < 1 || length > this.capacity) throw new ShapeError(`${what}: length must be an integer in [1, ${this.capacity}], got ${length}`);
    if (!Array.isArray(keys) || !Array.isArray(values) || keys.length !== layers || values.length !== layers) {
      throw new ArgumentError(`${what}: keys and values must be arrays of ${layers} pointers (one per layer)`);
    }
    const floats = length * kvDim;
    const sources = [...keys, ...values].map((ptr, i) => checkF32(this.backend, ptr, floats, `${what}: ${i < layers ? `keys[${i}]` : `values[${i - layers}]`}`));
    const heap = this.backend.heap;
    for (let l = 0; l < layers; l++) {
      const offset = l * this.capacity * kvDim * 4;
      heap.f32(b.keys + offset, floats).set(heap.f32(sources[l]!, floats));
      heap.f32(b.values + offset, floats).set(heap.f32(sources[layers + l]!, floats));
    }
    this.position = length;
  }

  /** Starts a new sequence (the cache is overwritten from position 0). */
  reset(): void {
    this.live();
    this.position = 0;
  }

  get isDisposed(): boolean {
    return this.blocks === undefined;
  }

  /** Frees the decoder's blocks (not the weights). A second call does nothing. */
  dispose(): void {
    const b = this.blocks;
    if (b === undefined) return;
    this.blocks = undefined;
    for (const ptr of [b.table, b.keys, b.values, b.work, b.logits]) this.backend.heap.free(ptr);
  }

  private live(): NonNullable<Gpt2Decoder['blocks']> {
    if (this.blocks === undefined) throw new ArgumentError('Gpt2Decoder: used after dispose()');
    return this.blocks;
  }
}
