// CodeBLEU of 1,000 Java pairs as one corpus (pairs per second; median ms per corpus), the figure
// issue 18 sets: the reference implementation (k4black/codebleu 0.7.1 on py-tree-sitter) takes
// 1.3-1.7 s for this on this machine class (measured where it is installed; it is not installed
// here, so it is quoted, not run); the target is <= 1 s.
// The pairs are the 150 Java pairs of the CodeBLEU fixture (CodeXGLUE C#-to-Java model outputs
// against the gold translations), repeated and varied deterministically: copy k renames every
// lower-case identifier-like word w (not a Java keyword) to w + k in both reference and
// hypothesis, so no two copies are the same strings while their structure is the fixture's.
// 91 of the 150 fixture pairs (so 605 of the 1,000) are exact matches, as model outputs often are;
// for those the scorer reuses the hypothesis' parse for the reference (the reference parses both).
// Grammar loading happens once, before timing; the timed call parses, walks and scores all pairs.
import { appendFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCodeBleu } from '@neurite/metrics';
import { createSuite } from '../lib/harness.mjs';

const require = createRequire(import.meta.url);
const PAIRS = 1000;
const JAVA_KEYWORDS = new Set(('abstract assert boolean break byte case catch char class const continue default do double else enum extends final finally float for goto if implements import instanceof int interface long native new package private protected public return short static strictfp super switch synchronized this throw throws transient try void volatile while true false null').split(' '));

function javaPairs() {
  const fixture = JSON.parse(readFileSync(join(dirname(require.resolve('@neurite/metrics')), '..', 'fixtures', 'codebleu-reference.json'), 'utf8'));
  const base = fixture.java.pairs;
  const vary = (code, k) => (k === 0 ? code : code.replace(/\b[a-z][A-Za-z0-9_]*\b/g, (word) => (JAVA_KEYWORDS.has(word) ? word : `${word}${k}`)));
  const references = [];
  const hypotheses = [];
  for (let i = 0; i < PAIRS; i++) {
    const pair = base[i % base.length];
    const k = Math.floor(i / base.length);
    references.push(vary(pair.reference, k));
    hypotheses.push(vary(pair.hypothesis, k));
  }
  return { references, hypotheses };
}

export async function run() {
  const suite = createSuite('features-metrics-codebleu');
  const { references, hypotheses } = javaPairs();
  const exactMatches = references.filter((reference, i) => reference.trim() === hypotheses[i].trim()).length;
  const scorer = await createCodeBleu({ languages: ['java'] });
  const scores = scorer.codebleu(references, hypotheses, { lang: 'java' });
  console.log(`  corpus CodeBLEU of ${PAIRS} Java pairs: ${scores.codebleu.toFixed(4)} (n-gram ${scores.ngramMatch.toFixed(4)}, weighted ${scores.weightedNgramMatch.toFixed(4)}, syntax ${scores.syntaxMatch.toFixed(4)}, data flow ${scores.dataflowMatch.toFixed(4)})`);
  const caseName = `CodeBLEU, ${PAIRS} Java pairs (one corpus)`;
  const score = () => scorer.codebleu(references, hypotheses, { lang: 'java' });
  await suite.compare(caseName, { unit: 'pairs/s', work: PAIRS, impls: { neurite: score }, time: 6000, warmupTime: 1000 });
  // The machine is shared: also the process CPU time per corpus (median of 7), which load from
  // other processes inflates far less than wall time. The work is single-threaded.
  const cpuMs = [];
  for (let i = 0; i < 7; i++) {
    const start = process.cpuUsage();
    score();
    const used = process.cpuUsage(start);
    cpuMs.push((used.user + used.system) / 1000);
  }
  const medianCpu = cpuMs.sort((a, b) => a - b)[3];
  suite.record({ case: caseName, impl: 'neurite-cpu-time', unit: 'pairs/s', value: PAIRS / (medianCpu / 1000), median_ms: medianCpu });
  scorer.dispose();
  const rows = suite.finish();
  const wall = rows.find((r) => r.impl === 'neurite');
  const note = [
    '',
    `Median per corpus of ${PAIRS} pairs: ${wall ? wall.median_ms.toFixed(0) : '?'} ms wall clock (row neurite), ${medianCpu.toFixed(0)} ms process CPU time (row neurite-cpu-time); target <= 1000 ms.`,
    'Reference: k4black/codebleu 0.7.1 (Python, py-tree-sitter) takes 1.3-1.7 s for the same corpus on this machine class (quoted from issue 18; it is not installed here, so it is not run).',
    `${exactMatches} of the ${PAIRS} pairs are exact matches; for those the reference's parse is the hypothesis' (the reference implementation parses both).`,
    `Load average (1, 5, 15 min) when the run ended: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} on ${os.cpus().length} cores.`,
    '',
  ].join('\n');
  appendFileSync(new URL('../results/features-metrics-codebleu.md', import.meta.url), note);
  return rows;
}
