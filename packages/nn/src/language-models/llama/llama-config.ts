// Hyperparameters of a Llama-architecture decoder (Touvron et al. 2023): RMSNorm before attention
// and MLP, rotary position embeddings, grouped-query attention, a SwiGLU MLP, no biases.
import { ArgumentError } from '@neurite/tensor';

export interface LlamaConfig {
  vocabSize: number;
  /** Model width. */
  dim: number;
  /** Width of the SwiGLU MLP. */
  hiddenDim: number;
  nLayers: number;
  nHeads: number;
  /** Key/value heads (grouped-query attention); divides nHeads. Default nHeads. */
  nKvHeads?: number;
  /** Longest sequence (positions of the rotary table and of caches). */
  maxSeqLen: number;
  /** RMSNorm epsilon. Default 1e-5. */
  normEps?: number;
  /** RoPE base. Default 10000. */
  ropeTheta?: number;
  /**
   * How RoPE pairs a head's features: 'interleaved' rotates (2i, 2i+1) as Meta's and llama2.c's
   * checkpoints expect; 'rotate-half' rotates (i, i + d/2) as Hugging Face's. Default 'rotate-half'.
   */
  ropeLayout?: 'interleaved' | 'rotate-half';
  /** The output projection is the token embedding (llama2.c with a positive vocab size). Default false. */
  tieWordEmbeddings?: boolean;
  /** Seed of the initial weights (N(0, 0.02)). */
  seed?: number;
}

export type ResolvedLlamaConfig = Required<Omit<LlamaConfig, 'seed'>> & { headDim: number };

export function resolveLlamaConfig(config: LlamaConfig, what = 'LlamaConfig'): ResolvedLlamaConfig {
  if (config === null || typeof config !== 'object') throw new ArgumentError(`${what}: expected an object`);
  const int = (key: keyof LlamaConfig, fallback?: number): number => {
    const v = config[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1 << 24) throw new ArgumentError(`${what}: ${key} must be an integer in [1, 2^24], got ${String(config[key])}`);
    return v;
  };
  const dim = int('dim'), nHeads = int('nHeads');
  const nKvHeads = int('nKvHeads', nHeads);
  if (dim % nHeads !== 0) throw new ArgumentError(`${what}: dim ${dim} must be a multiple of nHeads ${nHeads}`);
  if (nHeads % nKvHeads !== 0) throw new ArgumentError(`${what}: nHeads ${nHeads} must be a multiple of nKvHeads ${nKvHeads}`);
  const headDim = dim / nHeads;
  if (headDim % 2 !== 0) throw new ArgumentError(`${what}: the head dimension ${headDim} must be even for RoPE`);
  const normEps = config.normEps ?? 1e-5;
  const ropeTheta = config.ropeTheta ?? 10000;
  if (!(normEps > 0) || !(ropeTheta > 1)) throw new ArgumentError(`${what}: normEps must be > 0 and ropeTheta > 1`);
  const ropeLayout = config.ropeLayout ?? 'rotate-half';
  if (ropeLayout !== 'interleaved' && ropeLayout !== 'rotate-half') throw new ArgumentError(`${what}: ropeLayout must be 'interleaved' or 'rotate-half', got ${String(ropeLayout)}`);
  return {
    vocabSize: int('vocabSize'), dim, hiddenDim: int('hiddenDim'), nLayers: int('nLayers'), nHeads, nKvHeads, maxSeqLen: int('maxSeqLen'),
    normEps, ropeTheta, ropeLayout, tieWordEmbeddings: config.tieWordEmbeddings ?? false, headDim,
  };
}

/** The LlamaConfig of a Hugging Face LlamaConfig (config.json fields), with rotate-half RoPE. */
export function llamaConfigFromHuggingFace(hf: Record<string, unknown>): LlamaConfig {
  const field = (name: string, fallback?: number): number => {
    const v = hf[name] ?? fallback;
    if (typeof v !== 'number') throw new ArgumentError(`Hugging Face Llama config: ${name} must be a number, got ${String(hf[name])}`);
    return v;
  };
  const nHeads = field('num_attention_heads');
  return {
    vocabSize: field('vocab_size'), dim: field('hidden_size'), hiddenDim: field('intermediate_size'), nLayers: field('num_hidden_layers'), nHeads,
    nKvHeads: field('num_key_value_heads', nHeads), maxSeqLen: field('max_position_embeddings'), normEps: field('rms_norm_eps', 1e-6),
    ropeTheta: field('rope_theta', 10000), ropeLayout: 'rotate-half', tieWordEmbeddings: hf['tie_word_embeddings'] === true,
  };
}
