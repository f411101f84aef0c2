// Language models: the n-gram model beside the neural ones (Llama-, GPT- and BERT-style models and generation).
export { NGRAM_BOS, NGRAM_EOS, NGRAM_UNK, NgramLanguageModel, type NgramOptions } from './ngram-model.ts';
