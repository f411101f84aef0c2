// An n-gram language model (orders 1-5) with add-k (Lidstone) or interpolated Kneser-Ney smoothing,
// the "traditional" language model beside the neural ones. Conventions follow NLTK's nltk.lm so the
// numbers can be checked against it: each sentence is padded with order-1 "<s>" on the left and
// order-1 "</s>" on the right, counts are taken over every n-gram of every order up to `order`, the
// vocabulary is every token seen in training (padding included) plus "<UNK>", and unseen tokens
// are scored as "<UNK>".
//   add-k:      P(w | h) = (c(h w) + k) / (c(h) + k V)
//   Kneser-Ney (Chen & Goodman 1998, interpolated; NLTK's KneserNeyInterpolated):
//     highest order  P(w | h) = max(c(h w) - D, 0) / c(h) + D N1+(h .) / c(h) P(w | h')
//     lower orders   the same with continuation counts: c'(h w) = N1+(. h w), c'(h) = sum over w of N1+(. h w)
//     no context     the continuation unigram N1+(. w) / N1+(. .) (raw counts for order 1), itself
//                    discounted and interpolated with the uniform 1 / V so that unseen tokens keep a
//                    probability, and every level's gamma counts the words its alpha counts, so each
//                    distribution sums to 1 (variant 'chen-goodman', the default). Variant 'nltk'
//                    reproduces NLTK 3.10: no uniform level (unseen tokens score 0) and lower-order
//                    gammas counting the words seen after the context in raw counts.
//   A context never seen gives all weight to the next lower order.
import { ArgumentError } from '@neurite/tensor';

export const NGRAM_BOS = '<s>';
export const NGRAM_EOS = '</s>';
export const NGRAM_UNK = '<UNK>';
const SEP = '\u0001';

export interface NgramOptions {
  /** 1 to 5. Default 3. */
  order?: number;
  /** Default 'kneser-ney'. */
  smoothing?: 'add-k' | 'kneser-ney';
  /** Added to every count (add-k). Default 1 (Laplace). */
  k?: number;
  /** Kneser-Ney's absolute discount D in (0, 1). Default 0.75 (NLTK's default is 0.1). */
  discount?: number;
  /** Kneser-Ney variant (see above). Default 'chen-goodman'. */
  variant?: 'chen-goodman' | 'nltk';
}

/** Counts of the words that follow one context. */
class Followers {
  total = 0;
  readonly counts = new Map<string, number>();
  add(word: string, count = 1): void {
    this.counts.set(word, (this.counts.get(word) ?? 0) + count);
    this.total += count;
  }
}

export class NgramLanguageModel {
  readonly order: number;
  readonly smoothing: 'add-k' | 'kneser-ney';
  readonly k: number;
  readonly discount: number;
  readonly variant: 'chen-goodman' | 'nltk';
  /** By context length (0 .. order-1): context key -> raw followers. */
  private raw: Map<string, Followers>[] = [];
  /** By context length (0 .. order-2): context key -> continuation followers N1+(. h w). */
  private continuation: Map<string, Followers>[] = [];
  private vocab = new Set<string>();

  constructor(options: NgramOptions = {}) {
    if (options === null || typeof options !== 'object') throw new ArgumentError('NgramLanguageModel: options must be an object');
    this.order = options.order ?? 3;
    if (!Number.isInteger(this.order) || this.order < 1 || this.order > 5) throw new ArgumentError(`NgramLanguageModel: order must be an integer in [1, 5], got ${options.order}`);
    this.smoothing = options.smoothing ?? 'kneser-ney';
    if (this.smoothing !== 'add-k' && this.smoothing !== 'kneser-ney') throw new ArgumentError(`NgramLanguageModel: smoothing must be 'add-k' or 'kneser-ney', got ${String(options.smoothing)}`);
    this.k = options.k ?? 1;
    if (!(this.k > 0) || !Number.isFinite(this.k)) throw new ArgumentError(`NgramLanguageModel: k must be a finite number > 0, got ${options.k}`);
    this.discount = options.discount ?? 0.75;
    if (!(this.discount > 0 && this.discount < 1)) throw new ArgumentError(`NgramLanguageModel: discount must be in (0, 1), got ${options.discount}`);
    this.variant = options.variant ?? 'chen-goodman';
    if (this.variant !== 'chen-goodman' && this.variant !== 'nltk') throw new ArgumentError(`NgramLanguageModel: variant must be 'chen-goodman' or 'nltk', got ${String(options.variant)}`);
  }

  /** Size of the vocabulary, "<UNK>" included (0 before fit). */
  get vocabularySize(): number {
    return this.vocab.size === 0 ? 0 : this.vocab.size + 1;
  }

  /** Pads one sentence as the model sees it. */
  pad(sentence: readonly string[]): string[] {
    const n = this.order - 1;
    return [...Array<string>(n).fill(NGRAM_BOS), ...sentence, ...Array<string>(n).fill(NGRAM_EOS)];
  }

