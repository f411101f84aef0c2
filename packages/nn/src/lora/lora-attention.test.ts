import { readFileSync } from 'node:fs';
import { init, memory, mul, rand, scope, sum, tensor, type Tensor } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../io/safetensors-read.ts';
import { loadWeights } from '../io/model-io.ts';
import { Linear } from '../layers/linear.ts';
import { Module } from '../module/module.ts';
import { TransformerEncoderLayer } from '../transformer/encoder-layer.ts';
import { MultiheadAttention } from '../transformer/multihead-attention.ts';
import { applyLora, loadPeftAdapter, loraLayers, saveLoraAdapter } from './index.ts';
import { LoraMultiheadAttention } from './lora-multihead-attention.ts';

// fixtures/lora-attention/ is written by parity/generate_lora_attention.py (torch 2.13, PEFT 0.21):
// PEFT's adapter files and its output with the out_proj update zeroed (y_in_proj), and y with the
// adapter gradients from an unfused reference (PEFT 0.21's own forward adds the out_proj update
// twice: huggingface/peft pull request 3774).
const FIXTURE = new URL('../../parity/fixtures/lora-attention/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURE)));

/** The fixture's AttentionNet: attn = MultiheadAttention(8, 2, batch first) self-attention, then fc 8 -> 3. */
class AttentionNet extends Module {
  attn = new MultiheadAttention(8, 2, { batchFirst: true, seed: 1 });
  fc = new Linear(8, 3, { seed: 2 });
  forward(x: Tensor): Tensor {
    return this.fc.call(this.attn.call(x));
  }
}

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});
afterAll(() => {
  expect(memory().liveTensors).toBe(start);
});

