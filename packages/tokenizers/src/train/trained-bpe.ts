import { TokenizerArgumentError } from '../errors.ts';
import type { BpeTokenizer } from '../bpe/bpe-tokenizer.ts';
import { tokenizerFromGpt2Files } from '../formats/from-files.ts';
import type { PipelineTokenizer } from '../pipeline/pipeline-tokenizer.ts';
import { readTokenizerJson } from '../formats/tokenizer-json/read.ts';
import { trainedBpeTokenizerJson } from '../formats/tokenizer-json/write.ts';
import type { TrainedBpeData } from './trained-bpe-data.ts';

export type { TrainedBpeData };

/** The result of BPE training, and its serializations (`vocab.json`, `merges.txt`). */
export class TrainedBpe implements TrainedBpeData {
  readonly vocab: readonly string[];
  readonly merges: ReadonlyArray<readonly [string, string]>;
  readonly specialTokens: readonly string[];
  readonly level: 'byte' | 'char';
  readonly pattern: TrainedBpeData['pattern'];
  readonly continuingSubwordPrefix: string | undefined;
  readonly endOfWordSuffix: string | undefined;

  constructor(data: TrainedBpeData) {
    this.vocab = data.vocab;
    this.merges = data.merges;
    this.specialTokens = data.specialTokens;
    this.level = data.level;
    this.pattern = data.pattern;
    this.continuingSubwordPrefix = data.continuingSubwordPrefix;
    this.endOfWordSuffix = data.endOfWordSuffix;
  }

  /** Token -> id. */
  vocabMap(): Map<string, number> {
    return new Map(this.vocab.map((token, id) => [token, id]));
  }

  /** GPT-2's encoder.json / Hugging Face's vocab.json: `{"token": id, ...}` in id order. */
  toVocabJson(): string {
    // No prototype, so that a token such as "__proto__" is an ordinary key.
    const object: Record<string, number> = Object.create(null);
    this.vocab.forEach((token, id) => (object[token] = id));
    return JSON.stringify(object);
  }

  /**
   * GPT-2's vocab.bpe / Hugging Face's merges.txt: a `#version: 0.2` line, then one `left right`
   * line per merge in rank order. Throws TokenizerArgumentError when a token contains a space or a
   * line break (which this format cannot hold; byte-level tokens never do).
   */
  toMergesTxt(): string {
    const lines = ['#version: 0.2'];
    for (const [left, right] of this.merges) {
      for (const token of [left, right]) {
        if (/[ \n\r]/.test(token)) throw new TokenizerArgumentError('merges', `token ${JSON.stringify(token)} contains a space or line break; merges.txt cannot hold it (use tokenizer.json)`);
      }
      lines.push(`${left} ${right}`);
    }
    return lines.join('\n') + '\n';
  }

  /** Hugging Face tokenizer.json text (see trainedBpeTokenizerJson for the stages written). */
  toTokenizerJson(options: { pretty?: boolean } = {}): string {
    return JSON.stringify(trainedBpeTokenizerJson(this), null, options.pretty ? 2 : undefined);
  }

  /**
   * A tokenizer for the trained model: for byte level, the byte-level BpeTokenizer loaded from
   * this model's vocab.json and merges.txt (merge-list order; special tokens as tiktoken-style
   * special tokens); for char level, a PipelineTokenizer built from its tokenizer.json.
   */
  toTokenizer(): BpeTokenizer | PipelineTokenizer {
    if (this.level === 'char') return readTokenizerJson(trainedBpeTokenizerJson(this));
    const pattern = this.pattern;
    if (pattern === undefined || pattern === 'whitespace' || pattern === 'whitespace-split') {
      throw new TokenizerArgumentError('preTokenizer', `a byte-level tokenizer needs a split pattern (r50k, cl100k, o200k); this model was trained with ${pattern ?? 'a function'}`);
    }
    return tokenizerFromGpt2Files(this.toVocabJson(), this.toMergesTxt(), { mode: 'merges', pattern, specialTokens: this.specialTokens, name: 'trained-bpe' });
  }
}
