// Attention layers, transformer encoders and decoders, positional encodings, the 1-D layers and
// GroupNorm exported with exportOnnx run in onnxruntime-web and give Neurite's forward outputs, at
// two batch sizes and (with dynamicAxes) two sequence lengths.
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, init, memory, noGrad, randn, scope, tensor, type Tensor } from '@neurite/tensor';
import { ReLU } from '../layers/activations.ts';
import { Conv2d } from '../layers/conv.ts';
import { AvgPool1d, Conv1d, MaxPool1d } from '../layers/conv1d.ts';
import { Flatten } from '../layers/flatten.ts';
import { Linear } from '../layers/linear.ts';
import { GroupNorm, LayerNorm } from '../layers/normalization.ts';
import { Sequential } from '../layers/sequential.ts';
import { applyLora } from '../lora/apply-lora.ts';
import type { Module } from '../module/module.ts';
import { TransformerDecoderLayer } from '../transformer/decoder-layer.ts';
import { TransformerEncoderLayer } from '../transformer/encoder-layer.ts';
import { HierarchicalAttention } from '../transformer/hierarchical-attention.ts';
import { MultiheadAttention } from '../transformer/multihead-attention.ts';
import { LearnedPositionalEmbedding, RotaryEmbedding, SinusoidalPositionalEncoding } from '../transformer/positional-encoding.ts';
import { TransformerDecoder, TransformerEncoder } from '../transformer/transformer-stack.ts';
import { exportOnnx, type ExportOnnxOptions } from './export-onnx.ts';

beforeAll(async () => {
  await init();
  ort.env.wasm.numThreads = 1;
});

interface Case {
  /** The graph input's shape for this batch and length (in the model's layout). */
  shape: number[];
  /** The memory's shape, for decoders. */
  memoryShape?: number[];
  /** Padding masks [batch, keys] (1 = padded key), fed as key_padding_mask / memory_key_padding_mask. */
  padding?: number[][];
  memoryPadding?: number[][];
}

/** Right padding: row r of a batch has lengths[r] keys of `keys`. */
const padded = (lengths: number[], keys: number): number[][] => lengths.map((n) => Array.from({ length: keys }, (_, i) => (i < n ? 0 : 1)));
const maskTensor = (rows: number[][]) => tensor(rows.flat(), [rows.length, rows[0]!.length], { dtype: 'int32' });
const boolFeed = (rows: number[][]) => new ort.Tensor('bool', Uint8Array.from(rows.flat()), [rows.length, rows[0]!.length]);

/**
 * Exports `model`, then for each case feeds seeded inputs to onnxruntime-web and to `forward` (the
 * model's own forward with the options the export states) and compares the outputs (relative 1e-5 + 1e-5 |e|).
 */
async function check(
  model: Module, options: ExportOnnxOptions, cases: Case[], forward: (x: Tensor, memory?: Tensor, padding?: Tensor, memoryPadding?: Tensor) => Tensor, tolerance = 1e-5,
): Promise<void> {
  const session = await ort.InferenceSession.create(exportOnnx(model, options));
  model.eval();
  const before = memory().liveTensors;
  let seed = 100;
  for (const c of cases) {
    const { feeds, expected } = noGrad(() => scope(() => {
      const x = randn(c.shape, { seed: seed++ });
      const m = c.memoryShape ? randn(c.memoryShape, { seed: seed++ }) : undefined;
      const feeds: Record<string, ort.Tensor> = { input: new ort.Tensor('float32', x.toArray() as Float32Array, c.shape) };
      if (m) feeds['memory'] = new ort.Tensor('float32', m.toArray() as Float32Array, c.memoryShape!);
      if (c.padding) feeds['key_padding_mask'] = boolFeed(c.padding);
      if (c.memoryPadding) feeds['memory_key_padding_mask'] = boolFeed(c.memoryPadding);
      const expected = forward(x, m, c.padding && maskTensor(c.padding), c.memoryPadding && maskTensor(c.memoryPadding));
      return { feeds, expected: expected.toArray() };
    }));
    const got = (await session.run(feeds))['output']!.data as Float32Array;
    expect(got.length, `input [${c.shape}]`).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
    expect(worst, `input [${c.shape}]`).toBeLessThan(tolerance);
  }
  expect(memory().liveTensors).toBe(before);
  await session.release();
}

