/** Caps applied to every untrusted vocabulary file before allocating. */
export const LIMITS = {
  /** Characters of one text file (rank file, encoder.json, vocab.bpe). */
  maxFileChars: 64 * 1024 * 1024,
  /** Entries (tokens, merges). */
  maxEntries: 1 << 22,
  /** Bytes of one token. */
  maxTokenBytes: 1 << 16,
  /** Largest id or rank (exclusive bound: ids < maxId + 1). */
  maxId: (1 << 24) - 1,
} as const;
