import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, noGrad, scope, slice, tensor, type Tensor } from '@neurite/tensor';
import { expectClose, expectNoLeak } from '@neurite/tensor/testing';
import { ModelLoadError } from '../../errors.ts';
import { generate, generateStream } from '../generation.ts';
import { LlamaForCausalLM } from './llama-model.ts';

const data = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../test-data/stories260K/${name}`, import.meta.url)));
const reference = JSON.parse(readFileSync(new URL('../../../test-data/stories260K/greedy-reference.json', import.meta.url), 'utf8')) as { prompt: string; steps: number; text: string }[];

/** Prompt ids as llama2.c's encode gives them (BOS, dummy prefix; checked in @neurite/tokenizers). */
const PROMPTS: Record<string, number[]> = { 'Once upon a time': [1, 403, 407, 261, 378], 'The cat': [1, 291, 280, 294] };

/** run.c's decode + safe_printf over tok512.bin (a test-only reader; the tokenizer itself lives in @neurite/tokenizers). */
function runCText(ids: number[]): string {
  const bin = data('tok512.bin');
  const view = new DataView(bin.buffer, bin.byteOffset);
  const pieces: Uint8Array[] = [];
  for (let o = 4; o < bin.length;) {
    const n = view.getInt32(o + 4, true);
    pieces.push(bin.subarray(o + 8, o + 8 + n));
    o += 8 + n;
  }
  const bytes: number[] = [];
  for (let i = 1; i < ids.length; i++) {
    let piece = pieces[ids[i]!]!;
    const text = new TextDecoder().decode(piece);
    const byte = /^<0x([0-9A-F]{2})>$/.exec(text);
    if (byte) piece = Uint8Array.of(parseInt(byte[1]!, 16));
    else if (ids[i - 1] === 1 && piece[0] === 0x20) piece = piece.subarray(1);
    if (piece.length === 1 && (piece[0]! < 0x20 || piece[0]! > 0x7e) && !' \t\n\v\f\r'.includes(String.fromCharCode(piece[0]!))) continue;
    bytes.push(...piece);
  }
  return new TextDecoder().decode(Uint8Array.from(bytes)) + '\n';
}

let model: LlamaForCausalLM;
beforeAll(async () => {
  await init();
  model = LlamaForCausalLM.fromLlama2c(data('stories260K.bin'));
});

describe('LlamaForCausalLM on the stories260K checkpoint (llama2.c)', () => {
  it('loads 260K parameters with tied embeddings and interleaved RoPE', () => {
    expect(model.config).toMatchObject({ dim: 64, hiddenDim: 172, nLayers: 5, nHeads: 8, nKvHeads: 4, vocabSize: 512, ropeLayout: 'interleaved', tieWordEmbeddings: true });
    expect(model.parameterCount()).toBe(260032); // the checkpoint's floats less the two legacy RoPE tables
    expect(model.stateDict().has('model.layers.4.mlp.down_proj.weight')).toBe(true);
  });

  for (const ref of reference) {
    it(`greedy decoding of ${JSON.stringify(ref.prompt)} prints llama2.c's text character for character`, () => {
      const prompt = PROMPTS[ref.prompt]!;
      const generated = generate(model, prompt, { maxNewTokens: ref.steps - prompt.length + 1, temperature: 0, stopTokens: [1] });
      const ids = [...prompt, ...generated.filter((id) => id !== 1)];
      expect(runCText(ids)).toBe(ref.text);
    });
  }

  it('the key/value cache gives the logits of a full recomputation', () => {
    expectNoLeak(() => scope(() => noGrad(() => {
      const ids = [1, 403, 407, 261, 378, 29, 414, 148, 300];
      const full = model.forward(tensor(Int32Array.from(ids), [1, ids.length], { dtype: 'int32' }));
      const cache = model.createCache();
      const parts: Tensor[] = [];
      parts.push(model.forward(tensor(Int32Array.from(ids.slice(0, 4)), [1, 4], { dtype: 'int32' }), { cache }));
      for (let i = 4; i < ids.length; i++) parts.push(model.forward(tensor(Int32Array.of(ids[i]!), [1, 1], { dtype: 'int32' }), { cache }));
      expect(cache.length).toBe(ids.length);
      expectClose(slice(full, [null, { start: 0, stop: 4 }]), parts[0]!, { atol: 1e-5, rtol: 1e-5 });
      for (let i = 4; i < ids.length; i++) expectClose(slice(full, [null, { start: i, stop: i + 1 }]), parts[i - 3]!, { atol: 1e-5, rtol: 1e-5 });
      cache.dispose();
    })));
  });

  it('streams the same tokens as generate, and samples reproducibly from a seed', async () => {
    const prompt = PROMPTS['The cat']!;
    const options = { maxNewTokens: 12, temperature: 0.8, topP: 0.9, topK: 40, seed: 3 };
    const all = generate(model, prompt, options);
    const streamed: number[] = [];
    for await (const id of generateStream(model, prompt, options)) streamed.push(id);
    expect(streamed).toEqual(all);
    expect(generate(model, prompt, { ...options, seed: 4 })).not.toEqual(all);
  });

  it('rejects a truncated or inconsistent checkpoint before allocating the weights', () => {
    const bin = data('stories260K.bin');
    expect(() => LlamaForCausalLM.fromLlama2c(bin.subarray(0, 1000))).toThrow(ModelLoadError);
    const bad = bin.slice(0, 28);
    new DataView(bad.buffer).setInt32(12, 7, true);
    expect(() => LlamaForCausalLM.fromLlama2c(bad)).toThrow(/do not make even heads/);
    const huge = bin.slice(0, 28);
    new DataView(huge.buffer).setInt32(0, 1 << 30, true);
    expect(() => LlamaForCausalLM.fromLlama2c(huge)).toThrow(/dim is 1073741824/);
  });
});

describe('attention probabilities', () => {
  it('are causal rows summing to 1 for every head', () => {
    scope(() => noGrad(() => {
      const ids = tensor(Int32Array.from([1, 403, 407, 261, 378, 29]), [1, 6], { dtype: 'int32' });
      const p = model.attentionProbabilities(ids, 2);
      expect(p.shape).toEqual([1, 8, 6, 6]);
      const v = p.toArray();
      for (let h = 0; h < 8; h++) {
        for (let i = 0; i < 6; i++) {
          let sum = 0;
          for (let j = 0; j < 6; j++) {
            const x = v[(h * 6 + i) * 6 + j]!;
            if (j > i) expect(x).toBeLessThan(1e-30);
            sum += x;
          }
          expect(sum).toBeCloseTo(1, 5);
        }
      }
      expect(() => model.attentionProbabilities(ids, 5)).toThrow(/layer must be an integer in \[0, 5\)/);
    }));
  });
});
