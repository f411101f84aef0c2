import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { add, ArgumentError, init, noGrad, permute, randn, scope, tensor, type Tensor } from '@neurite/tensor';
import { GELU, LeakyReLU, ReLU, Softmax, Tanh } from '../layers/activations.ts';
import { AvgPool2d, Conv2d, GlobalAvgPool2d, MaxPool2d } from '../layers/conv.ts';
import { Dropout } from '../layers/dropout.ts';
import { Embedding } from '../layers/embedding.ts';
import { Flatten } from '../layers/flatten.ts';
import { Linear } from '../layers/linear.ts';
import { BatchNorm2d, LayerNorm } from '../layers/normalization.ts';
import { AdaptiveAvgPool2d } from '../layers/adaptive-pool.ts';
import { GRU, LSTM, RNN } from '../layers/recurrent.ts';
import { Residual, Sequential } from '../layers/sequential.ts';
import { Module } from '../module/module.ts';
import { Gpt2LMHeadModel } from '../language-models/gpt2/gpt2-model.ts';
import { LlamaForCausalLM } from '../language-models/llama/llama-model.ts';
import { BernoulliRBM } from '../models/rbm.ts';
import { exportOnnx, type ExportOnnxOptions } from './export-onnx.ts';

beforeAll(async () => {
  await init();
  ort.env.wasm.numThreads = 1;
});

