/**
 * Language models of this worker, kept by id with what turns text into ids and ids into text:
 * character-level GPTs trained here (their alphabet) and llama2.c checkpoints (their tokenizer).
 */
import type * as NN from '@neurite/nn';
import { WorkerArgumentError } from '../errors.ts';

export interface TextCodec {
  /** Prompt ids (BOS first for llama2.c). */
  encode(text: string): number[];
  /** A fresh decoder: the text of each token after the previous one (stateful across a UTF-8 sequence split over tokens). */
  decoder(): (previous: number, token: number) => string;
  /** Tokens that end generation. */
  stopTokens: number[];
}

export interface StoredLanguageModel {
  kind: 'char-gpt' | 'llama2c';
  model: NN.Gpt2LMHeadModel | NN.LlamaForCausalLM;
  codec: TextCodec;
  /** The character alphabet of a char model. */
  alphabet?: string[];
  /** The training window of a char model (generation may run longer: RoPE has no fixed length). */
  window?: number;
}

/** The oldest model is disposed beyond this many. */
const MAX_LANGUAGE_MODELS = 3;
const models = new Map<string, StoredLanguageModel>();
let next = 0;

export function storeLanguageModel(entry: StoredLanguageModel): string {
  const id = `lm-${++next}`;
  models.set(id, entry);
  while (models.size > MAX_LANGUAGE_MODELS) {
    const [oldest, old] = models.entries().next().value as [string, StoredLanguageModel];
    old.model.dispose();
    models.delete(oldest);
  }
  return id;
}

export function languageModel(id: unknown): StoredLanguageModel {
  const entry = typeof id === 'string' ? models.get(id) : undefined;
  if (entry === undefined) throw new WorkerArgumentError('modelId', `is ${JSON.stringify(id)}; expected the id of a language model trained or loaded in this worker`);
  return entry;
}

/** A codec over a character alphabet (characters outside it are dropped from prompts). */
export function charCodec(alphabet: string[]): TextCodec {
  const index = new Map(alphabet.map((c, i) => [c, i]));
  return {
    encode: (text) => [...text].map((c) => index.get(c)).filter((i): i is number => i !== undefined),
    decoder: () => (_previous, token) => alphabet[token] ?? '',
    stopTokens: [],
  };
}
