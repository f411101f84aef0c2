// Checked wrapper of assembly/decode-step.ts: a Llama decoder that runs one token through the whole
// layer stack per wasm call, reading the weights where they already live in the heap and keeping
// its own key/value cache. Everything is validated once, in the constructor (shapes, pointer
// ranges, the pointer table); each step checks only the token and the position.
import type { Backend } from '../backend.ts';
import { ArgumentError, ShapeError } from '../errors.ts';
import { checkCount, checkF32 } from './checks.ts';

/** Pointers to float32 weights, PyTorch's [out, in] layout, contiguous. */
export interface LlamaDecoderLayerWeights {
  /** [dim] */
  attentionNorm: number;
  /** [dim, dim] */
  q: number;
  /** [kvDim, dim], kvDim = nKvHeads * dim / nHeads */
  k: number;
  /** [kvDim, dim] */
  v: number;
  /** [dim, dim] */
  o: number;
  /** [dim] */
  mlpNorm: number;
  /** [hiddenDim, dim] */
  gate: number;
  /** [hiddenDim, dim] */
  up: number;
  /** [dim, hiddenDim] */
  down: number;
}

export interface LlamaDecoderParams {
  dim: number;
  hiddenDim: number;
  nHeads: number;
  /** Divides nHeads. */
  nKvHeads: number;
  vocabSize: number;
  /** Positions the cache holds (the most tokens one sequence may have). */
  capacity: number;
  normEps: number;
  ropeTheta: number;
  /** 'interleaved' pairs (2i, 2i+1) (llama2.c), 'rotate-half' pairs (i, i + d/2) (Hugging Face). */
  ropeLayout: 'interleaved' | 'rotate-half';
  weights: {
    /** [vocabSize, dim] */
    embedding: number;
    /** [dim] */
    finalNorm: number;
    /** [vocabSize, dim] (the embedding when tied) */
    classifier: number;
    layers: readonly LlamaDecoderLayerWeights[];
  };
}

const LAYER_KEYS = ['attentionNorm', 'q', 'k', 'v', 'o', 'mlpNorm', 'gate', 'up', 'down'] as const;
const pad4 = (n: number): number => (n + 3) & ~3;

/** Floats of the kernel's work block. */
export function llamaDecoderWorkFloats(dim: number, hiddenDim: number, capacity: number, headDim: number, kvDim = dim): number {
  return 4 * pad4(dim) + 2 * pad4(hiddenDim) + 2 * pad4(kvDim) + 2 * pad4(capacity) + pad4(headDim);
}

/**
 * Incremental Llama decoding on one sequence: `step(token)` appends the token at `position` and
 * leaves its next-token logits (vocabSize floats) at `logits`. The weights are read in place: they
 * must stay allocated and unchanged while the decoder is used (changing them between steps gives
 * the new weights from then on, with the old keys and values in the cache). The cache keeps each
 * key/value head's rows contiguous ([layers, nKvHeads, capacity, headDim]). `dispose()` frees the
 * cache, the pointer table and the work and logits blocks.
 */
export class LlamaDecoder {
  /** Tokens decoded so far (the position of the next one). */
  position = 0;
  readonly capacity: number;
  readonly vocabSize: number;
  private blocks: { table: number; keys: number; values: number; work: number; logits: number } | undefined;
  private readonly shape: readonly number[];

  constructor(private readonly backend: Backend, params: LlamaDecoderParams) {
    const what = 'LlamaDecoder';
    if (params === null || typeof params !== 'object') throw new ArgumentError(`${what}: params must be an object`);
    const { dim, hiddenDim, nHeads, nKvHeads, vocabSize, capacity, normEps, ropeTheta, ropeLayout, weights } = params;
    for (const [name, value] of Object.entries({ dim, hiddenDim, nHeads, nKvHeads, vocabSize, capacity })) {
      checkCount(value, `${what}: ${name}`);
      if (value < 1) throw new ShapeError(`${what}: ${name} must be at least 1, got ${value}`);
    }
    if (dim % nHeads !== 0 || (dim / nHeads) % 2 !== 0) throw new ShapeError(`${what}: dim ${dim} must be nHeads (${nHeads}) heads of an even size`);
    if (nHeads % nKvHeads !== 0) throw new ShapeError(`${what}: nHeads ${nHeads} must be a multiple of nKvHeads ${nKvHeads}`);
    if (typeof normEps !== 'number' || !(normEps >= 0) || !Number.isFinite(normEps)) throw new ArgumentError(`${what}: normEps must be a finite number >= 0, got ${String(normEps)}`);
    if (typeof ropeTheta !== 'number' || !(ropeTheta > 0) || !Number.isFinite(ropeTheta)) throw new ArgumentError(`${what}: ropeTheta must be a finite number > 0, got ${String(ropeTheta)}`);
    if (ropeLayout !== 'interleaved' && ropeLayout !== 'rotate-half') throw new ArgumentError(`${what}: ropeLayout must be 'interleaved' or 'rotate-half', got ${String(ropeLayout)}`);
    if (weights === null || typeof weights !== 'object' || !Array.isArray(weights.layers) || weights.layers.length < 1) {
      throw new ArgumentError(`${what}: weights must be { embedding, finalNorm, classifier, layers: [at least one layer] }`);
    }
    const headDim = dim / nHeads, kvDim = nKvHeads * headDim, layers = weights.layers.length;
    const cacheFloats = layers * capacity * kvDim;
    checkCount(cacheFloats * 4, `${what}: cache bytes (layers * capacity * kvDim * 4)`);
    const sizes: Record<(typeof LAYER_KEYS)[number], number> = {
      attentionNorm: dim, q: dim * dim, k: kvDim * dim, v: kvDim * dim, o: dim * dim, mlpNorm: dim, gate: hiddenDim * dim, up: hiddenDim * dim, down: dim * hiddenDim,
    };
    const table: number[] = [
      checkF32(backend, weights.embedding, vocabSize * dim, `${what}: weights.embedding`),
      checkF32(backend, weights.finalNorm, dim, `${what}: weights.finalNorm`),
      checkF32(backend, weights.classifier, vocabSize * dim, `${what}: weights.classifier`),
    ];
    weights.layers.forEach((layer, l) => {
      if (layer === null || typeof layer !== 'object') throw new ArgumentError(`${what}: weights.layers[${l}] must be an object of pointers`);
      for (const key of LAYER_KEYS) table.push(checkF32(backend, layer[key], sizes[key], `${what}: weights.layers[${l}].${key}`));
    });
    const workFloats = llamaDecoderWorkFloats(dim, hiddenDim, capacity, headDim, kvDim);
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
    this.shape = [dim, hiddenDim, layers, nHeads, nKvHeads, vocabSize, capacity, ropeLayout === 'interleaved' ? 1 : 0, normEps, ropeTheta];
  }

