/**
 * Special tokens of a BPE encoding and tiktoken's allowed/disallowed rules: by default every special
 * token is disallowed, and text that contains one throws; allowed ones are encoded as their id;
 * special text that is neither allowed nor disallowed is encoded as ordinary text.
 */
import { DisallowedSpecialTokenError, TokenizerArgumentError } from '../errors.ts';

export type SpecialSet = 'all' | Iterable<string>;

export interface SpecialOptions {
  /** Special tokens to encode as their id ('all' or a list); default none. */
  allowedSpecial?: SpecialSet;
  /** Special tokens whose presence throws DisallowedSpecialTokenError; default 'all' (minus the allowed ones). */
  disallowedSpecial?: SpecialSet;
}

/** A found special token: UTF-16 start and its text. */
export interface SpecialMatch {
  index: number;
  token: string;
}

/** Largest special-token id: encode returns ids as a Uint32Array. */
export const MAX_SPECIAL_ID = 0xffffffff;

export class SpecialTokens {
  readonly byText: ReadonlyMap<string, number>;
  readonly byId: ReadonlyMap<number, string>;
  private readonly texts: readonly string[];

  constructor(tokens: Readonly<Record<string, number>>) {
    const byText = new Map<string, number>();
    const byId = new Map<number, string>();
    for (const [text, id] of Object.entries(tokens) as Array<[string, unknown]>) {
      if (text.length === 0) throw new TokenizerArgumentError('specialTokens', 'contains an empty token; expected non-empty strings');
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0 || id > MAX_SPECIAL_ID) {
        throw new TokenizerArgumentError('specialTokens', `gives ${JSON.stringify(text.slice(0, 40))} the id ${String(id)}; expected an integer in [0, ${MAX_SPECIAL_ID}] (ids are encoded as 32-bit unsigned integers)`);
      }
      if (byId.has(id)) throw new TokenizerArgumentError('specialTokens', `gives id ${id} to both ${JSON.stringify(byId.get(id))} and ${JSON.stringify(text)}`);
      byText.set(text, id);
      byId.set(id, text);
    }
    this.byText = byText;
    this.byId = byId;
    this.texts = [...byText.keys()];
  }

  /**
   * Throws TokenizerArgumentError when a special id is also an ordinary token of the model (decode
   * could not tell them apart), unless `sameText` says the ordinary token is that same text.
   */
  checkDisjoint(isOrdinary: (id: number) => boolean, sameText: (id: number, text: string) => boolean = () => false): void {
    for (const [id, text] of this.byId) {
      if (isOrdinary(id) && !sameText(id, text)) {
        throw new TokenizerArgumentError('specialTokens', `gives ${JSON.stringify(text.slice(0, 40))} the id ${id}, which is an ordinary token of the model; expected an unused id`);
      }
    }
  }

  get size(): number {
    return this.texts.length;
  }

  private resolve(set: SpecialSet | undefined, name: string, fallback: readonly string[]): string[] {
    if (set === undefined) return [...fallback];
    if (set === 'all') return [...this.texts];
    const out: string[] = [];
    for (const t of set) {
      if (!this.byText.has(t)) throw new TokenizerArgumentError(name, `lists ${JSON.stringify(t)}, which is not a special token of this encoding`);
      out.push(t);
    }
    return out;
  }

  /**
   * Resolves the options: throws DisallowedSpecialTokenError when `text` holds a disallowed token,
   * and returns the allowed tokens (possibly empty).
   */
  check(text: string, options: SpecialOptions | undefined): readonly string[] {
    if (this.texts.length === 0) return [];
    const allowed = this.resolve(options?.allowedSpecial, 'allowedSpecial', []);
    const allowedSet = new Set(allowed);
    const disallowed =
      options?.disallowedSpecial === undefined || options.disallowedSpecial === 'all'
        ? this.texts.filter((t) => !allowedSet.has(t))
        : this.resolve(options.disallowedSpecial, 'disallowedSpecial', []);
    let first: SpecialMatch | undefined;
    for (const token of disallowed) {
      const index = text.indexOf(token);
      if (index >= 0 && (first === undefined || index < first.index)) first = { index, token };
    }
    if (first !== undefined) throw new DisallowedSpecialTokenError(first.token, first.index);
    return allowed;
  }

}

/**
 * Finds allowed special tokens left to right. Each token's next position is cached and only searched
 * again once passed, so a whole scan costs O(tokens x text length) however many matches there are.
 */
export class SpecialFinder {
  private readonly text: string;
  private readonly tokens: readonly string[];
  private readonly at: Int32Array;

  constructor(text: string, tokens: readonly string[]) {
    this.text = text;
    this.tokens = tokens;
    this.at = new Int32Array(tokens.length).fill(-2);
  }

  /** The earliest occurrence at or after `from` (longest on a tie), or undefined. */
  next(from: number): SpecialMatch | undefined {
    let best: SpecialMatch | undefined;
    for (let i = 0; i < this.tokens.length; i++) {
      let index = this.at[i]!;
      if (index === -1) continue;
      if (index < from) {
        index = this.text.indexOf(this.tokens[i]!, from);
        this.at[i] = index;
        if (index < 0) continue;
      }
      const token = this.tokens[i]!;
      if (best === undefined || index < best.index || (index === best.index && token.length > best.token.length)) best = { index, token };
    }
    return best;
  }
}
