// The initialisation Hugging Face gives its transformer language models (GPT-2, BERT, Llama:
// initializer_range 0.02): every weight matrix and embedding table N(0, 0.02), biases 0, norm
// weights 1 (norm biases 0). Models trained from scratch need it: the layers' own defaults
// (N(0, 1) embeddings) make a tied output head's first logits far too large.
import { scope, tensor } from '@neurite/tensor';
import { normalValues } from '../module/init.ts';
import type { Module } from '../module/module.ts';

/** Module names of the normalisation layers of GPT-2 (ln_1, ln_2, ln_f), BERT (LayerNorm) and Llama (norm, *_layernorm). */
const NORM_MODULE = /^(ln_\w+|LayerNorm|norm|\w+_layernorm)$/;

/** Re-initialises `model`'s parameters; `scaled` names weights drawn with std 0.02 * their factor instead. */
export function initTransformerWeights(model: Module, seed: number, scaled: (name: string) => number = () => 1): void {
  let stream = 0;
  scope(() => {
    for (const [name, p] of model.namedParameters()) {
      stream++;
      const isNorm = NORM_MODULE.test(name.split('.').at(-2) ?? '');
      const count = p.shape.reduce((a, b) => a * b, 1);
      let values: Float32Array;
      if (isNorm) values = new Float32Array(count).fill(name.endsWith('weight') ? 1 : 0);
      else if (p.rank === 1) values = new Float32Array(count);
      else values = normalValues(count, 0.02 * scaled(name), (seed + 0x9e3779b9 * stream) >>> 0);
      p.assignInPlace_(tensor(values, p.shape));
    }
  });
}
