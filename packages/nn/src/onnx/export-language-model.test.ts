// Language models exported with their key/value cache (past_key_values.N.* inputs, present.N.*
// outputs) decode greedily in onnxruntime-web, one token per call on the previous call's presents,
// and give Neurite's own greedy tokens and logits.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, init, memory, noGrad, scope, tensor } from '@neurite/tensor';
import { generate } from '../language-models/generation.ts';
import { Gpt2LMHeadModel } from '../language-models/gpt2/gpt2-model.ts';
import { LlamaForCausalLM } from '../language-models/llama/llama-model.ts';
import { Linear } from '../layers/linear.ts';
import { exportOnnx } from './export-onnx.ts';

beforeAll(async () => {
  await init();
  ort.env.wasm.numThreads = 1;
});

type LanguageModel = Gpt2LMHeadModel | LlamaForCausalLM;

const kvHeadsOf = (model: LanguageModel): number => (model instanceof Gpt2LMHeadModel ? model.config.nHeads : model.config.nKvHeads);

/** Empty past key/values (length 0) for a batch: the feeds of a first call. */
function emptyPast(model: LanguageModel, batch: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (let l = 0; l < model.config.nLayers; l++) {
    for (const kind of ['key', 'value']) feeds[`past_key_values.${l}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [batch, kvHeadsOf(model), 0, model.config.headDim]);
  }
  return feeds;
}

/** The presents of a run as the next run's past. */
function presentsAsPast(model: LanguageModel, out: Record<string, ort.Tensor>): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (let l = 0; l < model.config.nLayers; l++) {
    for (const kind of ['key', 'value']) feeds[`past_key_values.${l}.${kind}`] = out[`present.${l}.${kind}`]!;
  }
  return feeds;
}

function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

function worstRelative(got: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(got.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
  return worst;
}

/** Greedy decoding in onnxruntime with the cache: the chosen tokens and the last-position logits of each call. */
async function ortGreedy(session: ort.InferenceSession, model: LanguageModel, prompt: number[], steps: number): Promise<{ tokens: number[]; rows: Float32Array[] }> {
  const vocab = model.config.vocabSize, tokens: number[] = [], rows: Float32Array[] = [];
  let past = emptyPast(model, 1), input = prompt;
  for (let step = 0; step < steps; step++) {
    const out = await session.run({ input_ids: new ort.Tensor('int32', Int32Array.from(input), [1, input.length]), ...past });
    const logits = out['logits']!;
    expect(logits.dims).toEqual([1, input.length, vocab]);
    const total = prompt.length + step;
    expect(out['present.0.key']!.dims).toEqual([1, kvHeadsOf(model), total, model.config.headDim]);
    const row = (logits.data as Float32Array).slice((input.length - 1) * vocab, input.length * vocab);
    rows.push(row);
    tokens.push(argmax(row));
    past = presentsAsPast(model, out);
    input = [tokens[tokens.length - 1]!];
  }
  return { tokens, rows };
}

/** Neurite's cached forward on the same tokens: the last-position logits of each step. */
function neuriteRows(model: LanguageModel, prompt: number[], tokens: number[]): Float32Array[] {
  return noGrad(() => {
    const cache = model.createCache(), rows: Float32Array[] = [];
    try {
      let input = prompt;
      for (const next of tokens) {
        rows.push(scope(() => {
          const logits = model.forward(tensor(Int32Array.from(input), [1, input.length], { dtype: 'int32' }), { cache }).toArray() as Float32Array;
          return logits.slice((input.length - 1) * model.config.vocabSize);
        }));
        input = [next];
      }
    } finally {
      cache.dispose();
    }
    return rows;
  });
}

const stories = (): LlamaForCausalLM => LlamaForCausalLM.fromLlama2c(new Uint8Array(readFileSync(new URL('../../test-data/stories260K/stories260K.bin', import.meta.url))));

describe('exportOnnx with pastKeyValues: greedy decoding in onnxruntime-web with the cache', () => {
  const models: [string, () => LanguageModel, number[]][] = [
    ['gpt2', () => new Gpt2LMHeadModel({ vocabSize: 40, maxSeqLen: 32, dim: 16, nLayers: 2, nHeads: 4, dropout: 0, seed: 21 }), [3, 17, 5]],
    ['stories260K (interleaved RoPE, 8 query heads on 4 key/value heads)', stories, [1, 403, 407, 261]],
    ['llama rotate-half (4 query heads on 2 key/value heads)', () => new LlamaForCausalLM({ vocabSize: 40, dim: 16, hiddenDim: 24, nLayers: 2, nHeads: 4, nKvHeads: 2, maxSeqLen: 32, seed: 22 }), [2, 9]],
  ];
  for (const [name, build, prompt] of models) {
    it(`${name}: the same tokens as generate and the same logits at every step`, async () => {
      const model = build();
      model.eval();
      const live = memory().liveTensors;
      const steps = 12;
      const session = await ort.InferenceSession.create(exportOnnx(model, { pastKeyValues: true }));
      expect(session.inputNames).toEqual(['input_ids', ...Array.from({ length: model.config.nLayers }, (_, l) => [`past_key_values.${l}.key`, `past_key_values.${l}.value`]).flat()]);
      expect(session.outputNames).toEqual(['logits', ...Array.from({ length: model.config.nLayers }, (_, l) => [`present.${l}.key`, `present.${l}.value`]).flat()]);
      const { tokens, rows } = await ortGreedy(session, model, prompt, steps);
      expect(tokens).toEqual(generate(model, prompt, { maxNewTokens: steps, temperature: 0 }));
      const expected = neuriteRows(model, prompt, tokens);
      rows.forEach((row, step) => expect(worstRelative(row, expected[step]!), `step ${step}`).toBeLessThan(1e-4));
      await session.release();
      expect(memory().liveTensors).toBe(live);
      model.dispose();
    });
  }

  it('attentionMask: a batch of two left-padded prompts decodes each row as that prompt alone', async () => {
    for (const [name, build, prompt] of models) {
      const model = build();
      model.eval();
      const prompts = [[...prompt, 7, 30], prompt]; // the second left-padded by two (pad id 0)
      const steps = 6, vocab = model.config.vocabSize;
      const session = await ort.InferenceSession.create(exportOnnx(model, { pastKeyValues: true, attentionMask: true, inputType: 'int64' }));
      expect(session.inputNames.slice(0, 2)).toEqual(['input_ids', 'attention_mask']);
      const width = prompts[0]!.length, pad = width - prompts[1]!.length;
      let ids = [...prompts[0]!, ...new Array<number>(pad).fill(0), ...prompts[1]!];
      let mask = [...new Array<number>(width).fill(1), ...new Array<number>(pad).fill(0), ...new Array<number>(width - pad).fill(1)];
      let past = emptyPast(model, 2), t = width, total = width;
      const tokens: number[][] = [[], []], rows: Float32Array[][] = [[], []];
      for (let step = 0; step < steps; step++) {
        const out = await session.run({
          input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [2, t]),
          attention_mask: new ort.Tensor('int64', BigInt64Array.from(mask, BigInt), [2, total]), ...past,
        });
        const logits = out['logits']!.data as Float32Array;
        for (let b = 0; b < 2; b++) {
          const row = logits.slice((b * t + t - 1) * vocab, (b * t + t) * vocab);
          rows[b]!.push(row);
          tokens[b]!.push(argmax(row));
        }
        past = presentsAsPast(model, out);
        ids = [tokens[0]!.at(-1)!, tokens[1]!.at(-1)!];
        mask = [...mask.slice(0, total), 1, ...mask.slice(total), 1];
        t = 1;
        total += 1;
      }
      for (let b = 0; b < 2; b++) {
        expect(tokens[b], `${name}, row ${b}`).toEqual(generate(model, prompts[b]!, { maxNewTokens: steps, temperature: 0 }));
        const expected = neuriteRows(model, prompts[b]!, tokens[b]!);
        rows[b]!.forEach((row, step) => expect(worstRelative(row, expected[step]!), `${name}, row ${b}, step ${step}`).toBeLessThan(1e-4));
      }
      await session.release();
      model.dispose();
    }
  });

  it('a batch of two sequences, int64 ids: a 5-token prefill, then three cached steps of one token each (8 positions cached)', async () => {
    const model = new LlamaForCausalLM({ vocabSize: 40, dim: 16, hiddenDim: 24, nLayers: 2, nHeads: 4, nKvHeads: 2, maxSeqLen: 32, seed: 23 });
    model.eval();
    const session = await ort.InferenceSession.create(exportOnnx(model, { pastKeyValues: true, inputType: 'int64' }));
    const chunks = [[4, 8, 15, 16, 23, 31, 0, 7, 2, 39], [11, 5], [1, 38], [20, 20]]; // [2, T] row-major per call
    let past = emptyPast(model, 2);
    const cache = model.createCache();
    for (const [i, ids] of chunks.entries()) {
      const t = ids.length / 2;
      const out = await session.run({ input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [2, t]), ...past });
      const expected = noGrad(() => scope(() => model.forward(tensor(Int32Array.from(ids), [2, t], { dtype: 'int32' }), { cache }).toArray()));
      expect(worstRelative(out['logits']!.data as Float32Array, expected), `call ${i}`).toBeLessThan(1e-4);
      past = presentsAsPast(model, out);
    }
    expect(past['past_key_values.1.value']!.dims).toEqual([2, 2, 8, 4]);
    cache.dispose();
    await session.release();
    model.dispose();
  });

  it('rejects pastKeyValues where there is no cache, and token ids of a float type', () => {
    expect(() => exportOnnx(new Linear(3, 3), { inputShape: [3], pastKeyValues: true })).toThrow(/pastKeyValues applies to the GPT-2 and Llama/);
    expect(() => exportOnnx(new Linear(3, 3), { inputShape: [3], attentionMask: true })).toThrow(/attentionMask applies to the GPT-2 and Llama/);
    const model = new Gpt2LMHeadModel({ vocabSize: 20, maxSeqLen: 8, dim: 8, nLayers: 1, nHeads: 2, seed: 24 });
    expect(() => exportOnnx(model, { pastKeyValues: 'yes' as unknown as boolean })).toThrow(ArgumentError);
    expect(() => exportOnnx(model, { inputType: 'float32' })).toThrow(/takes token ids/);
    expect(() => exportOnnx(model, { inputType: 'float64' as 'float32' })).toThrow(/inputType must be/);
    model.dispose();
  });
});