  /** Counts every n-gram (orders 1..order) of every padded sentence. Replaces earlier counts. */
  fit(sentences: Iterable<readonly string[]>): this {
    this.raw = Array.from({ length: this.order }, () => new Map());
    this.continuation = Array.from({ length: Math.max(0, this.order - 1) }, () => new Map());
    this.vocab = new Set();
    const seen = Array.from({ length: this.order + 1 }, () => new Set<string>());
    let index = 0;
    for (const sentence of sentences) {
      if (!Array.isArray(sentence)) throw new ArgumentError(`NgramLanguageModel.fit: sentence ${index} must be an array of tokens`);
      sentence.forEach((t, j) => {
        if (typeof t !== 'string') throw new ArgumentError(`NgramLanguageModel.fit: sentence ${index}, token ${j} is a ${typeof t}, expected a string`);
      });
      const padded = this.pad(sentence);
      for (const t of padded) this.vocab.add(t);
      for (let end = 1; end <= padded.length; end++) {
        for (let n = 1; n <= this.order && n <= end; n++) {
          const gram = padded.slice(end - n, end);
          const context = gram.slice(0, -1).join(SEP);
          const word = gram[n - 1]!;
          this.followersOf(this.raw[n - 1]!, context).add(word);
          // A new distinct n-gram (n >= 2) adds one continuation to its suffix (n-1)-gram.
          const key = gram.join(SEP);
          if (n >= 2 && !seen[n]!.has(key)) {
            seen[n]!.add(key);
            this.followersOf(this.continuation[n - 2]!, gram.slice(1, -1).join(SEP)).add(word);
          }
        }
      }
      index++;
    }
    if (this.vocab.size === 0) throw new ArgumentError('NgramLanguageModel.fit: no sentences');
    return this;
  }

  private followersOf(map: Map<string, Followers>, context: string): Followers {
    let f = map.get(context);
    if (!f) map.set(context, (f = new Followers()));
    return f;
  }

  private lookup(token: string): string {
    return this.vocab.has(token) ? token : NGRAM_UNK;
  }

  /** P(word | context); only the last order-1 tokens of the context are used. */
  score(word: string, context: readonly string[] = []): number {
    if (this.vocab.size === 0) throw new ArgumentError('NgramLanguageModel.score: call fit() first');
    const w = this.lookup(word);
    const h = context.slice(Math.max(0, context.length - (this.order - 1))).map((t) => this.lookup(t));
    return this.smoothing === 'add-k' ? this.addK(w, h) : this.kneserNey(w, h, true);
  }

  /** log2 P(word | context), as NLTK's logscore. */
  logScore(word: string, context: readonly string[] = []): number {
    return Math.log2(this.score(word, context));
  }

  private addK(word: string, context: string[]): number {
    const f = this.raw[context.length]!.get(context.join(SEP));
    return ((f?.counts.get(word) ?? 0) + this.k) / ((f?.total ?? 0) + this.k * this.vocabularySize);
  }

  private kneserNey(word: string, context: string[], highest: boolean): number {
    if (context.length === 0) return this.kneserNeyBase(word);
    const key = context.join(SEP);
    const lower = (): number => this.kneserNey(word, context.slice(1), false);
    const raw = this.raw[context.length]!.get(key);
    const f = highest ? raw : this.continuation[context.length]!.get(key);
    if (!f || f.total === 0) return lower();
    const alpha = Math.max((f.counts.get(word) ?? 0) - this.discount, 0) / f.total;
    const types = highest || this.variant === 'chen-goodman' ? f.counts.size : raw?.counts.size ?? 0;
    const gamma = (this.discount * types) / f.total;
    return alpha + gamma * lower();
  }

  private kneserNeyBase(word: string): number {
    const f = this.order === 1 ? this.raw[0]!.get('') : this.continuation[0]!.get('');
    const uniform = 1 / this.vocabularySize;
    if (!f || f.total === 0) return uniform;
    const count = f.counts.get(word) ?? 0;
    if (this.variant === 'nltk') return count / f.total;
    return Math.max(count - this.discount, 0) / f.total + ((this.discount * f.counts.size) / f.total) * uniform;
  }

  /**
   * Perplexity over every n-gram of the padded sentences: 2 ** (mean -log2 P), as NLTK's perplexity
   * on `ngrams(pad_both_ends(sentence, order), order)`.
   */
  perplexity(sentences: Iterable<readonly string[]>): number {
    let total = 0, count = 0;
    for (const sentence of sentences) {
      const padded = this.pad(sentence);
      for (let end = this.order; end <= padded.length; end++) {
        total -= this.logScore(padded[end - 1]!, padded.slice(end - this.order, end - 1));
        count++;
      }
    }
    if (count === 0) throw new ArgumentError('NgramLanguageModel.perplexity: no n-grams to score');
    return 2 ** (total / count);
  }

  /**
   * Samples up to `maxTokens` tokens after `context` (default: sentence start), stopping at "</s>".
   * `random()` returns numbers in [0, 1) (a seeded generator).
   */
  generate(options: { maxTokens: number; random: () => number; context?: readonly string[] }): string[] {
    const { maxTokens, random } = options;
    if (!Number.isInteger(maxTokens) || maxTokens < 0) throw new ArgumentError(`NgramLanguageModel.generate: maxTokens must be an integer >= 0, got ${maxTokens}`);
    if (typeof random !== 'function') throw new ArgumentError('NgramLanguageModel.generate: random must be a function');
    const history = [...Array<string>(this.order - 1).fill(NGRAM_BOS), ...(options.context ?? [])];
    const words = [...this.vocab].filter((w) => w !== NGRAM_BOS).sort();
    const out: string[] = [];
    while (out.length < maxTokens) {
      let u = random();
      let chosen = words[words.length - 1]!;
      for (const w of words) {
        u -= this.score(w, history);
        if (u < 0) {
          chosen = w;
          break;
        }
      }
      if (chosen === NGRAM_EOS) break;
      out.push(chosen);
      history.push(chosen);
    }
    return out;
  }
}
