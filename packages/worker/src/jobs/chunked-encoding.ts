/**
 * Encoding a long text chunk by chunk (text-chunks.ts): the same ids and offsets as one call, with
 * a point between chunks where a job can check for cancellation and report progress.
 */
import { concatArrays } from './concat.ts';
import { CHUNK_CHARS, textChunks } from './text-chunks.ts';

/** What the jobs need of a tokenizer: ids with UTF-16 offsets, and the template tokens it adds (if any). */
export interface OffsetEncoder {
  encodeWithOffsets(
    text: string,
    options?: { allowedSpecial?: 'all'; disallowedSpecial?: readonly string[]; addSpecialTokens?: boolean },
  ): { ids: Uint32Array; offsets: Uint32Array };
  /** Ids placed before and after the text's tokens (WordPiece's [CLS] and [SEP]); encode adds them unless addSpecialTokens is false. */
  readonly template?: { readonly prefix: readonly number[]; readonly suffix: readonly number[] };
}

/** One chunk's ids and offsets (into the whole text; fresh arrays), and where the chunk ends. */
export interface EncodedChunk {
  ids: Uint32Array;
  offsets: Uint32Array;
  end: number;
}

/**
 * Encodes `text` one chunk per iteration, without template tokens. Special-token text is ordinary
 * text unless `allowSpecial` (pasted text must never throw).
 */
export function* encodeInChunks(tokenizer: OffsetEncoder, text: string, allowSpecial: boolean, chunkChars: number = CHUNK_CHARS): Generator<EncodedChunk> {
  const options = {
    ...(allowSpecial ? { allowedSpecial: 'all' as const } : { disallowedSpecial: [] }),
    ...(tokenizer.template !== undefined ? { addSpecialTokens: false } : {}),
  };
  for (const [from, to] of textChunks(text, chunkChars)) {
    const encoding = tokenizer.encodeWithOffsets(text.slice(from, to), options);
    // Copies: the results may be views the tokenizer reuses.
    const offsets = encoding.offsets.slice();
    if (from !== 0) for (let i = 0; i < offsets.length; i++) offsets[i]! += from;
    yield { ids: encoding.ids.slice(), offsets, end: to };
  }
}

/** The chunks joined, with the tokenizer's template tokens (empty offsets) around them. */
export function joinChunks(tokenizer: OffsetEncoder, chunks: readonly EncodedChunk[]): { ids: Uint32Array; offsets: Uint32Array } {
  const prefix = Uint32Array.from(tokenizer.template?.prefix ?? []);
  const suffix = Uint32Array.from(tokenizer.template?.suffix ?? []);
  const ids = concatArrays([prefix, ...chunks.map((c) => c.ids), suffix], (n) => new Uint32Array(n));
  const offsets = concatArrays([new Uint32Array(2 * prefix.length), ...chunks.map((c) => c.offsets), new Uint32Array(2 * suffix.length)], (n) => new Uint32Array(n));
  return { ids, offsets };
}
