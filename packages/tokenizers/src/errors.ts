/**
 * Errors of @neurite/tokenizers.
 *
 * Vocabulary, merge, rank and tokenizer.json files are untrusted input: every loader reports a
 * problem with one of these errors, never with a generic exception.
 */

/** What was wrong with a tokenizer file, as a stable machine-readable code. */
export type TokenizerFileErrorCode =
  | 'too-large'
  | 'too-many-entries'
  | 'bad-syntax'
  | 'bad-token'
  | 'duplicate-token'
  | 'duplicate-id'
  | 'id-out-of-range'
  | 'out-of-range'
  | 'missing-token'
  | 'bad-merge'
  | 'unknown-pattern'
  | 'unsupported-type'
  | 'inconsistent';

/**
 * A tokenizer file (vocabulary, merges, tiktoken ranks, tokenizer.json) is malformed or
 * exceeds a limit. `code` says which rule was broken; `file` names the file or field
 * ('encoder.json', 'vocab.bpe', 'ranks', 'tokenizer.json#model.vocab', ...); `line` is the 1-based
 * line when the file is line oriented.
 */
export class TokenizerFileError extends Error {
  override readonly name = 'TokenizerFileError';
  readonly code: TokenizerFileErrorCode;
  readonly file: string;
  readonly line: number | undefined;

  constructor(code: TokenizerFileErrorCode, file: string, message: string, line?: number) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${message}`);
    this.code = code;
    this.file = file;
    this.line = line;
  }
}

/** Text given to `encode` contains a special token that the call did not allow (as tiktoken does). */
export class DisallowedSpecialTokenError extends Error {
  override readonly name = 'DisallowedSpecialTokenError';
  readonly token: string;
  readonly index: number;

  constructor(token: string, index: number) {
    super(
      `text: contains the special token ${JSON.stringify(token)} at UTF-16 index ${index}; ` +
        `expected it in allowedSpecial, or disallowedSpecial not to list it (pass allowedSpecial: 'all' ` +
        `to encode it as a special token, or disallowedSpecial: [] to encode it as ordinary text)`,
    );
    this.token = token;
    this.index = index;
  }
}

/** An argument given to a tokenizer method is out of its domain (e.g. an unknown token id). */
export class TokenizerArgumentError extends Error {
  override readonly name = 'TokenizerArgumentError';
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}

/**
 * Training was stopped by its `shouldStop` or `signal` option (see TrainingCancellation): the call
 * returns nothing (texts a stopped `feed` counted before the stop stay counted). `phase` and
 * `merges` say where it stopped; `cause` is the signal's `reason`, when it has one.
 */
export class TokenizerCancelledError extends Error {
  override readonly name = 'TokenizerCancelledError';
  readonly phase: 'words' | 'alphabet' | 'merges' | 'em';
  readonly merges: number;

  constructor(phase: 'words' | 'alphabet' | 'merges' | 'em', merges: number, reason?: unknown) {
    super(`training: cancelled in phase '${phase}' after ${merges} merges`, reason === undefined ? undefined : { cause: reason });
    this.phase = phase;
    this.merges = merges;
  }
}
