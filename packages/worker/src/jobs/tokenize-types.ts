/** Request, progress and result types of the tokenizer jobs. */

/** The shipped byte-level BPE encodings ('gpt2' is r50k_base). */
export type EncodingName = 'r50k_base' | 'cl100k_base' | 'o200k_base' | 'gpt2';

/** Which tokenizer encodes: a shipped encoding, or a BPE trained in this worker (by its id). */
export type TokenizerSpec = { kind: 'encoding'; name: EncodingName } | { kind: 'trained'; id: string };

export interface TokenizeRequest {
  text: string;
  tokenizer: TokenizerSpec;
  /** Treat special-token text (e.g. "<|endoftext|>") as special tokens (true) or as ordinary text (default). */
  allowSpecial?: boolean;
}

export interface TokenizeResult {
  /** Token ids (transferred, not copied). */
  ids: Uint32Array;
  /** Two entries per token: start and end (exclusive) UTF-16 offsets into the text (transferred). */
  offsets: Uint32Array;
  /** Number of distinct ids. */
  distinctTokens: number;
  /** UTF-8 bytes of the text. */
  bytes: number;
  /** Encoding time inside the worker, without loading the tokenizer. */
  encodeMs: number;
  /** Tokenizer loading time (0 when it was already loaded). */
  loadMs: number;
}

/** Sent after each chunk of the text (about 64 Ki UTF-16 code units) is encoded. */
export interface TokenizeProgress {
  /** UTF-16 code units encoded so far. */
  chars: number;
  totalChars: number;
  /** Tokens so far (without template tokens such as [CLS] and [SEP]). */
  tokens: number;
}

export interface TrainTokenizerRequest {
  text: string;
  /**
   * 'bpe': byte-level BPE with GPT-2's split pattern (every string encodable); 'wordpiece': BERT-style
   * WordPiece (lowercased, '##' continuations, [CLS]/[SEP] added), trained as Hugging Face does.
   */
  model: 'bpe' | 'wordpiece';
  /** Vocabulary size to reach (alphabet + merges + special tokens); 2..65536. */
  vocabSize: number;
  /** Only merge pairs seen at least this often (default 2). */
  minFrequency?: number;
}

export interface TokenizerTrainingProgress {
  phase: 'words' | 'alphabet' | 'merges' | 'done';
  merges: number;
  vocabSize: number;
  targetVocabSize: number;
  /** In the 'words' phase: UTF-16 code units of the text whose words were counted so far. */
  chars?: number;
  totalChars?: number;
}

export interface TrainedTokenizerInfo {
  /** Use as `{ kind: 'trained', id }` in tokenize requests to this worker. */
  id: string;
  model: 'bpe' | 'wordpiece';
  vocabSize: number;
  trainMs: number;
}
