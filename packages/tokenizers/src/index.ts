export { TokenizerFileError, DisallowedSpecialTokenError, TokenizerArgumentError } from './errors.ts';
export type { TokenizerFileErrorCode } from './errors.ts';

// Byte-level BPE encoding (GPT-2 / tiktoken exact)
export { getEncoding, encodingSpec, ENCODING_NAMES } from './encodings/get-encoding.ts';
export type { EncodingName } from './encodings/get-encoding.ts';
export { tokenizerFromRankFile, tokenizerFromGpt2Files } from './encodings/from-files.ts';
export type { RankFileOptions, Gpt2FilesOptions } from './encodings/from-files.ts';
export { parseRankFile, modelFromRankFile } from './encodings/rank-file.ts';
export type { RankTable } from './encodings/rank-file.ts';
export { parseGpt2Encoder, parseMerges, modelFromGpt2Files } from './encodings/gpt2-files.ts';
export type { Gpt2Vocabulary } from './encodings/gpt2-files.ts';
export { LIMITS as FILE_LIMITS } from './encodings/limits.ts';
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