describe('LoRA on MultiheadAttention (PEFT lora.MultiheadAttention layout)', () => {
  it("a PEFT 0.21 adapter on nn.MultiheadAttention loads with PEFT's keys and layout; outputs and adapter gradients match", () => {
    const io = readSafetensors(read('io.safetensors')).tensors;
    const get = (name: string) => tensor(io.get(name)!.data as Float32Array, io.get(name)!.shape);
    const model = new AttentionNet();
    loadWeights(model, read('base.safetensors'));
    scope(() => {
      const x = get('x');
      expectClose(model.forward(x), get('y_base'), { atol: 1e-6, rtol: 1e-5 });
      const lora = loadPeftAdapter(model, { weights: read('adapter_model.safetensors'), config: new TextDecoder().decode(read('adapter_config.json')) });
      expect([...lora.layers.keys()]).toEqual(['attn', 'attn.base_layer.out_proj']);
      expect(lora.layers.get('attn')).toBeInstanceOf(LoraMultiheadAttention);
      expect(lora.layers.get('attn')!.loraB.shape).toEqual([24, 4]);
      expect(model.namedParameters().filter(([, p]) => p.requiresGrad).map(([n]) => n).sort()).toEqual([
        'attn.base_layer.out_proj.lora_A.weight', 'attn.base_layer.out_proj.lora_B.weight', 'attn.lora_A.weight', 'attn.lora_B.weight',
      ]);
      // The packed in_proj update against PEFT itself (its out_proj adapter zeroed).
      const outB = lora.layers.get('attn.base_layer.out_proj')!.loraB, savedB = outB.toArray();
      outB.view().fill(0);
      expectClose(model.forward(x), get('y_in_proj'), { atol: 1e-5, rtol: 1e-4 });
      outB.view().set(savedB);
      const y = get('y');
      expectClose(model.forward(x), y, { atol: 1e-5, rtol: 1e-4 });
      // Gradients of sum(y * g) reach A and B of both adapters as in PEFT.
      const adapters = [...lora.layers].flatMap(([path, l]) => [[`${path}.lora_A.weight`, l.loraA], [`${path}.lora_B.weight`, l.loraB]] as const);
      sum(mul(model.forward(x), get('g'))).backward();
      for (const [key, w] of adapters) expectClose(w.grad!, get(`grad.${key}`), { atol: 1e-5, rtol: 1e-4 });
      model.zeroGrad();
      // merge folds both adapters into in_proj_weight and out_proj.weight; unmerge restores them.
      const attn = lora.layers.get('attn') as LoraMultiheadAttention;
      const w0 = attn.baseLayer.inProjWeight!.toArray();
      lora.merge();
      expect(attn.merged && attn.outProj.merged).toBe(true);
      expectClose(model.forward(x), y, { atol: 1e-5, rtol: 1e-4 });
      lora.unmerge();
      const w1 = attn.baseLayer.inProjWeight!.toArray();
      const scale = Math.max(...Array.from(w0, Math.abs));
      for (let i = 0; i < w0.length; i++) expect(Math.abs(w1[i]! - w0[i]!)).toBeLessThanOrEqual(1e-6 * scale);
      expectClose(model.forward(x), y, { atol: 1e-5, rtol: 1e-4 });
      // Saved again: PEFT's keys, shapes and values.
      const saved = readSafetensors(saveLoraAdapter(lora).weights).tensors;
      const original = readSafetensors(read('adapter_model.safetensors')).tensors;
      expect([...saved.keys()].sort()).toEqual([...original.keys()].sort());
      for (const [k, t] of original) expect(Array.from(saved.get(k)!.data as Float32Array)).toEqual(Array.from(t.data as Float32Array));
    });
    model.dispose();
  });

  it('applyLora on an encoder layer\'s self_attn: starts equal, trains only A and B, equals the unfused reference', () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true, seed: 3 });
    scope(() => {
      const x = rand([2, 4, 8], { seed: 4 });
      const before = layer.forward(x).toArray();
      const lora = applyLora(layer, { r: 2, alpha: 6, targetModules: ['self_attn', 'out_proj'], seed: 9 });
      // out_proj inside the targeted attention is covered by its adapter, not wrapped twice.
      expect([...lora.layers.keys()]).toEqual(['self_attn', 'self_attn.base_layer.out_proj']);
      expect(Array.from(layer.forward(x).toArray())).toEqual(Array.from(before));
      const attn = lora.layers.get('self_attn') as LoraMultiheadAttention;
      expect(Math.max(...Array.from(attn.loraA.toArray(), Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(8));
      attn.loraB.view().set(rand([24 * 2], { seed: 5 }).toArray());
      // Unfused reference: a plain MultiheadAttention whose in_proj_weight is W0 + (alpha / r) B A.
      const ref = new MultiheadAttention(8, 2, { batchFirst: true, seed: 1 });
      const w0 = attn.baseLayer.inProjWeight!.toArray(), a = attn.loraA.toArray(), b = attn.loraB.toArray();
      const merged = new Float32Array(24 * 8);
      for (let o = 0; o < 24; o++) for (let i = 0; i < 8; i++) {
        let s = 0;
        for (let k = 0; k < 2; k++) s += b[o * 2 + k]! * a[k * 8 + i]!;
        merged[o * 8 + i] = w0[o * 8 + i]! + 3 * s;
      }
      ref.inProjWeight!.view().set(merged);
      ref.out_proj.weight.view().set(attn.outProj.baseLayer.weight.toArray());
      const y = rand([2, 4, 8], { seed: 6 });
      expectClose(attn.forward(y), ref.forward(y), { atol: 1e-6, rtol: 1e-5 });
      ref.dispose();
      expect(layer.trainableParameters().length).toBe(4);
    });
    layer.dispose();
  });

  it('rejects a MultiheadAttention with separate q, k, v weights (as PEFT does) before changing the model', () => {
    class Holder extends Module {
      attn = new MultiheadAttention(8, 2, { kdim: 4, vdim: 4, batchFirst: true, seed: 1 });
      forward(x: Tensor): Tensor {
        return this.attn.call(x);
      }
    }
    const m = new Holder();
    expect(() => applyLora(m, { r: 2, targetModules: ['attn'] })).toThrow(/separate q, k, v/);
    expect(() => new LoraMultiheadAttention(m.attn, { r: 2, alpha: 2, dropout: 0, seed: 1 })).toThrow(/packed in_proj_weight/);
    expect(m.trainableParameters().length).toBe(m.parameters().length);
    expect(loraLayers(m).size).toBe(0);
    expect(() => applyLora(m, { r: 2, targetModules: ['nothing'] })).toThrow(/no Linear or MultiheadAttention/);
    m.dispose();
  });
});
