// Language models: the n-gram model beside the neural ones (Llama-, GPT- and BERT-style models and generation).
export { NGRAM_BOS, NGRAM_EOS, NGRAM_UNK, NgramLanguageModel, type NgramOptions } from './ngram-model.ts';
export { KeyValueCache } from './kv-cache.ts';
export {
  argmax, BATCHED_PREFILL_BYTES, type CausalLanguageModel, generate, type GenerateOptions, generateStream, generateTokens, type IncrementalDecoder, sampleNext,
} from './generation.ts';
export { type LlamaConfig, llamaConfigFromHuggingFace, resolveLlamaConfig, type ResolvedLlamaConfig } from './llama/llama-config.ts';
export { type Llama2cCheckpoint, readLlama2cCheckpoint } from './llama/llama2c-checkpoint.ts';
export {
  LlamaAttention, LlamaDecoderLayer, LlamaForCausalLM, type LlamaForwardOptions, LlamaMLP, LlamaModel, RMSNorm,
} from './llama/llama-model.ts';
export { Conv1DProjection, Gpt2Block, type Gpt2Config, type Gpt2ForwardOptions, Gpt2LMHeadModel, Gpt2Model } from './gpt2/gpt2-model.ts';
export {
  type BertConfig, bertConfigFromHuggingFace, BertForMaskedLM, BertForSequenceClassification, type BertInputs, BertLayer, BertModel,
} from './bert/bert-model.ts';
export { maskForLanguageModeling, type MaskingOptions } from './bert/mlm-collator.ts';
