// Spam detection end to end (CONCEPTS.md "Worked pipelines"; issue 18): SpamAssassin emails, a
// seeded train / validation / test split, tokens hashed into features (HashingVectorizer), then
// logistic regression (L2) and multinomial naive Bayes from @neurite/ml, each in one Pipeline fitted
// on the training part only; then the same two on a learned vocabulary (tf-idf weights for logistic
// regression, the 2,000 most frequent words' counts for naive Bayes). The regularisation is tuned and the probability threshold chosen on the
// validation part; the test part is used once, for the report (precision, recall, F1, ROC AUC,
// confusion matrix). The chosen pipeline is saved to JSON, loaded back and checked to predict the same.
//
//   node examples/spam/run.mjs            all 6,046 emails, 2^12 hashed features
//   node examples/spam/run.mjs --small    800 emails, 2^10 features (seconds; what CI runs)
//   options: --seed N (default 18), --out DIR (where the pipelines are saved; default a temporary
//   directory, removed at the end), --json (the report as JSON on stdout, the log on stderr)
// The packages must be built first (npm run build, or npx tsc -b packages/ml).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collisionStatistics, CountVectorizer, HashingVectorizer, TfidfVectorizer } from '@neurite/features';
import { accuracyScore, confusionMatrix, f1Score, precisionScore, recallScore, rocAucScore } from '@neurite/metrics';
import { LogisticRegression, MultinomialNB, Pipeline } from '@neurite/ml';
import { init } from '@neurite/tensor';
import { loadEmails, splitEmails } from './data.mjs';
import { loadPipeline, savePipeline } from './persist.mjs';
import { applyThreshold, chooseThreshold } from './threshold.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const small = process.argv.includes('--small');
const json = process.argv.includes('--json');
const log = json ? console.error : console.log;
const seed = Number(option('--seed', '18'));
if (!Number.isInteger(seed) || seed < 0) {
  console.error(`--seed must be a non-negative integer, got ${option('--seed')}`);
  process.exit(2);
}
const nFeatures = small ? 2 ** 10 : 2 ** 12;
const keepOut = option('--out', null) !== null;
const outDir = keepOut ? option('--out') : mkdtempSync(join(tmpdir(), 'neurite-spam-'));

/** P(spam) of each email: column of class 1 in predictProba. */
function spamProbabilities(pipeline, texts) {
  const proba = pipeline.predictProba(texts);
  const column = pipeline.classes.indexOf(1);
  return Float64Array.from({ length: proba.rows }, (_, i) => proba.data[i * proba.cols + column]);
}

/** The two models and the hyperparameter each tunes on validation. */
const MODELS = {
  'logistic regression (L2)': {
    file: 'logistic-regression',
    // signed hashing, unit-length rows: the usual input of a linear model
    vectorizer: () => new HashingVectorizer({ nFeatures, output: 'dense', alternateSign: true, norm: 'l2' }),
    grid: [1, 10, 100, 1000].map((C) => ({ label: `C=${C}`, make: () => new LogisticRegression({ C, maxIter: 500 }) })),
  },
  'multinomial naive Bayes': {
    file: 'multinomial-nb',
    // naive Bayes models counts: unsigned, unnormalised
    vectorizer: () => new HashingVectorizer({ nFeatures, output: 'dense', alternateSign: false, norm: 'none' }),
    grid: [0.01, 0.1, 1].map((alpha) => ({ label: `alpha=${alpha}`, make: () => new MultinomialNB({ alpha }) })),
  },
  // The same two models on a learned vocabulary instead of hashed tokens:
  'logistic regression (L2), tf-idf': {
    file: 'logistic-regression-tfidf',
    // the most frequent training terms, 1 + ln(count) weighted by idf, unit-length rows
    vectorizer: () => new TfidfVectorizer({ maxFeatures: nFeatures, sublinearTf: true, output: 'dense' }),
    grid: [1, 10, 100, 1000].map((C) => ({ label: `C=${C}`, make: () => new LogisticRegression({ C, maxIter: 500 }) })),
  },
  'multinomial naive Bayes, 2,000-word vocabulary': {
    file: 'multinomial-nb-vocabulary',
    vectorizer: () => new CountVectorizer({ maxFeatures: 2000, output: 'dense' }),
    grid: [0.01, 0.1, 1].map((alpha) => ({ label: `alpha=${alpha}`, make: () => new MultinomialNB({ alpha }) })),
  },
};

