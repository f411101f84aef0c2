// Cases of the tokenizers suite (appended to CASES in suites/tokenizers.mjs): linear time on
// worst-case inputs. For each tokenizer and each input of @neurite/tokenizers/testing's
// ADVERSARIAL_INPUTS ('a', '_', spaces, newlines, digits, random letters without spaces, CJK,
// emoji), the ratio time(1 MiB) / time(128 KiB): about 8 for a linear encoder, about 64 for a
// quadratic one. Times are CPU time of this process (process.cpuUsage), best of a few cold runs
// (caches cleared first). The package's tests assert the counted work instead (merge steps, units
// scanned, WordPiece probes), which does not depend on the machine.
import { createWordPieceTokenizer, getEncoding, trainBpe, trainCharTokenizer, trainWordTokenizer } from '@neurite/tokenizers';
import { ADVERSARIAL_INPUTS } from '@neurite/tokenizers/testing';

const LARGE = 1 << 20;
const SMALL = LARGE >> 3;
const SEED_TEXT = ['aaaa aa a __ _ 1234567890 12 中文字 中文 the quick brown fox', 'abcdefghijklmnopqrstuvwxyz'];
const WORDPIECE_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'a', '##a', 'aa', '##aa', '_', '1', '##1', '12', '中', 'the', '##e', 't', '##h'];

function cpuMs(fn) {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Best CPU time of `runs` cold runs of encode(text). */
function best(tokenizer, text, runs) {
  let min = Infinity;
  for (let r = 0; r < runs; r++) {
    tokenizer.clearCache?.();
    min = Math.min(min, cpuMs(() => tokenizer.encode(text)));
  }
  return Math.max(min, 0.5);
}

const TOKENIZERS = {
  'cl100k_base': () => getEncoding('cl100k_base'),
  'o200k_base': () => getEncoding('o200k_base'),
  WordPiece: () => createWordPieceTokenizer(new Map(WORDPIECE_TOKENS.map((t, i) => [t, i]))),
  'character-level BPE': () => trainBpe(SEED_TEXT, { level: 'char', vocabSize: 120 }).toTokenizer(),
  'word level': () => trainWordTokenizer(SEED_TEXT),
  'character level': () => trainCharTokenizer(SEED_TEXT),
};

export const LINEAR_TIME_CASES = Object.entries(TOKENIZERS).map(([name, make]) => ({
  name: `linear time ${name}`,
  async run(suite) {
    const tokenizer = await make();
    for (const [label, makeText] of ADVERSARIAL_INPUTS) {
      const small = makeText(SMALL);
      const large = makeText(LARGE);
      tokenizer.encode(large); // warm-up: compiled code and buffers
      const ratio = best(tokenizer, large, 3) / best(tokenizer, small, 5);
      suite.record({ case: `linear time ${name} ${label}: t(1 MiB) / t(128 KiB)`, impl: 'neurite', unit: 'ratio', value: ratio });
    }
  },
}));
