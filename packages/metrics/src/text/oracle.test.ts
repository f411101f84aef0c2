// BLEU against nltk's corpus_bleu / sentence_bleu and sacrebleu's corpus_bleu / sentence_bleu and
// 13a tokenizer (fixtures/bleu.json, written by fixtures/generate.py), within 1e-12 (absolute +
// relative); tokenisations exactly. Cases where nltk fails (method6 without trigram matches)
// must throw an ArgumentError.
import { describe, expect, it } from 'vitest';
import { failuresOf, loadCases } from '../../fixtures/oracle.ts';
import * as text from './index.ts';

const { producer, cases } = loadCases('bleu.json');
const functions = text as unknown as Record<string, (...args: unknown[]) => unknown>;

describe(`BLEU equals ${producer}`, () => {
  for (const fn of new Set(cases.map((c) => c.fn))) {
    const list = cases.filter((c) => c.fn === fn);
    it(`${fn} (${list.length} cases)`, () => {
      expect(failuresOf(list, functions[fn]!).slice(0, 5)).toEqual([]);
    });
  }
});
