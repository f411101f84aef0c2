// Misuse fuzzing of CodeBLEU scoring (TESTING.md), fixed seed: random arguments give a result or a
// typed NeuriteError, never another exception, and inputs are not modified; random code (any
// Unicode, broken syntax) in every language gives scores in [0, 1].
import { NeuriteError } from '@neurite/tensor';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCodeBleu, CODEBLEU_LANGUAGES, type CodeBleu } from './index.ts';

let scorer: CodeBleu;
beforeAll(async () => {
  scorer = await loadCodeBleu();
});
afterAll(() => scorer.dispose());

const code = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(fc.constantFrom('x', '=', '(', ')', '{', '}', ';', 'if', 'for', 'def', ':', '\n', '    ', '"', "'", '#', '//', '/*', '*/', 'é', '😀', 'int', 'let', '1', '+', ',', '\\'), { maxLength: 30 }).map((parts) => parts.join(' ')),
);
const scalar = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null), fc.constant(undefined));
const argument = fc.oneof(scalar, fc.array(fc.oneof(code, scalar), { maxLength: 3 }), fc.array(fc.array(fc.oneof(code, scalar), { maxLength: 2 }), { maxLength: 3 }));
const options = fc.oneof(
  scalar,
  fc.record({ lang: fc.oneof(fc.constantFrom(...CODEBLEU_LANGUAGES), scalar), weights: fc.oneof(scalar, fc.array(fc.oneof(fc.double(), scalar), { maxLength: 5 })) }, { requiredKeys: [] }),
);

describe('CodeBLEU misuse', () => {
  it('random arguments give a result or a typed error and leave their inputs alone', () => {
    fc.assert(fc.property(argument, argument, options, (references, hypotheses, opts) => {
      const before = JSON.stringify([references, hypotheses, opts]);
      try {
        scorer.codebleu(references as string[], hypotheses as string[], opts as { lang: 'java' });
      } catch (error) {
        if (!(error instanceof NeuriteError)) throw new Error(`codebleu(${before}) threw ${String(error)}`);
      }
      expect(JSON.stringify([references, hypotheses, opts])).toBe(before);
    }), { seed: 1801, numRuns: 300 });
  });

  it('random code in every language scores in [0, 1]', () => {
    fc.assert(fc.property(fc.constantFrom(...CODEBLEU_LANGUAGES), fc.array(fc.tuple(code, fc.array(code, { minLength: 1, maxLength: 2 })), { minLength: 1, maxLength: 3 }), (lang, pairs) => {
      const scores = scorer.codebleu(pairs.map(([, refs]) => refs), pairs.map(([hyp]) => hyp), { lang });
      for (const value of Object.values(scores)) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }), { seed: 1802, numRuns: 200 });
  });
});