const layer = (normFirst: boolean, activation: 'relu' | 'gelu', batchFirst: boolean, seed: number) =>
  ({ dimFeedforward: 24, dropout: 0.1, normFirst, activation, batchFirst, seed });

describe('exportOnnx: attention and transformer layers in onnxruntime-web', () => {
  it('a batch-first encoder model (projection, sinusoidal positions, 2 post-norm layers and a final norm, head) at any batch and length', async () => {
    const model = new Sequential(
      new Linear(6, 16, { seed: 1 }), new SinusoidalPositionalEncoding(16, 64),
      new TransformerEncoder((i) => new TransformerEncoderLayer(16, 4, layer(false, 'relu', true, 10 + i)), 2, { norm: new LayerNorm(16) }),
      new Linear(16, 3, { seed: 2 }),
    );
    await check(model, { inputShape: [7, 6], dynamicAxes: { 0: 'sequence' } }, [{ shape: [1, 7, 6] }, { shape: [3, 7, 6] }, { shape: [2, 11, 6] }], (x) => model.forward(x));
  });

  it('pre-norm GELU layers, causal, sequence-first ([L, B, E], batch axis 1)', async () => {
    const model = new TransformerEncoder((i) => new TransformerEncoderLayer(12, 3, layer(true, 'gelu', false, 20 + i)), 2);
    await check(model, { inputShape: [5, 12], dynamicAxes: { 0: 'sequence' }, isCausal: true }, [{ shape: [5, 1, 12] }, { shape: [5, 3, 12] }, { shape: [9, 2, 12] }], (x) => model.forward(x, { isCausal: true }));
  });

  it('MultiheadAttention alone: self-attention with and without biases, causal and not', async () => {
    for (const bias of [true, false]) {
      const attention = new MultiheadAttention(8, 2, { batchFirst: true, bias, seed: 30 });
      await check(attention, { inputShape: [6, 8] }, [{ shape: [1, 6, 8] }, { shape: [4, 6, 8] }], (x) => attention.forward(x));
      await check(attention, { inputShape: [6, 8], isCausal: true }, [{ shape: [2, 6, 8] }], (x) => attention.forward(x, { isCausal: true }));
    }
  });

  it('a decoder stack (learned positions, causal self-attention, cross-attention on the "memory" input) in both layouts', async () => {
    const batchFirst = new Sequential(
      new LearnedPositionalEmbedding(32, 16, { seed: 40 }),
      new TransformerDecoder((i) => new TransformerDecoderLayer(16, 4, layer(i === 1, 'gelu', true, 41 + i)), 2, { norm: new LayerNorm(16) }),
    );
    const decoder = batchFirst.namedChildren()[1]![1] as TransformerDecoder;
    const positions = batchFirst.namedChildren()[0]![1] as LearnedPositionalEmbedding;
    await check(
      batchFirst, { inputShape: [4, 16], dynamicAxes: { 0: 'target' }, isCausal: true },
      [{ shape: [1, 4, 16], memoryShape: [1, 6, 16] }, { shape: [3, 4, 16], memoryShape: [3, 2, 16] }, { shape: [2, 7, 16], memoryShape: [2, 5, 16] }],
      (x, m) => decoder.forward(positions.forward(x), { memory: m, tgtIsCausal: true }),
    );
    const sequenceFirst = new TransformerDecoderLayer(8, 2, layer(false, 'relu', false, 45));
    await check(sequenceFirst, { inputShape: [3, 8] }, [{ shape: [3, 1, 8], memoryShape: [5, 1, 8] }, { shape: [3, 2, 8], memoryShape: [4, 2, 8] }], (x, m) => sequenceFirst.forward(x, { memory: m }));
  });

  it('key padding masks: an encoder (both layouts), MultiheadAttention, a decoder with memory padding', async () => {
    const encoder = new TransformerEncoder((i) => new TransformerEncoderLayer(12, 3, layer(i === 0, 'relu', true, 70 + i)), 2);
    await check(
      encoder, { inputShape: [6, 12], dynamicAxes: { 0: 'sequence' }, keyPaddingMask: true },
      [{ shape: [1, 6, 12], padding: padded([4], 6) }, { shape: [3, 8, 12], padding: padded([8, 2, 5], 8) }],
      (x, _m, padding) => encoder.forward(x, { srcKeyPaddingMask: padding }),
    );
    const sequenceFirst = new TransformerEncoderLayer(8, 2, layer(false, 'gelu', false, 72));
    await check(sequenceFirst, { inputShape: [5, 8], keyPaddingMask: true, isCausal: true }, [{ shape: [5, 2, 8], padding: padded([5, 3], 5) }],
      (x, _m, padding) => sequenceFirst.forward(x, { srcKeyPaddingMask: padding, isCausal: true }));
    const attention = new MultiheadAttention(8, 4, { batchFirst: true, seed: 73 });
    await check(attention, { inputShape: [5, 8], keyPaddingMask: true }, [{ shape: [2, 5, 8], padding: padded([1, 4], 5) }], (x, _m, padding) => attention.forward(x, { keyPaddingMask: padding }));
    const decoder = new TransformerDecoder((i) => new TransformerDecoderLayer(8, 2, layer(false, 'relu', true, 74 + i)), 2);
    await check(
      decoder, { inputShape: [4, 8], dynamicAxes: { 0: 'target' }, keyPaddingMask: true, isCausal: true },
      [{ shape: [2, 4, 8], memoryShape: [2, 6, 8], padding: padded([4, 2], 4), memoryPadding: padded([6, 3], 6) }],
      (x, m, padding, memoryPadding) => decoder.forward(x, { memory: m, tgtKeyPaddingMask: padding, memoryKeyPaddingMask: memoryPadding, tgtIsCausal: true }),
    );
    expect(() => exportOnnx(new Linear(3, 3), { inputShape: [3], keyPaddingMask: true })).toThrow(/keyPaddingMask applies to models with attention layers/);
  });

  it('HierarchicalAttention: chunks that divide the length and a padded last chunk, alone and after a projection', async () => {
    for (const [length, chunk] of [[12, 4], [10, 4], [3, 8]] as const) {
      const attention = new HierarchicalAttention(8, 2, { chunkSize: chunk, seed: 80 });
      const model = new Sequential(new Linear(5, 8, { seed: 81 }), attention);
      await check(model, { inputShape: [length, 5] }, [{ shape: [1, length, 5] }, { shape: [3, length, 5] }], (x) => model.forward(x));
    }
    expect(() => exportOnnx(new HierarchicalAttention(8, 2), { inputShape: [6, 8], dynamicAxes: { 0: 'sequence' } })).toThrow(/needs fixed input sizes/);
  });

  it('RotaryEmbedding (rotate-half and interleaved, all or part of the features) after a projection, at a fixed length', async () => {
    for (const options of [{}, { layout: 'interleaved' as const, base: 500 }, { rotaryDim: 4 }, { layout: 'interleaved' as const, rotaryDim: 6 }]) {
      const model = new Sequential(new Linear(5, 8, { seed: 90 }), new RotaryEmbedding(options));
      await check(model, { inputShape: [7, 5] }, [{ shape: [1, 7, 5] }, { shape: [3, 7, 5] }], (x) => model.forward(x));
    }
  });

  it('Conv1d (same, explicit and dilated padding, fused ReLU), GroupNorm, MaxPool1d and AvgPool1d; GroupNorm on images', async () => {
    const model = new Sequential(
      new Conv1d(3, 8, 4, { padding: 'same', seed: 50 }), new GroupNorm(2, 8), new MaxPool1d(2, { stride: 1, dilation: 2 }),
      new Conv1d(8, 6, 3, { stride: 2, dilation: 2, padding: 1, activation: 'relu', seed: 51 }), new AvgPool1d(2, { ceilMode: true, countIncludePad: false, padding: 1 }),
      new Flatten(), new Linear(6 * 4, 2, { seed: 52 }),
    );
    await check(model, { inputShape: [15, 3] }, [{ shape: [1, 15, 3] }, { shape: [3, 15, 3] }], (x) => model.forward(x), 2e-5);
    const images = new Sequential(new Conv2d(2, 6, 3, { seed: 53 }), new GroupNorm(3, 6, { eps: 1e-3 }), new ReLU(), new GroupNorm(1, 6, { affine: false }));
    await check(images, { inputShape: [5, 4, 2] }, [{ shape: [1, 5, 4, 2] }, { shape: [2, 5, 4, 2] }], (x) => images.forward(x));
    await check(images, { inputShape: [5, 4, 2], opset: 18 }, [{ shape: [2, 5, 4, 2] }], (x) => images.forward(x));
  });

  it('rejects what it cannot export and malformed options, naming them', () => {
    const attention = new MultiheadAttention(8, 2, { batchFirst: true });
    expect(() => exportOnnx(attention, { inputShape: [4, 8], dynamicAxes: { 2: 'x' } })).toThrow(/dynamicAxes key 2 is not an axis/);
    expect(() => exportOnnx(attention, { inputShape: [4, 8], dynamicAxes: { 0: 'batch' } })).toThrow(ArgumentError);
    expect(() => exportOnnx(attention, { inputShape: [4, 8], dynamicAxes: { 0: 's', 1: 's' } })).toThrow(/distinct/);
    expect(() => exportOnnx(attention, { inputShape: [4, 8], isCausal: 1 as unknown as boolean })).toThrow(/isCausal must be a boolean/);
    expect(() => exportOnnx(attention, { inputShape: [4, 8], inputName: 'memory' })).toThrow(/"memory"/);
    expect(() => exportOnnx(attention, { inputShape: [8] })).toThrow(/rank-3 input/);
  });

  it('LoRA adapters (attention and linear) export once merged, with the adapted outputs', async () => {
    const encoder = new TransformerEncoderLayer(8, 2, { dimFeedforward: 12, dropout: 0, batchFirst: true, seed: 60 });
    const lora = applyLora(encoder, { r: 2, alpha: 4, targetModules: ['self_attn', 'linear1'], seed: 61 });
    // Non-zero B matrices, so the adapters change the outputs.
    scope(() => { for (const layer of lora.layers.values()) for (const [name, p] of layer.namedParameters()) if (name.endsWith('lora_B.weight')) p.view().set(randn(p.shape, { seed: 62 }).toArray()); });
    expect(() => exportOnnx(encoder, { inputShape: [4, 8] })).toThrow(/self_attn has an unmerged LoRA adapter: call merge\(\) first/);
    const adapted = noGrad(() => scope(() => encoder.forward(randn([2, 4, 8], { seed: 63 })).toArray()));
    lora.merge();
    await check(encoder, { inputShape: [4, 8] }, [{ shape: [2, 4, 8] }], (x) => encoder.forward(x), 2e-5);
    const merged = noGrad(() => scope(() => encoder.forward(randn([2, 4, 8], { seed: 63 })).toArray()));
    expect(Math.max(...merged.map((v, i) => Math.abs(v - adapted[i]!)))).toBeLessThan(1e-4);
  });
});