/** Runs the exported model in onnxruntime-web at each batch size and compares with Neurite's forward pass. */
async function checkAgainstOrt(model: Module, options: ExportOnnxOptions, makeInput: (batch: number) => Tensor, tolerance = 1e-5): Promise<void> {
  const bytes = exportOnnx(model, options);
  const session = await ort.InferenceSession.create(bytes);
  model.eval();
  for (const batch of [1, 3]) {
    const { input, expected } = noGrad(() => scope(() => {
      const x = makeInput(batch);
      const fed = options.inputLayout === 'nchw' ? permute(x, [0, 3, 1, 2]) : x;
      return { input: { data: fed.toArray(), shape: fed.shape }, expected: model.forward(x).toArray() };
    }));
    const type = options.inputType === 'int32' ? 'int32' : 'float32';
    const result = await session.run({ input: new ort.Tensor(type, input.data as Float32Array, input.shape as number[]) });
    const got = result['output']!.data as Float32Array;
    expect(got.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
    expect(worst, `batch ${batch}`).toBeLessThan(tolerance);
  }
  await session.release();
}

const images = (h: number, w: number, c: number, seed: number) => (batch: number) => randn([batch, h, w, c], { seed: seed + batch });

describe('exportOnnx runs in onnxruntime-web with Neurite\'s outputs (batch 1 and 3)', () => {
  it('an MLP with fused and separate activations', async () => {
    const model = new Sequential(new Linear(10, 32, { activation: 'relu', seed: 1 }), new Linear(32, 16, { seed: 2 }), new Tanh(), new Dropout(0.5), new Linear(16, 4, { seed: 3 }), new Softmax());
    await checkAgainstOrt(model, { inputShape: [10] }, (b) => randn([b, 10], { seed: b }));
  });

  it('a CNN: convolutions (same and explicit padding), pools, batch norm with statistics, flatten, linear', async () => {
    const bn = new BatchNorm2d(8);
    const model = new Sequential(
      new Conv2d(3, 8, 3, { padding: 'same', seed: 4 }), bn, new ReLU(), new MaxPool2d(2),
      new Conv2d(8, 6, [3, 2], { padding: [1, 0], stride: [1, 2], seed: 5, activation: 'relu' }), new AvgPool2d(2, { ceilMode: true, countIncludePad: false }),
      new MaxPool2d(2, { stride: 1, dilation: [2, 1], padding: [1, 0] }),
      new Flatten(), new Linear(6 * 3 * 1, 5, { seed: 6 }),
    );
    // Give the batch norm real running statistics.
    bn.train();
    scope(() => { for (let i = 0; i < 3; i++) model.forward(randn([4, 12, 12, 3], { seed: 40 + i })); });
    await checkAgainstOrt(model, { inputShape: [12, 12, 3] }, images(12, 12, 3, 7), 2e-5);
    await checkAgainstOrt(model, { inputShape: [12, 12, 3], inputLayout: 'nchw' }, images(12, 12, 3, 9), 2e-5);
  });

  it('residual blocks, layer norm, GELU (exact and tanh), leaky ReLU, global and adaptive pooling (1 x 1, dividing and overlapping windows)', async () => {
    const model = new Sequential(
      new Conv2d(2, 4, 1, { seed: 8 }),
      new Residual(new Sequential(new Conv2d(4, 4, 3, { padding: 'same', seed: 9 }), new LeakyReLU(0.1)), { activation: new ReLU() }),
      new GlobalAvgPool2d(), new LayerNorm(4), new Linear(4, 8, { seed: 10 }), new GELU(), new Linear(8, 3, { seed: 11 }), new GELU({ approximate: 'tanh' }),
    );
    await checkAgainstOrt(model, { inputShape: [6, 5, 2] }, images(6, 5, 2, 12));
    const adaptive = new Sequential(new Conv2d(2, 3, 3, { seed: 20 }), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(3, 2, { seed: 21 }));
    await checkAgainstOrt(adaptive, { inputShape: [7, 6, 2] }, images(7, 6, 2, 22));
    // Sizes that divide (5 x 4 -> 5 x 2), that do not (overlapping windows: 5 x 4 -> 3 x 3), and one kept (null), inside a Residual.
    for (const size of [[5, 2], [3, 3], [null, 3]] as const) {
      const pooled = new Sequential(
        new Conv2d(2, 3, 3, { seed: 26 }), new Residual(new Sequential(new Conv2d(3, 3, 3, { padding: 'same', seed: 27 }), new ReLU())),
        new AdaptiveAvgPool2d([...size]), new Flatten(), new Linear(3 * (size[0] ?? 5) * size[1], 2, { seed: 28 }),
      );
      await checkAgainstOrt(pooled, { inputShape: [7, 6, 2] }, images(7, 6, 2, 29));
      await checkAgainstOrt(pooled, { inputShape: [7, 6, 2], inputLayout: 'nchw' }, images(7, 6, 2, 30));
    }
  });

  it('a BernoulliRBM\'s hidden probabilities as features for a linear layer', async () => {
    const model = new Sequential(new BernoulliRBM(10, 6, { seed: 23 }), new Linear(6, 2, { seed: 24 }));
    await checkAgainstOrt(model, { inputShape: [10] }, (b) => randn([b, 10], { seed: 25 + b }));
  });

  it('an embedding model on int32 token ids', async () => {
    const model = new Sequential(new Embedding(50, 8, { seed: 13 }), new Flatten(), new Linear(5 * 8, 2, { seed: 14 }));
    await checkAgainstOrt(model, { inputShape: [5], inputType: 'int32' }, (b) => tensor(Int32Array.from({ length: b * 5 }, (_, i) => (i * 7 + b) % 50), [b, 5], { dtype: 'int32' }));
  });

  it('LSTM, GRU and RNN layers (two stacked layers), batch first, on ONNX\'s recurrent ops', async () => {
    for (const [name, Layer] of [['LSTM', LSTM], ['GRU', GRU], ['RNN', RNN]] as const) {
      const model = new Sequential(new Embedding(30, 6, { seed: 15 }), new Layer(6, 5, { numLayers: 2, seed: 16 }), new Linear(5, 3, { seed: 17 }));
      await checkAgainstOrt(model, { inputShape: [7], inputType: 'int32' }, (b) => tensor(Int32Array.from({ length: b * 7 }, (_, i) => (i * 11 + b) % 30), [b, 7], { dtype: 'int32' }), 2e-5)
        .catch((e: Error) => { throw new Error(`${name}: ${e.message}`); });
    }
  });

  it('GPT-2 and Llama language models (stories260K, interleaved RoPE and grouped-query heads; a rotate-half Llama): logits from token ids', async () => {
    const models: [string, Module][] = [
      ['gpt2', new Gpt2LMHeadModel({ vocabSize: 40, maxSeqLen: 16, dim: 16, nLayers: 2, nHeads: 4, dropout: 0, seed: 18 })],
      ['stories260K', LlamaForCausalLM.fromLlama2c(new Uint8Array(readFileSync(new URL('../../test-data/stories260K/stories260K.bin', import.meta.url))))],
      ['llama rotate-half', new LlamaForCausalLM({ vocabSize: 40, dim: 16, hiddenDim: 24, nLayers: 2, nHeads: 4, nKvHeads: 2, maxSeqLen: 16, seed: 19 })],
    ];
    for (const [name, model] of models) {
      const session = await ort.InferenceSession.create(exportOnnx(model));
      for (const [batch, t] of [[1, 5], [2, 9]] as const) {
        const ids = Int32Array.from({ length: batch * t }, (_, i) => (i * 13 + 1) % 40);
        const expected = noGrad(() => scope(() => model.forward(tensor(ids, [batch, t], { dtype: 'int32' })).toArray()));
        const got = (await session.run({ input_ids: new ort.Tensor('int32', ids, [batch, t]) }))['logits']!.data as Float32Array;
        let worst = 0;
        for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
        expect(worst, `${name}, batch ${batch}, ${t} tokens`).toBeLessThan(1e-4);
      }
      await session.release();
      model.dispose();
    }
  });

  it('names what it cannot export', () => {
    expect(() => exportOnnx(new Sequential(new Conv2d(3, 4, 2), new AdaptiveAvgPool2d(2)), { inputShape: [5, 5, 3], dynamicAxes: { 0: 'height' } })).toThrow(/needs fixed input sizes/);
    class Doubling extends Module {
      forward(x: Tensor): Tensor {
        return add(x, x);
      }
    }
    expect(() => exportOnnx(new Sequential(new Linear(8, 8), new Doubling()), { inputShape: [4, 8] })).toThrow(/1 is a Doubling, which has no ONNX export yet/);
    expect(() => exportOnnx(new Linear(3, 3), { inputShape: [0] })).toThrow(ArgumentError);
    expect(() => exportOnnx(new Linear(3, 3), { inputShape: [3], opset: 12 })).toThrow(/opset/);
  });
});
