export { TokenizerFileError, DisallowedSpecialTokenError, TokenizerArgumentError, TokenizerCancelledError } from './errors.ts';
export type { TokenizerFileErrorCode } from './errors.ts';

// Byte-level BPE encoding (GPT-2 / tiktoken exact)
export { getEncoding, loadEncoding, encodingSpec, ENCODING_NAMES } from './encodings/get-encoding.ts';
export type { EncodingName } from './encodings/get-encoding.ts';
export { tokenizerFromRankFile, tokenizerFromGpt2Files } from './formats/from-files.ts';
export type { RankFileOptions, Gpt2FilesOptions } from './formats/from-files.ts';
export { parseRankFile, modelFromRankFile } from './formats/rank-file.ts';
export type { RankTable } from './formats/rank-file.ts';
export { parseGpt2Encoder, parseMerges, modelFromGpt2Files } from './formats/gpt2-files.ts';
export type { Gpt2Vocabulary } from './formats/gpt2-files.ts';
export { LIMITS as FILE_LIMITS } from './formats/limits.ts';
export { BpeTokenizer } from './bpe/bpe-tokenizer.ts';
export type { BpeTokenizerOptions, EncodeOptions, EncodeWithOffsetsOptions } from './bpe/bpe-tokenizer.ts';
export { BytePairModel, MAX_PIECE_BYTES, MAX_TOKEN_ID } from './bpe/byte-pair-model.ts';
export type { MergeMode } from './bpe/byte-pair-model.ts';
export { TokenTable } from './bpe/token-table.ts';
export { IdBuffer } from './bpe/id-buffer.ts';
export { BYTE_TO_CHAR, bytesToUnicode, unicodeToBytes } from './bpe/byte-unicode.ts';
export { encodeUtf8Into } from './bpe/utf8.ts';
export { SpecialTokens } from './bpe/special-tokens.ts';
export type { SpecialOptions, SpecialSet } from './bpe/special-tokens.ts';
export { PATTERN_NAMES, PATTERN_SOURCES, knownPattern, requireKnownPattern, compilePattern } from './pretokenize/patterns.ts';
export type { PatternName } from './pretokenize/patterns.ts';
export { makeEncoding, truncateEncoding, padEncoding, finishBatch, stackEncodings } from './encoding-output.ts';
export type { Encoding, PaddingOptions, TruncationOptions, Side } from './encoding-output.ts';

