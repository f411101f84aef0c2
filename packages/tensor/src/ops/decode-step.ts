// LlamaDecoder: incremental decoding of a Llama-architecture model on the kernels' fused decode
// step (one wasm call per token runs every layer, the final norm and the logits). Inference only:
// nothing is recorded for autograd. The weights are float32 tensors in PyTorch's [out, in] layout,
// read in place (not copied): they must stay alive while the decoder is used (a disposed weight
// makes step() throw DisposedError).
import { LlamaDecoder as LlamaDecoderKernel } from '@neurite/kernels';
import { ArgumentError, DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, type Tensor } from '../tensor.ts';
import { checkInteger, checkNumber, optionsOf } from '../validate.ts';

export interface LlamaDecoderLayerTensors {
  /** [dim] */ attentionNorm: Tensor;
  /** [dim, dim] */ q: Tensor;
  /** [kvDim, dim] (kvDim = nKvHeads * dim / nHeads) */ k: Tensor;
  /** [kvDim, dim] */ v: Tensor;
  /** [dim, dim] */ o: Tensor;
  /** [dim] */ mlpNorm: Tensor;
  /** [hidden, dim] */ gate: Tensor;
  /** [hidden, dim] */ up: Tensor;
  /** [dim, hidden] */ down: Tensor;
}

export interface LlamaDecoderWeights {
  /** Token embedding [vocab, dim]. */ embedding: Tensor;
  /** [dim] */ finalNorm: Tensor;
  /** Output projection [vocab, dim] (the embedding when tied). */ classifier: Tensor;
  layers: readonly LlamaDecoderLayerTensors[];
}

export interface LlamaDecoderOptions {
  nHeads: number;
  /** Key/value heads (grouped-query attention); divides nHeads. Default nHeads. */
  nKvHeads?: number;
  /** Most positions of one sequence (the key/value cache's length). */
  capacity: number;
  /** RMSNorm epsilon. Default 1e-5. */
  normEps?: number;
  /** Default 10000. */
  ropeTheta?: number;
  /** Default 'rotate-half' (Hugging Face); llama2.c's checkpoints use 'interleaved'. */
  ropeLayout?: 'interleaved' | 'rotate-half';
}

const LAYER_KEYS = ['attentionNorm', 'q', 'k', 'v', 'o', 'mlpNorm', 'gate', 'up', 'down'] as const;

function weight(t: unknown, shape: readonly number[], what: string): Tensor {
  const x = checkTensor(t, what);
  if (x.dtype !== 'float32') throw new DTypeError(`${what}: expected float32, got ${x.dtype}`);
  if (x.rank !== shape.length || x.shape.some((d, i) => d !== shape[i])) throw new ShapeError(`${what}: expected [${shape}], got [${x.shape}]`);
  return x;
}

/** One sequence's incremental decoding: step(token) returns the next-token logits. */
export class LlamaDecoder {
  private readonly kernel: LlamaDecoderKernel;
  private readonly tensors: Tensor[];
  /** Floats of one position's keys (or values) in one layer. */
  private readonly kvDim: number;

