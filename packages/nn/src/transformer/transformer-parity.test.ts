// PyTorch parity of MultiheadAttention (every mask kind, cross-attention, kdim/vdim, no bias,
// sequence-first), the encoder and decoder layers (pre- and post-norm, relu and gelu) and a
// 2-layer encoder stack: outputs, attention weights, input and parameter gradients, against
// parity/fixtures/transformer.safetensors (parity/generate_transformer.py).
import { init, memory, mul, scope, sum, type Tensor } from '@neurite/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../parity/fixtures.ts';
import { LayerNorm } from '../layers/normalization.ts';
import type { Module, StateDict } from '../module/module.ts';
import { TransformerDecoderLayer } from './decoder-layer.ts';
import { TransformerEncoderLayer } from './encoder-layer.ts';
import { MultiheadAttention } from './multihead-attention.ts';
import { TransformerEncoder } from './transformer-stack.ts';

const fixture = loadFixture('transformer.safetensors');
let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

// Attention sums over keys and the projections over features: a little above the elementwise rtol.
const RTOL = 2e-5, ATOL = 2e-6;

function stateOf(name: string): StateDict {
  const out: StateDict = new Map();
  for (const key of fixture.keys(`${name}.p.`)) {
    const e = fixture.entry(`${name}.p.${key}`);
    out.set(key, { dtype: 'float32', shape: e.shape, data: e.data as Float32Array });
  }
  return out;
}

function check(name: string, module: Module, run: (inputs: Record<string, Tensor>, mask: (k: string) => Tensor | undefined) => Tensor): void {
  module.loadStateDict(stateOf(name), { strict: true });
  const inputs: Record<string, Tensor> = {};
  for (const k of fixture.keys(`${name}.x.`)) inputs[k] = fixture.tensor(`${name}.x.${k}`).setRequiresGrad(true);
  const mask = (k: string) => (fixture.has(`${name}.mask.${k}`) ? fixture.tensor(`${name}.mask.${k}`) : undefined);
  scope(() => {
    const y = run(inputs, mask);
    expect(y.shape).toEqual(fixture.entry(`${name}.y`).shape);
    expectClose(y.toArray(), fixture.entry(`${name}.y`).data as Float32Array, `${name} output`, RTOL, ATOL);
    sum(mul(y, fixture.tensor(`${name}.g`))).backward();
  });
  for (const k of fixture.keys(`${name}.dx.`)) {
    expectClose(inputs[k]!.grad!.toArray(), fixture.entry(`${name}.dx.${k}`).data as Float32Array, `${name} grad of ${k}`, RTOL, ATOL);
  }
  const names = module.namedParameters().map(([n]) => n).sort();
  expect(names).toEqual(fixture.keys(`${name}.grad.`).sort());
  for (const [pname, p] of module.namedParameters()) {
    expectClose(p.grad!.toArray(), fixture.entry(`${name}.grad.${pname}`).data as Float32Array, `${name} grad ${pname}`, RTOL, ATOL);
  }
  for (const t of Object.values(inputs)) t.dispose();
  module.dispose();
}

interface MhaCase { case: string; batch_first: boolean; cross: boolean; kdim?: number; vdim?: number; bias?: boolean }
interface LayerCase { case: string; kind: string; norm_first: boolean; activation: 'relu' | 'gelu'; batch_first: boolean; d_model: number; nhead: number; dim_feedforward: number }

describe(`transformer layers match PyTorch ${fixture.torch}`, () => {
  const mha = fixture.cases.filter((c) => String(c.case).startsWith('mha')) as unknown as MhaCase[];
  it.each(mha.map((c) => [c.case, c] as const))('%s', (name, c) => {
    const m = new MultiheadAttention(8, 2, { batchFirst: c.batch_first, kdim: c.kdim, vdim: c.vdim, bias: c.bias ?? true });
    check(name, m, (x, mask) => {
      const options = { key: x.key, value: x.value, attnMask: mask('attn_mask'), keyPaddingMask: mask('key_padding_mask') };
      const weights = m.attentionWeights(x.query!, options);
      expectClose(weights.toArray(), fixture.entry(`${name}.w`).data as Float32Array, `${name} weights`, RTOL, ATOL);
      return m.forward(x.query!, options);
    });
  });

  const layers = fixture.cases.filter((c) => c.kind !== undefined) as unknown as LayerCase[];
  it.each(layers.map((c) => [c.case, c] as const))('%s', (name, c) => {
    const options = { dimFeedforward: c.dim_feedforward, dropout: 0, activation: c.activation, batchFirst: c.batch_first, normFirst: c.norm_first };
    if (c.kind === 'encoder') {
      const m = new TransformerEncoderLayer(c.d_model, c.nhead, options);
      check(name, m, (x, mask) => m.forward(x.src!, { srcMask: mask('src_mask'), srcKeyPaddingMask: mask('src_key_padding_mask') }));
    } else {
      const m = new TransformerDecoderLayer(c.d_model, c.nhead, options);
      check(name, m, (x, mask) => m.forward(x.tgt!, { memory: x.memory, tgtMask: mask('tgt_mask'), memoryKeyPaddingMask: mask('memory_key_padding_mask') }));
    }
  });

  it('encoder_stack (2 layers, final norm, causal)', () => {
    const m = new TransformerEncoder(() => new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true }), 2, { norm: new LayerNorm(8) });
    check('encoder_stack', m, (x) => m.forward(x.src!, { isCausal: true }));
  });
});

afterAll(() => {
  expect(memory().liveTensors).toBe(start);
});