// Training, WordPiece, word- and character-level tokenizers, Hugging Face tokenizer.json
export { BpeTrainer, trainBpe, BYTE_ALPHABET } from './train/bpe-trainer.ts';
export type { BpeTrainerOptions, TrainingPreTokenizer } from './train/bpe-trainer.ts';
export { learnMerges, MAX_TRAINING_VOCAB_SIZE } from './train/learn-merges.ts';
export type { LearnMergesOptions, LearnedBpe, TrainingProgress } from './train/learn-merges.ts';
export { CHECK_INTERVAL as CANCEL_CHECK_INTERVAL } from './train/cancellation.ts';
export type { TrainingCancellation, CancelSignal } from './train/cancellation.ts';
export { TrainedBpe } from './train/trained-bpe.ts';
export type { TrainedBpeData } from './train/trained-bpe.ts';
export { WordPieceModel, MAX_INPUT_CHARS_PER_WORD } from './pipeline/models/wordpiece-model.ts';
export type { WordPieceOptions } from './pipeline/models/wordpiece-model.ts';
export { createWordPieceTokenizer } from './wordpiece/wordpiece-tokenizer.ts';
export type { WordPieceTokenizerOptions } from './wordpiece/wordpiece-tokenizer.ts';
export { trainWordPiece, WordPieceTrainer } from './wordpiece/wordpiece-trainer.ts';
export type { WordPieceTrainerOptions, TrainedWordPiece } from './wordpiece/wordpiece-trainer.ts';
export { parseVocabTxt, formatVocabTxt } from './formats/vocab-txt.ts';
export { WordLevelModel } from './pipeline/models/word-level-model.ts';
export { createWordTokenizer, trainWordTokenizer } from './word/word-tokenizer.ts';
export type { WordTokenizerOptions } from './word/word-tokenizer.ts';
export { buildVocab } from './word/build-vocab.ts';
export type { BuildVocabOptions } from './word/build-vocab.ts';
export { CharModel } from './pipeline/models/char-model.ts';
export { createCharTokenizer, trainCharTokenizer } from './char/char-tokenizer.ts';
export type { CharTokenizerOptions } from './char/char-tokenizer.ts';
export { PipelineTokenizer } from './pipeline/pipeline-tokenizer.ts';
export type { PipelineTokenizerOptions, PipelineEncodeOptions, PipelineEncodeWithOffsetsOptions, DecodeOptions, Decoder, Template } from './pipeline/pipeline-tokenizer.ts';
export type { TokenModel } from './pipeline/models/token-model.ts';
export { CharBpeModel } from './pipeline/models/char-bpe-model.ts';
export { ByteLevelModel } from './pipeline/models/byte-level-model.ts';
export { byteLevelDecoder } from './pipeline/decoders/byte-level.ts';
export type { ByteLevelModelOptions } from './pipeline/models/byte-level-model.ts';
export type { CharBpeOptions } from './pipeline/models/char-bpe-model.ts';
export { createNormalizer } from './formats/tokenizer-json/normalizer-json.ts';
export { bertNormalizer } from './pipeline/normalizers/bert.ts';
export type { BertNormalizerOptions } from './pipeline/normalizers/bert.ts';
export type { Normalizer } from './pipeline/normalizers/normalizer.ts';
export type { Normalized } from './pipeline/normalized.ts';
export { createPreTokenizer } from './formats/tokenizer-json/pre-tokenizer-json.ts';
export { bertPreTokenizer } from './pipeline/pre-tokenizers/bert.ts';
export { whitespacePreTokenizer, whitespaceSplitPreTokenizer } from './pipeline/pre-tokenizers/whitespace.ts';
export { codePointPreTokenizer } from './pipeline/pre-tokenizers/code-point.ts';
export type { PreTokenizer } from './pipeline/pre-tokenizers/pre-tokenizer.ts';
export { wordPieceDecoder, cleanUpTokenization } from './pipeline/decoders/word-piece.ts';
export { readTokenizerJson, parseTokenizerJson } from './formats/tokenizer-json/read.ts';
export { writeTokenizerJson, wordPieceTokenizerJson, wordLevelTokenizerJson, trainedBpeTokenizerJson } from './formats/tokenizer-json/write.ts';
export type { TokenizerJson, ModelJson, AddedTokenJson, PostProcessorSpec, DecoderSpec, NormalizerSpec, PreTokenizerSpec } from './formats/tokenizer-json/types.ts';

// llama2.c's tokenizer.bin (SentencePiece BPE with scores and byte fallback)
export { LLAMA2C_BOS, LLAMA2C_EOS, Llama2cTokenizer } from './llama2c/llama2c-tokenizer.ts';
export type { Llama2cEncodeOptions } from './llama2c/llama2c-tokenizer.ts';
export { parseLlama2cTokenizer } from './llama2c/tokenizer-bin.ts';
export type { Llama2cVocabulary } from './llama2c/tokenizer-bin.ts';

// SentencePiece unigram (Kudo 2018): .model files, normalisation, Viterbi and sampling
export { SentencePieceTokenizer } from './unigram/sentencepiece-tokenizer.ts';
export type { SentencePieceEncodeOptions } from './unigram/sentencepiece-tokenizer.ts';
export { parseSentencePieceModel } from './unigram/sentencepiece-model-file.ts';
export type { PieceType, SentencePiece, SentencePieceModelProto, SentencePieceModelType } from './unigram/sentencepiece-model-file.ts';
export { SentencePieceNormalizer } from './unigram/sentencepiece-normalizer.ts';
export type { SentencePieceNormalizerOptions } from './unigram/sentencepiece-normalizer.ts';
