// Autoregressive generation for any causal language model that takes int32 ids [1, T] and a cache:
// the prompt is run once (prefill), then each new token costs one cached step. Sampling follows the
// usual order (Hugging Face's logits processors): repetition penalty (CTRL, Keskar et al. 2019:
// a seen token's logit divided by the penalty when positive, multiplied when negative), temperature,
// top-k, then top-p (nucleus, Holtzman et al. 2020: the smallest set of most likely tokens whose
// probability reaches p), and a draw from a seeded Generator. Temperature 0 is greedy (the first
// maximum on ties, as llama2.c's argmax).
import { ArgumentError, Generator as RandomGenerator, noGrad, scope, type Tensor, tensor } from '@neurite/tensor';
import { KeyValueCache } from './kv-cache.ts';

/** One sequence's incremental decoding without autograd: step(token) gives the next-token logits. */
export interface IncrementalDecoder {
  step(token: number): Float32Array;
  /** Continues from a batched prefill: each layer's keys and values of the first T positions ([1, T, ...]). */
  loadCache?(keys: readonly Tensor[], values: readonly Tensor[]): void;
  /**
   * Greedy decoding without a return to JavaScript per token: appends `token`, then each step's first
   * maximum, `count` steps in all; returns the `count` chosen ids (the last one not yet appended).
   */
  greedy?(token: number, count: number): Int32Array;
  /** Bytes of the weights one step reads (generate's batched-prefill rule; else the model's parameterCount). */
  readonly weightBytes?: number;
  dispose(): void;
}

/** Tokens of the first greedy chunk; each later chunk doubles, up to GREEDY_CHUNK_MAX (see generateTokens). */
const GREEDY_CHUNK_FIRST = 4;
const GREEDY_CHUNK_MAX = 64;

/**
 * generate's batched-prefill rule: a prompt of T tokens runs through one forward pass (its cache then
 * handed to the fused decoder) when T times the weights' bytes reaches this. A fused step reads every
 * weight once, so it costs about (weight bytes) / (memory bandwidth) per token, while one forward over T
 * tokens multiplies matrices at compute speed after a fixed cost of per-op dispatch; measured on
 * GPT-2-small (0.5 GB of weights), the forward wins from 3 prompt tokens, while on stories260K (1 MB)
 * single steps still win at 128. A model smaller than 4 MB never takes the batched path.
 */
export const BATCHED_PREFILL_BYTES = 1 << 30;

export interface CausalLanguageModel<Cache extends { dispose(): void }> {
  /** Models that know logitsToKeep return only the last position's logits to a prefill. */
  forward(ids: Tensor, options?: { cache?: Cache; logitsToKeep?: number }): Tensor;
  createCache(): Cache;
  /**
   * A fused decoder for `capacity` positions when the model has one for its current weights and
   * modules (undefined otherwise): generation then costs one kernel call per token.
   */
  createDecoder?(capacity: number): IncrementalDecoder | undefined;
  /**
   * As createDecoder, from a decoder the model keeps between calls (what generate() uses when the
   * model has it): disposing the result hands it back to the model for the next call.
   */
  borrowDecoder?(capacity: number): IncrementalDecoder | undefined;
  /** Parameters (for the batched-prefill rule; without it the prompt goes through the decoder). */
  parameterCount?(): number;
  readonly config: { maxSeqLen: number; vocabSize: number };
}

export interface GenerateOptions {
  /** Most tokens to generate after the prompt. */
  maxNewTokens: number;
  /** 0 (the default) is greedy. */
  temperature?: number;
  /** Keep only the k most likely tokens (0 = off, the default). */
  topK?: number;
  /** Nucleus sampling threshold in (0, 1] (1 = off, the default). */
  topP?: number;
  /** > 1 discourages tokens already in the prompt or output (1 = off, the default). */
  repetitionPenalty?: number;
  /** Generation stops after emitting any of these ids (the stop token is included in the result). */
  stopTokens?: readonly number[];
  /** Seed of the sampling generator (default 0); or pass `generator`. */
  seed?: number;
  generator?: RandomGenerator;
  /** Called with each new token id as soon as it is chosen. */
  onToken?: (id: number, index: number) => void;
  signal?: AbortSignal;
}

