// Reader of llama2.c checkpoints (`run.c`'s format, version 0): seven int32 (dim, hidden_dim,
// n_layers, n_heads, n_kv_heads, vocab_size, max_seq_len; a negative vocab_size means the classifier
// is stored separately, a positive one that it is the token embedding), then float32 tensors in the
// order token embedding, attention RMSNorm weights, wq, wk, wv, wo, MLP RMSNorm weights, w1, w2, w3,
// final RMSNorm, two legacy RoPE tables of max_seq_len * head_dim / 2 floats each (skipped), and the
// classifier when not shared. Matrices are PyTorch's [out, in]. The weights are returned under
// Hugging Face Llama's names (w1 = gate_proj, w3 = up_proj, w2 = down_proj); llama2.c's RoPE pairs
// (2i, 2i+1), so the config says 'interleaved'.
// The file is untrusted: the header is validated and the exact byte count checked before any copy.
import { ModelLoadError } from '../../errors.ts';
import type { StateDict } from '../../module/state-dict.ts';
import type { LlamaConfig } from './llama-config.ts';

export interface Llama2cCheckpoint {
  config: LlamaConfig;
  /** Float32 weights by Hugging Face Llama name (a state dict for LlamaForCausalLM). */
  weights: StateDict;
}

const LIMIT = 1 << 20;

export function readLlama2cCheckpoint(bytes: Uint8Array): Llama2cCheckpoint {
  if (!(bytes instanceof Uint8Array)) throw new ModelLoadError('FILE_TOO_SHORT', 'llama2.c checkpoint: expected the file as a Uint8Array');
  if (bytes.length < 28) throw new ModelLoadError('FILE_TOO_SHORT', `llama2.c checkpoint: ${bytes.length} bytes, fewer than the 28-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [dim, hiddenDim, nLayers, nHeads, nKvHeads, vocabRaw, maxSeqLen] = Array.from({ length: 7 }, (_, i) => view.getInt32(4 * i, true)) as [number, number, number, number, number, number, number];
  const vocabSize = Math.abs(vocabRaw);
  const header = { dim, hiddenDim, nLayers, nHeads, nKvHeads, vocabSize, maxSeqLen };
  for (const [name, v] of Object.entries(header)) {
    if (!(v >= 1 && v <= LIMIT)) throw new ModelLoadError('SHAPE_INVALID', `llama2.c checkpoint: ${name} is ${v}, expected an integer in [1, ${LIMIT}]`);
  }
  if (dim % nHeads !== 0 || nHeads % nKvHeads !== 0 || (dim / nHeads) % 2 !== 0) {
    throw new ModelLoadError('SHAPE_INVALID', `llama2.c checkpoint: dim ${dim}, n_heads ${nHeads}, n_kv_heads ${nKvHeads} do not make even heads of equal size`);
  }
  const shared = vocabRaw > 0;
  const headDim = dim / nHeads;
  const kvDim = nKvHeads * headDim;
  const L = nLayers;
  const layout: [string, number[], number][] = [
    ['model.embed_tokens.weight', [vocabSize, dim], 1],
    ['input_layernorm.weight', [dim], L],
    ['self_attn.q_proj.weight', [dim, dim], L],
    ['self_attn.k_proj.weight', [kvDim, dim], L],
    ['self_attn.v_proj.weight', [kvDim, dim], L],
    ['self_attn.o_proj.weight', [dim, dim], L],
    ['post_attention_layernorm.weight', [dim], L],
    ['mlp.gate_proj.weight', [hiddenDim, dim], L],
    ['mlp.down_proj.weight', [dim, hiddenDim], L],
    ['mlp.up_proj.weight', [hiddenDim, dim], L],
    ['model.norm.weight', [dim], 1],
    ['(rope tables)', [maxSeqLen * headDim], 1],
  ];
  if (!shared) layout.push(['lm_head.weight', [vocabSize, dim], 1]);
  const floats = layout.reduce((s, [, shape, count]) => s + shape.reduce((a, b) => a * b, 1) * count, 0);
  const expected = 28 + 4 * floats;
  if (bytes.length !== expected) {
    throw new ModelLoadError(bytes.length < expected ? 'DATA_TRUNCATED' : 'TRAILING_BYTES', `llama2.c checkpoint: ${bytes.length} bytes, the header ${JSON.stringify(header)} (${shared ? 'shared' : 'separate'} classifier) needs ${expected}`);
  }
  const weights: StateDict = new Map();
  let offset = 28;
  for (const [name, shape, count] of layout) {
    const size = shape.reduce((a, b) => a * b, 1);
    for (let l = 0; l < count; l++) {
      if (name !== '(rope tables)') {
        const data = new Float32Array(size);
        for (let i = 0; i < size; i++) data[i] = view.getFloat32(offset + 4 * i, true);
        weights.set(count === 1 ? name : `model.layers.${l}.${name}`, { dtype: 'float32', data, shape });
      }
      offset += 4 * size;
    }
  }
  return {
    config: { vocabSize, dim, hiddenDim, nLayers, nHeads, nKvHeads, maxSeqLen, normEps: 1e-5, ropeTheta: 10000, ropeLayout: 'interleaved', tieWordEmbeddings: shared },
    weights,
  };
}
