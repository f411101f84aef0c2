import { readFileSync } from 'node:fs';
import { init, memory, mul, rand, relu, scope, sum, tensor, type Tensor } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError } from '../errors.ts';
import { readSafetensors } from '../io/safetensors-read.ts';
import { loadWeights } from '../io/model-io.ts';
import { Linear } from '../layers/linear.ts';
import { Module } from '../module/module.ts';
import { MultiheadAttention } from '../transformer/multihead-attention.ts';
import { applyLora, loadLoraAdapter, loadPeftAdapter, loraLayers, loraOptionsFromPeft, saveLoraAdapter } from './index.ts';
import { LoraLinear } from './lora-linear.ts';

const FIXTURE = new URL('../../parity/fixtures/lora/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURE)));

/** The fixture's model (parity/generate_transformer.py's LoraNet): fc1 6->8, ReLU, fc2 8->8, ReLU, head 8->3. */
class LoraNet extends Module {
  fc1 = new Linear(6, 8, { seed: 1 });
  fc2 = new Linear(8, 8, { seed: 2 });
  head = new Linear(8, 3, { seed: 3 });
  forward(x: Tensor): Tensor {
    return this.head.call(relu(this.fc2.call(relu(this.fc1.call(x)))));
  }
}

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

describe('LoRA', () => {
  it('an adapter saved by PEFT 0.21 loads and gives PEFT\'s outputs; merge and unmerge keep them', () => {
    const io = readSafetensors(read('io.safetensors')).tensors;
    const model = new LoraNet();
    loadWeights(model, read('base.safetensors'));
    scope(() => {
      const x = tensor(io.get('x')!.data as Float32Array, io.get('x')!.shape);
      expectClose(model.forward(x), tensor(io.get('y_base')!.data as Float32Array, [5, 3]), { atol: 1e-6, rtol: 1e-5 });
      const lora = loadPeftAdapter(model, { weights: read('adapter_model.safetensors'), config: new TextDecoder().decode(read('adapter_config.json')) });
      expect([...lora.layers.keys()].sort()).toEqual(['fc1', 'fc2']);
      expect(lora.config).toMatchObject({ r: 4, alpha: 8, dropout: 0 });
      const y = tensor(io.get('y')!.data as Float32Array, [5, 3]);
      expectClose(model.forward(x), y, { atol: 1e-6, rtol: 1e-5 });
      const w0 = model.fc1 instanceof LoraLinear ? model.fc1.baseLayer.weight.toArray() : new Float32Array();
      lora.merge();
      expectClose(model.forward(x), y, { atol: 1e-6, rtol: 1e-5 });
      lora.unmerge();
      const w1 = (model.fc1 as unknown as LoraLinear).baseLayer.weight.toArray();
      const scale = Math.max(...Array.from(w0, Math.abs));
      for (let i = 0; i < w0.length; i++) expect(Math.abs(w1[i]! - w0[i]!)).toBeLessThanOrEqual(1e-6 * scale);
      // Saving gives PEFT's keys, shapes and values back, and a config PEFT reads.
      const saved = saveLoraAdapter(lora);
      const original = readSafetensors(read('adapter_model.safetensors')).tensors;
      const again = readSafetensors(saved.weights).tensors;
      expect([...again.keys()].sort()).toEqual([...original.keys()].sort());
      for (const [k, t] of original) expect(Array.from(again.get(k)!.data as Float32Array)).toEqual(Array.from(t.data as Float32Array));
      const options = loraOptionsFromPeft(saved.config);
      expect(options).toMatchObject({ r: 4, alpha: 8, dropout: 0 });
      expect([...(options.targetModules as string[])].sort()).toEqual(['fc1', 'fc2']);
    });
    model.dispose();
  });

  it('applyLora starts equal to the base, freezes W0 and trains only A and B (A as PEFT initializes it, B zero)', () => {
    const model = new LoraNet();
    scope(() => {
      const x = rand([4, 6], { seed: 5 });
      const before = model.forward(x).toArray();
      const lora = applyLora(model, { r: 2, alpha: 4, targetModules: ['fc2', 'head'], seed: 7 });
      expect(Array.from(model.forward(x).toArray())).toEqual(Array.from(before));
      expect(model.trainableParameters().length).toBe(4);
      expect(model.namedParameters().filter(([, p]) => p.requiresGrad).map(([n]) => n).sort())
        .toEqual(['fc2.lora_A.weight', 'fc2.lora_B.weight', 'head.lora_A.weight', 'head.lora_B.weight']);
      const a = lora.layers.get('fc2')!.loraA.toArray();
      expect(Math.max(...Array.from(a, Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(8));
      expect(lora.layers.get('fc2')!.loraB.toArray().every((v) => v === 0)).toBe(true);
      sum(mul(model.forward(x), 1)).backward();
      expect(lora.layers.get('fc2')!.baseLayer.weight.grad).toBeNull();
      expect(lora.layers.get('fc2')!.loraB.grad).not.toBeNull();
      // The update is (alpha / r) B A: with B = 1 and A = 1 a layer adds 2 * r * sum(x) to each output.
      expect(lora.layers.get('head')!.scaling).toBe(2);
    });
    model.dispose();
  });

  it('targets attention projections (a RegExp on module paths) and rejects mismatched adapters before copying', () => {
    const m = new MultiheadAttention(8, 2, { batchFirst: true, seed: 1 });
    const lora = applyLora(m, { r: 2, targetModules: /out_proj/, seed: 3 });
    expect([...loraLayers(m).keys()]).toEqual(['out_proj']);
    scope(() => {
      lora.layers.get('out_proj')!.loraB.view().fill(0.1);
      const x = rand([1, 3, 8], { seed: 2 });
      const y = m.forward(x).toArray();
      lora.merge();
      expectClose(m.forward(x), tensor(y, [1, 3, 8]), { atol: 1e-6, rtol: 1e-5 });
      lora.unmerge();
    });
    const wrong = new LoraNet();
    applyLora(wrong, { r: 3, targetModules: ['fc1'] });
    const before = loraLayers(wrong).get('fc1')!.loraA.toArray();
    expect(() => loadLoraAdapter(wrong, read('adapter_model.safetensors'))).toThrow(ModelLoadError);
    expect(Array.from(loraLayers(wrong).get('fc1')!.loraA.toArray())).toEqual(Array.from(before));
    expect(() => loraOptionsFromPeft('{"peft_type": "IA3"}')).toThrow(ModelLoadError);
    const none = new LoraNet();
    expect(() => applyLora(none, { r: 2, targetModules: ['nothing'] })).toThrow(/no Linear/);
    none.dispose();
    m.dispose();
    wrong.dispose();
  });
});

afterAll(() => {
  expect(memory().liveTensors).toBe(start);
});
