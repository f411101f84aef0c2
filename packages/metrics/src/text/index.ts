// Text metrics: BLEU as NLTK computes it (corpus and sentence, smoothing methods 0-7), BLEU as
// sacreBLEU computes it (13a tokenisation), and perplexity.
export { type BleuOptions, corpusBleu, sentenceBleu, type SmoothingMethod } from './bleu.ts';
export { corpusSacreBleu, type SacreBleuOptions, type SacreBleuScore, sentenceSacreBleu } from './sacrebleu.ts';
export { tokenize13a } from './tokenizer-13a.ts';
export { tokenizeChar, tokenizeIntl } from './tokenizer-intl.ts';
export { perplexity, type PerplexityOptions } from './perplexity.ts';
