/** The tokenizers trained in this worker, by id, for tokenize requests `{ kind: 'trained', id }`. */
import type { OffsetEncoder } from './chunked-encoding.ts';

/** Trained tokenizers kept per worker; the oldest is dropped beyond this many. */
const MAX_TRAINED = 8;

const trained = new Map<string, OffsetEncoder>();
let nextTokenizer = 0;

/** Keeps `tokenizer` under a new id (`bpe-1`, `wordpiece-2`, ...) and returns the id. */
export function storeTrainedTokenizer(model: 'bpe' | 'wordpiece', tokenizer: OffsetEncoder): string {
  const id = `${model}-${++nextTokenizer}`;
  trained.set(id, tokenizer);
  for (const old of trained.keys()) {
    if (trained.size <= MAX_TRAINED) break;
    trained.delete(old);
  }
  return id;
}

export function trainedTokenizer(id: string): OffsetEncoder | undefined {
  return trained.get(id);
}