function checkOptions(o: GenerateOptions): Required<Omit<GenerateOptions, 'generator' | 'onToken' | 'signal' | 'seed'>> {
  if (o === null || typeof o !== 'object') throw new ArgumentError('generate: options must be an object with maxNewTokens');
  const num = (v: unknown, name: string, ok: (x: number) => boolean, range: string, fallback: number): number => {
    const x = v ?? fallback;
    if (typeof x !== 'number' || !ok(x)) throw new ArgumentError(`generate: ${name} must be ${range}, got ${String(v)}`);
    return x;
  };
  return {
    maxNewTokens: num(o.maxNewTokens, 'maxNewTokens', (x) => Number.isInteger(x) && x >= 0, 'an integer >= 0', NaN),
    temperature: num(o.temperature, 'temperature', (x) => x >= 0 && Number.isFinite(x), 'a finite number >= 0', 0),
    topK: num(o.topK, 'topK', (x) => Number.isInteger(x) && x >= 0, 'an integer >= 0', 0),
    topP: num(o.topP, 'topP', (x) => x > 0 && x <= 1, 'in (0, 1]', 1),
    repetitionPenalty: num(o.repetitionPenalty, 'repetitionPenalty', (x) => x > 0 && Number.isFinite(x), 'a finite number > 0', 1),
    stopTokens: o.stopTokens ?? [],
  };
}

/** Index of the first maximum. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Chooses the next token from one row of logits (modified in place by the penalty). */
export function sampleNext(logits: Float32Array | Float64Array, seen: ReadonlySet<number>, o: ReturnType<typeof checkOptions>, generator: RandomGenerator): number {
  if (o.repetitionPenalty !== 1) {
    for (const id of seen) if (id < logits.length) logits[id] = logits[id]! > 0 ? logits[id]! / o.repetitionPenalty : logits[id]! * o.repetitionPenalty;
  }
  if (o.temperature === 0) return argmax(logits);
  let order = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]! || a - b);
  if (o.topK > 0) order = order.slice(0, o.topK);
  const top = logits[order[0]!]!;
  const weights = order.map((id) => Math.exp((logits[id]! - top) / o.temperature));
  let total = weights.reduce((s, w) => s + w, 0);
  if (o.topP < 1) {
    let cumulative = 0, keep = 0;
    while (keep < order.length && cumulative < o.topP * total) cumulative += weights[keep++]!;
    order = order.slice(0, keep);
    weights.length = keep;
    total = cumulative;
  }
  let u = generator.random() * total;
  for (let i = 0; i < order.length; i++) {
    u -= weights[i]!;
    if (u < 0) return order[i]!;
  }
  return order[order.length - 1]!;
}

/**
 * Generates after `prompt` (ids, at least one), yielding each new id as it is chosen. Stops at
 * maxNewTokens, a stop token (yielded), the model's maxSeqLen, or the signal. The cache is disposed
 * when the iteration ends, however it ends.
 */