function report(name, labels, probabilities, threshold) {
  const predicted = applyThreshold(probabilities, threshold);
  const [[tn, fp], [fn, tp]] = confusionMatrix(labels, predicted, { labels: [0, 1] });
  return {
    name, threshold,
    accuracy: accuracyScore(labels, predicted),
    precision: precisionScore(labels, predicted),
    recall: recallScore(labels, predicted),
    f1: f1Score(labels, predicted),
    rocAuc: rocAucScore(labels, probabilities),
    confusion: { tn, fp, fn, tp },
  };
}

const fmt = (v) => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toFixed(4));

async function main() {
  mkdirSync(outDir, { recursive: true });
  await init(); // the float64 GEMM kernels speed up logistic regression
  const emails = loadEmails();
  const { train, validation, test } = splitEmails(emails, { seed, limit: small ? 800 : emails.texts.length });
  const count = (p) => `${p.labels.length} (${p.labels.reduce((s, y) => s + y, 0)} spam)`;
  log(`SpamAssassin: train ${count(train)}, validation ${count(validation)}, test ${count(test)}; seed ${seed}; ${nFeatures} hashed features`);

  const vocabulary = new Set(train.texts.flatMap((t) => new HashingVectorizer().tokens(t)));
  const collisions = collisionStatistics(vocabulary, nFeatures);
  log(`hashing: ${collisions.distinctFeatures} distinct training tokens into ${nFeatures} columns (${collisions.occupiedColumns} used, ` +
    `${(collisions.distinctFeatures / collisions.occupiedColumns).toFixed(1)} tokens per used column, at most ${collisions.maxColumnLoad}); ` +
    `${(100 * collisions.collisionRate).toFixed(1)}% of tokens share a column (uniform hashing predicts ${(100 * collisions.expectedCollidingFeatures / collisions.distinctFeatures).toFixed(1)}%)`);

  const results = [];
  for (const [name, model] of Object.entries(MODELS)) {
    log(`\n## ${name}`);
    // build: tune on validation (each candidate pipeline is fitted on the training part only)
    let best = null;
    for (const candidate of model.grid) {
      const pipeline = new Pipeline([['features', model.vectorizer()], ['model', candidate.make()]]).fit(train.texts, train.labels);
      const trainAccuracy = pipeline.score(train.texts, train.labels);
      const validationProbabilities = spamProbabilities(pipeline, validation.texts);
      const validationAuc = rocAucScore(validation.labels, validationProbabilities);
      const validationAccuracy = accuracyScore(validation.labels, applyThreshold(validationProbabilities, 0.5));
      // over/underfitting: training accuracy far above validation is overfitting; both low is underfitting
      log(`  ${candidate.label.padEnd(10)} train accuracy ${fmt(trainAccuracy)}, validation accuracy ${fmt(validationAccuracy)}, validation ROC AUC ${fmt(validationAuc)}`);
      if (best === null || validationAuc > best.validationAuc) best = { candidate, pipeline, validationAuc, validationProbabilities };
    }
    const { threshold, f1 } = chooseThreshold(best.validationProbabilities, validation.labels);
    log(`  chosen: ${best.candidate.label}; threshold ${fmt(threshold)} (validation F1 ${fmt(f1)})`);

    // test: once, with the chosen hyperparameter and threshold
    const testProbabilities = spamProbabilities(best.pipeline, test.texts);
    for (const r of [report(`${name}, threshold 0.5`, test.labels, testProbabilities, 0.5), report(`${name}, chosen threshold`, test.labels, testProbabilities, threshold)]) {
      results.push(r);
      log(`  test @ ${fmt(r.threshold)}: accuracy ${fmt(r.accuracy)}  precision ${fmt(r.precision)}  recall ${fmt(r.recall)}  F1 ${fmt(r.f1)}  ROC AUC ${fmt(r.rocAuc)}`);
      log(`    confusion matrix [[TN ${r.confusion.tn}, FP ${r.confusion.fp}], [FN ${r.confusion.fn}, TP ${r.confusion.tp}]]`);
    }

    // deploy: save, load, and check the loaded pipeline predicts exactly the same
    const path = join(outDir, `${model.file}.json`);
    savePipeline(best.pipeline, path, { threshold });
    const { pipeline: loaded, json } = loadPipeline(path);
    const again = spamProbabilities(loaded, test.texts);
    const same = again.every((p, i) => p === testProbabilities[i]);
    log(`  saved to ${keepOut ? path : 'a temporary file'} and loaded: ${same ? 'identical' : 'DIFFERENT'} test probabilities; threshold ${fmt(json.threshold)}`);
    if (!same) process.exitCode = 1;
  }
  if (!keepOut) rmSync(outDir, { recursive: true, force: true });
  return results;
}

const results = await main();
if (json) console.log(JSON.stringify({ small, seed, nFeatures, results }, null, 2));