  /** Pointer to the logits of the last step (vocabSize floats; overwritten by the next step). */
  get logits(): number {
    return this.live().logits;
  }

  /** Runs `token` at `position` (then advances it) and returns the logits pointer. */
  step(token: number): number {
    const b = this.live();
    this.checkToken(token, 'step');
    if (this.position >= this.capacity) throw new ShapeError(`LlamaDecoder.step: the cache holds ${this.capacity} positions and all are used`);
    const [dim, hidden, layers, heads, kvHeads, vocab, capacity, interleaved, eps, theta] = this.shape as [number, number, number, number, number, number, number, number, number, number];
    this.backend.kernels.llama_decode_step_f32(dim, hidden, layers, heads, kvHeads, vocab, capacity, interleaved, eps, theta, b.table, b.keys, b.values, token, this.position, b.work, b.logits);
    this.position++;
    return b.logits;
  }

  /**
   * Greedy decoding in one kernel call: `count` steps from `token`, each fed the first maximum of the
   * previous step's logits; returns those `count` next tokens (the last one is not run). The position
   * advances by `count`; the logits of the last step stay at `logits`.
   */
  greedy(token: number, count: number): Int32Array {
    const b = this.live();
    this.checkToken(token, 'greedy');
    if (!Number.isInteger(count) || count < 1) throw new ArgumentError(`LlamaDecoder.greedy: count must be an integer >= 1, got ${count}`);
    if (this.position + count > this.capacity) throw new ShapeError(`LlamaDecoder.greedy: ${count} steps from position ${this.position} exceed the cache's ${this.capacity} positions`);
    const [dim, hidden, layers, heads, kvHeads, vocab, capacity, interleaved, eps, theta] = this.shape as [number, number, number, number, number, number, number, number, number, number];
    const heap = this.backend.heap;
    const ids = heap.alloc(count * 4);
    try {
      this.backend.kernels.llama_decode_greedy_f32(dim, hidden, layers, heads, kvHeads, vocab, capacity, interleaved, eps, theta, b.table, b.keys, b.values, token, this.position, count, b.work, b.logits, ids);
      this.position += count;
      return heap.i32(ids, count).slice();
    } finally {
      heap.free(ids);
    }
  }

  private checkToken(token: number, what: string): void {
    if (!Number.isInteger(token) || token < 0 || token >= this.vocabSize) throw new ArgumentError(`LlamaDecoder.${what}: token must be an integer in [0, ${this.vocabSize}), got ${token}`);
  }

  /**
   * Fills the cache with the first `length` positions computed elsewhere (a batched prefill):
   * `keys[l]` and `values[l]` point to layer l's [length, kvDim] float32 rows (keys after RoPE where the
   * model rotates them), copied into the cache's per-head rows. The next step runs at position `length`.
   * Everything is checked before anything is copied.
   */
  loadCache(length: number, keys: readonly number[], values: readonly number[]): void {
    const b = this.live();
    const what = 'LlamaDecoder.loadCache';
    const [dim, , layers, heads, kvHeads] = this.shape as [number, number, number, number, number];
    const kvDim = (kvHeads * dim) / heads;
    if (!Number.isInteger(length) || length < 1 || length > this.capacity) throw new ShapeError(`${what}: length must be an integer in [1, ${this.capacity}], got ${length}`);
    if (!Array.isArray(keys) || !Array.isArray(values) || keys.length !== layers || values.length !== layers) {
      throw new ArgumentError(`${what}: keys and values must be arrays of ${layers} pointers (one per layer)`);
    }
    const floats = length * kvDim;
    const sources = [...keys, ...values].map((ptr, i) => checkF32(this.backend, ptr, floats, `${what}: ${i < layers ? `keys[${i}]` : `values[${i - layers}]`}`));
    const heap = this.backend.heap;
    const headDim = dim / heads;
    for (let l = 0; l < layers; l++) {
      for (const [cache, source] of [[b.keys, sources[l]!], [b.values, sources[layers + l]!]] as const) {
        const rows = heap.f32(source, floats);
        for (let g = 0; g < kvHeads; g++) {
          const head = heap.f32(cache + ((l * kvHeads + g) * this.capacity * headDim) * 4, length * headDim);
          for (let t = 0; t < length; t++) head.set(rows.subarray(t * kvDim + g * headDim, t * kvDim + (g + 1) * headDim), t * headDim);
        }
      }
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

  private live(): NonNullable<LlamaDecoder['blocks']> {
    if (this.blocks === undefined) throw new ArgumentError('LlamaDecoder: used after dispose()');
    return this.blocks;
  }
}
