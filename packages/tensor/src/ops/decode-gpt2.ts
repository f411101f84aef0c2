// Gpt2Decoder: incremental decoding of a GPT-2-style model on the kernels' fused decode step (one
// wasm call per token runs every block, the final LayerNorm and the tied head's logits). Inference
// only: nothing is recorded for autograd. The weights are float32 tensors, the projections in Hugging
// Face's Conv1D layout [in, out], read in place (not copied): they must stay alive while the decoder
// is used (a disposed weight makes step() throw DisposedError).
import { Gpt2Decoder as Gpt2DecoderKernel } from '@neurite/kernels';
import { ArgumentError, DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, type Tensor } from '../tensor.ts';
import { checkInteger, checkNumber, optionsOf } from '../validate.ts';

export interface Gpt2DecoderLayerTensors {
  /** [dim] */ ln1Weight: Tensor;
  /** [dim] */ ln1Bias: Tensor;
  /** [dim, 3 dim]: queries, keys, values */ attention: Tensor;
  /** [3 dim] */ attentionBias: Tensor;
  /** [dim, dim] */ projection: Tensor;
  /** [dim] */ projectionBias: Tensor;
  /** [dim] */ ln2Weight: Tensor;
  /** [dim] */ ln2Bias: Tensor;
  /** [dim, inner] */ fc: Tensor;
  /** [inner] */ fcBias: Tensor;
  /** [inner, dim] */ out: Tensor;
  /** [dim] */ outBias: Tensor;
}

export interface Gpt2DecoderWeights {
  /** Token embedding [vocab, dim], also the output projection (tied). */ tokenEmbedding: Tensor;
  /** Learned positions [positions, dim], positions >= capacity. */ positionEmbedding: Tensor;
  /** [dim] */ finalNormWeight: Tensor;
  /** [dim] */ finalNormBias: Tensor;
  layers: readonly Gpt2DecoderLayerTensors[];
}

export interface Gpt2DecoderOptions {
  nHeads: number;
  /** Most positions of one sequence (the key/value cache's length). */
  capacity: number;
  /** LayerNorm epsilon. Default 1e-5. */
  normEps?: number;
}

const LAYER_KEYS = ['ln1Weight', 'ln1Bias', 'attention', 'attentionBias', 'projection', 'projectionBias', 'ln2Weight', 'ln2Bias', 'fc', 'fcBias', 'out', 'outBias'] as const;

function weight(t: unknown, shape: readonly number[], what: string): Tensor {
  const x = checkTensor(t, what);
  if (x.dtype !== 'float32') throw new DTypeError(`${what}: expected float32, got ${x.dtype}`);
  if (x.rank !== shape.length || x.shape.some((d, i) => d !== shape[i])) throw new ShapeError(`${what}: expected [${shape}], got [${x.shape}]`);
  return x;
}

function matrix(t: unknown, what: string): Tensor {
  const x = checkTensor(t, what);
  if (x.rank !== 2 || x.size === 0) throw new ShapeError(`${what}: expected a non-empty 2-D tensor, got [${x.shape}]`);
  return weight(x, x.shape, what);
}

/** One sequence's incremental decoding: step(token) returns the next-token logits. */
export class Gpt2Decoder {
  private readonly kernel: Gpt2DecoderKernel;
  private readonly tensors: Tensor[];
  /** Floats of one position's keys (or values) in one layer. */
  private readonly kvDim: number;

  constructor(weights: Gpt2DecoderWeights, options: Gpt2DecoderOptions) {
    const what = 'Gpt2Decoder';
    if (weights === null || typeof weights !== 'object') throw new ArgumentError(`${what}: weights must be { tokenEmbedding, positionEmbedding, finalNormWeight, finalNormBias, layers }`);
    const o = optionsOf(options, what) as Partial<Gpt2DecoderOptions>;
    const tokenEmbedding = matrix(weights.tokenEmbedding, `${what}: weights.tokenEmbedding`);
    const [vocab, dim] = tokenEmbedding.shape as [number, number];
    const positionEmbedding = matrix(weights.positionEmbedding, `${what}: weights.positionEmbedding`);
    const positions = positionEmbedding.shape[0]!;
    weight(positionEmbedding, [positions, dim], `${what}: weights.positionEmbedding`);
    const nHeads = checkInteger(o.nHeads, `${what}: nHeads`, 1, 1 << 24);
    const capacity = checkInteger(o.capacity, `${what}: capacity`, 1, 1 << 24);
    const normEps = o.normEps === undefined ? 1e-5 : checkNumber(o.normEps, `${what}: normEps`, { finite: true, min: 0 });
    if (dim % nHeads !== 0) throw new ShapeError(`${what}: dim ${dim} must be a multiple of nHeads ${nHeads}`);
    if (capacity > positions) throw new ShapeError(`${what}: capacity ${capacity} exceeds the ${positions} learned positions`);
    if (!Array.isArray(weights.layers) || weights.layers.length === 0) throw new ArgumentError(`${what}: weights.layers must be a non-empty array`);
    const first = weights.layers[0] as Partial<Gpt2DecoderLayerTensors> | null;
    const fc0 = checkTensor(first?.fc, `${what}: weights.layers[0].fc`);
    if (fc0.rank !== 2 || fc0.shape[0] !== dim || fc0.shape[1] === 0) throw new ShapeError(`${what}: weights.layers[0].fc must be [${dim}, inner], got [${fc0.shape}]`);
    const inner = fc0.shape[1]!;
    const shapes: Record<(typeof LAYER_KEYS)[number], number[]> = {
      ln1Weight: [dim], ln1Bias: [dim], attention: [dim, 3 * dim], attentionBias: [3 * dim], projection: [dim, dim], projectionBias: [dim],
      ln2Weight: [dim], ln2Bias: [dim], fc: [dim, inner], fcBias: [inner], out: [inner, dim], outBias: [dim],
    };
    const finalNormWeight = weight(weights.finalNormWeight, [dim], `${what}: weights.finalNormWeight`);
    const finalNormBias = weight(weights.finalNormBias, [dim], `${what}: weights.finalNormBias`);
    const tensors = [tokenEmbedding, positionEmbedding, finalNormWeight, finalNormBias];
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
    this.kvDim = dim;
    this.kernel = new Gpt2DecoderKernel(runtimeUnchecked().backend, {
      dim, innerDim: inner, nHeads, vocabSize: vocab, positions, capacity, normEps,
      weights: {
        tokenEmbedding: tokenEmbedding.storage.ptr, positionEmbedding: positionEmbedding.storage.ptr,
        finalNormWeight: finalNormWeight.storage.ptr, finalNormBias: finalNormBias.storage.ptr, layers,
      },
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
    for (const t of this.tensors) t.assertLive('Gpt2Decoder.step: a weight');
    const ptr = this.kernel.step(token);
    return runtimeUnchecked().heap.f32(ptr, this.kernel.vocabSize).slice();
  }

  /**
   * Continues from a batched prefill: `keys[l]` and `values[l]` are layer l's float32 keys and values
   * of the first T positions, [1, T, ...] with T * kvDim elements (a KeyValueCache's [1, T, heads,
   * headDim] tensors), copied into the decoder's cache; the next step runs at position T. Everything
   * is checked before anything is copied.
   */
  loadCache(keys: readonly Tensor[], values: readonly Tensor[]): void {
    const what = 'Gpt2Decoder.loadCache';
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