  constructor(weights: LlamaDecoderWeights, options: LlamaDecoderOptions) {
    const what = 'LlamaDecoder';
    if (weights === null || typeof weights !== 'object') throw new ArgumentError(`${what}: weights must be { embedding, finalNorm, classifier, layers }`);
    const o = optionsOf(options, what) as Partial<LlamaDecoderOptions>;
    const embedding = checkTensor(weights.embedding, `${what}: weights.embedding`);
    if (embedding.rank !== 2 || embedding.size === 0) throw new ShapeError(`${what}: weights.embedding must be [vocab, dim], got [${embedding.shape}]`);
    const [vocab, dim] = embedding.shape as [number, number];
    weight(embedding, [vocab, dim], `${what}: weights.embedding`);
    const nHeads = checkInteger(o.nHeads, `${what}: nHeads`, 1, 1 << 24);
    const nKvHeads = o.nKvHeads === undefined ? nHeads : checkInteger(o.nKvHeads, `${what}: nKvHeads`, 1, 1 << 24);
    const capacity = checkInteger(o.capacity, `${what}: capacity`, 1, 1 << 24);
    const normEps = o.normEps === undefined ? 1e-5 : checkNumber(o.normEps, `${what}: normEps`, { finite: true, min: 0 });
    const ropeTheta = o.ropeTheta === undefined ? 10000 : checkNumber(o.ropeTheta, `${what}: ropeTheta`, { finite: true, min: Number.MIN_VALUE });
    const ropeLayout = o.ropeLayout ?? 'rotate-half';
    if (ropeLayout !== 'interleaved' && ropeLayout !== 'rotate-half') throw new ArgumentError(`${what}: ropeLayout must be 'interleaved' or 'rotate-half', got ${String(ropeLayout)}`);
    if (dim % nHeads !== 0 || (dim / nHeads) % 2 !== 0) throw new ShapeError(`${what}: dim ${dim} must split into nHeads (${nHeads}) heads of an even size`);
    if (nHeads % nKvHeads !== 0) throw new ShapeError(`${what}: nHeads ${nHeads} must be a multiple of nKvHeads ${nKvHeads}`);
    if (!Array.isArray(weights.layers) || weights.layers.length === 0) throw new ArgumentError(`${what}: weights.layers must be a non-empty array`);
    const kvDim = (nKvHeads * dim) / nHeads;
    const first = weights.layers[0] as Partial<LlamaDecoderLayerTensors> | null;
    const gate0 = checkTensor(first?.gate, `${what}: weights.layers[0].gate`);
    if (gate0.rank !== 2 || gate0.shape[1] !== dim || gate0.shape[0] === 0) throw new ShapeError(`${what}: weights.layers[0].gate must be [hidden, ${dim}], got [${gate0.shape}]`);
    const hidden = gate0.shape[0]!;
    const shapes: Record<(typeof LAYER_KEYS)[number], number[]> = {
      attentionNorm: [dim], q: [dim, dim], k: [kvDim, dim], v: [kvDim, dim], o: [dim, dim], mlpNorm: [dim], gate: [hidden, dim], up: [hidden, dim], down: [dim, hidden],
    };
    const finalNorm = weight(weights.finalNorm, [dim], `${what}: weights.finalNorm`);
    const classifier = weight(weights.classifier, [vocab, dim], `${what}: weights.classifier`);
    const tensors = [embedding, finalNorm, classifier];
    const layers = weights.layers.map((layer, l) => {
      if (layer === null || typeof layer !== 'object') throw new ArgumentError(`${what}: weights.layers[${l}] must be an object of tensors`);
      const ptrs = {} as Record<(typeof LAYER_KEYS)[number], number>;
      for (const key of LAYER_KEYS) {
        const t = weight(layer[key], shapes[key], `${what}: weights.layers[${l}].${key}`);
        tensors.push(t);
        ptrs[key] = t.storage.ptr;
      }
      return ptrs;
    });
    this.tensors = tensors;
    this.kvDim = kvDim;
    this.kernel = new LlamaDecoderKernel(runtimeUnchecked().backend, {
      dim, hiddenDim: hidden, nHeads, nKvHeads, vocabSize: vocab, capacity, normEps, ropeTheta, ropeLayout,
      weights: { embedding: embedding.storage.ptr, finalNorm: finalNorm.storage.ptr, classifier: classifier.storage.ptr, layers },
    });
  }

  /** Tokens decoded so far (the position of the next one). */
  get position(): number {
    return this.kernel.position;
  }

  get capacity(): number {
    return this.kernel.capacity;
  }

  get vocabSize(): number {
    return this.kernel.vocabSize;
  }

  get isDisposed(): boolean {
    return this.kernel.isDisposed;
  }

  /** Appends `token` at `position` and returns the next-token logits (a new array of vocab floats). */
  step(token: number): Float32Array {
    for (const t of this.tensors) t.assertLive('LlamaDecoder.step: a weight');
    const ptr = this.kernel.step(token);
    return runtimeUnchecked().heap.f32(ptr, this.kernel.vocabSize).slice();
  }

  /**
   * Greedy decoding in one kernel call: appends `token`, then each step's first maximum, `count`
   * steps in all, and returns the `count` chosen ids (the last one is not yet appended). The same
   * ids as step() followed by an argmax, count times.
   */
  greedy(token: number, count: number): Int32Array {
    for (const t of this.tensors) t.assertLive('LlamaDecoder.greedy: a weight');
    return this.kernel.greedy(token, count);
  }

  /**
   * Continues from a batched prefill: `keys[l]` and `values[l]` are layer l's float32 keys and values
   * of the first T positions, [1, T, ...] with T * kvDim elements (a KeyValueCache's [1, T, heads,
   * headDim] tensors), copied into the decoder's cache; the next step runs at position T. Everything
   * is checked before anything is copied.
   */
  loadCache(keys: readonly Tensor[], values: readonly Tensor[]): void {
    const what = 'LlamaDecoder.loadCache';
    if (!Array.isArray(keys) || !Array.isArray(values) || keys.length === 0) throw new ArgumentError(`${what}: keys and values must be arrays of tensors, one per layer`);
    const first = checkTensor(keys[0], `${what}: keys[0]`);
    const length = first.rank >= 2 ? first.shape[1]! : 0;
    const floats = length * this.kvDim;
    const check = (t: unknown, name: string): number => {
      const x = checkTensor(t, `${what}: ${name}`);
      if (x.dtype !== 'float32') throw new DTypeError(`${what}: ${name} must be float32, got ${x.dtype}`);
      if (x.rank < 2 || x.shape[0] !== 1 || x.shape[1] !== length || x.size !== floats || length === 0) {
        throw new ShapeError(`${what}: ${name} must be [1, T, ...] with T * ${this.kvDim} elements (T = ${length} from keys[0]), got [${x.shape}]`);
      }
      x.assertLive(`${what}: ${name}`);
      return x.storage.ptr;
    };
    const k = keys.map((t, i) => check(t, `keys[${i}]`)), v = values.map((t, i) => check(t, `values[${i}]`));
    this.kernel.loadCache(length, k, v);
  }

  /** Starts a new sequence at position 0. */
  reset(): void {
    this.kernel.reset();
  }

  /** Frees the cache (not the weights). A second call does nothing. */
  dispose(): void {
    this.kernel.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