export function* generateTokens<C extends { dispose(): void }>(model: CausalLanguageModel<C>, prompt: ArrayLike<number>, options: GenerateOptions): Generator<number, void, undefined> {
  const o = checkOptions(options);
  if (prompt === null || typeof prompt !== 'object' || prompt.length === 0) throw new ArgumentError('generate: the prompt needs at least one token (e.g. BOS)');
  for (let i = 0; i < prompt.length; i++) {
    const id = prompt[i]!;
    if (!Number.isInteger(id) || id < 0 || id >= model.config.vocabSize) throw new ArgumentError(`generate: prompt[${i}] = ${id} is not a token id in [0, ${model.config.vocabSize})`);
  }
  const generator = options.generator ?? new RandomGenerator(options.seed ?? 0);
  const seen = new Set<number>(Array.from(prompt));
  const capacity = Math.min(model.config.maxSeqLen, prompt.length + o.maxNewTokens - 1);
  const fused = o.maxNewTokens > 0 && prompt.length <= model.config.maxSeqLen;
  const decoderCapacity = Math.max(capacity, prompt.length);
  const decoder = !fused ? undefined : model.borrowDecoder !== undefined ? model.borrowDecoder(decoderCapacity) : model.createDecoder?.(decoderCapacity);
  if (decoder !== undefined) {
    // The fused path: the prompt one token at a time (or in one forward pass whose cache the decoder
    // takes over, see BATCHED_PREFILL_BYTES), then one call per new token; greedy decoding (temperature
    // 0, no repetition penalty: the next token is the logits' first maximum) runs chunks of tokens per
    // call instead, 4 then doubling up to 64, so a consumer that stops early or aborts wastes little.
    // The ids, callbacks and abort checks are the same either way: each token is yielded in turn.
    try {
      let row: Float32Array | undefined;
      const greedy = o.temperature === 0 && o.repetitionPenalty === 1 && decoder.greedy !== undefined ? decoder.greedy.bind(decoder) : undefined;
      const batched = decoder.loadCache !== undefined && prompt.length > 1 && prompt.length * (decoder.weightBytes ?? 4 * (model.parameterCount?.() ?? 0)) >= BATCHED_PREFILL_BYTES;
      let cache: C | undefined = batched ? model.createCache() : undefined;
      if (cache !== undefined && !(cache instanceof KeyValueCache)) {
        cache.dispose();
        cache = undefined;
      }
      // The token the next greedy chunk appends first (the prompt's last, or the last yielded).
      let pending = prompt[prompt.length - 1]!;
      if (cache instanceof KeyValueCache) {
        const kv = cache;
        row = noGrad(() => scope(() => {
          try {
            const logits = model.forward(tensor(Int32Array.from(prompt), [1, prompt.length], { dtype: 'int32' }), { cache: kv as unknown as C, logitsToKeep: 1 });
            const [, t, v] = logits.shape as [number, number, number];
            const last = (logits.toArray() as Float32Array).slice((t - 1) * v, t * v);
            decoder.loadCache!(kv.keys as Tensor[], kv.values as Tensor[]);
            return last;
          } finally {
            kv.dispose();
          }
        }));
      } else if (greedy !== undefined) {
        for (let i = 0; i < prompt.length - 1; i++) decoder.step(prompt[i]!);
      } else {
        for (let i = 0; i < prompt.length; i++) row = decoder.step(prompt[i]!);
      }
      // At most this many tokens: maxNewTokens, and none past the model's maxSeqLen.
      const limit = Math.min(o.maxNewTokens, model.config.maxSeqLen - prompt.length + 1);
      let chunk: Int32Array = new Int32Array(0), taken = 0, chunkSize = GREEDY_CHUNK_FIRST;
      for (let count = 0; count < limit; count++) {
        if (options.signal?.aborted) return;
        let next: number;
        // (row is set only when it holds the next token's logits: sampling, or after a batched prefill)
        if (greedy === undefined || (row !== undefined && count === 0)) {
          next = sampleNext(row!, seen, o, generator);
        } else {
          if (taken === chunk.length) {
            chunk = greedy(pending, Math.min(chunkSize, limit - count));
            taken = 0;
            chunkSize = Math.min(2 * chunkSize, GREEDY_CHUNK_MAX);
          }
          next = chunk[taken++]!;
        }
        seen.add(next);
        options.onToken?.(next, count);
        yield next;
        if (o.stopTokens.includes(next) || count + 1 >= limit) return;
        if (greedy === undefined) row = decoder.step(next);
        else pending = next;
      }
    } finally {
      decoder.dispose();
    }
    return;
  }
  const cache = model.createCache();
  try {
    let input: number[] = Array.from(prompt);
    let position = 0;
    for (let count = 0; count < o.maxNewTokens && position + input.length <= model.config.maxSeqLen; count++) {
      if (options.signal?.aborted) return;
      const row = noGrad(() => scope(() => {
        const logits = model.forward(tensor(Int32Array.from(input), [1, input.length], { dtype: 'int32' }), { cache, logitsToKeep: 1 });
        const [, t, v] = logits.shape as [number, number, number];
        return (logits.toArray() as Float32Array).slice((t - 1) * v, t * v);
      }));
      position += input.length;
      const next = sampleNext(row, seen, o, generator);
      seen.add(next);
      options.onToken?.(next, count);
      yield next;
      if (o.stopTokens.includes(next)) return;
      input = [next];
    }
  } finally {
    cache.dispose();
  }
}

/** All new ids at once (see generateTokens). */
export function generate<C extends { dispose(): void }>(model: CausalLanguageModel<C>, prompt: ArrayLike<number>, options: GenerateOptions): number[] {
  return [...generateTokens(model, prompt, options)];
}

/** generateTokens as an async iterator that lets the event loop run (messages, abort signals) between tokens. */
export async function* generateStream<C extends { dispose(): void }>(model: CausalLanguageModel<C>, prompt: ArrayLike<number>, options: GenerateOptions): AsyncGenerator<number, void, undefined> {
  for (const id of generateTokens(model, prompt, options)) {
    yield id;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
