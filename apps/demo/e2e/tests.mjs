// The e2e scenarios: each drives one page through its visible controls and checks a result.
// Every timeout below guards against a hang (a loaded CI machine may be slow); none is a latency bound.
const READY = '#worker-status.ok';

async function open(page, baseUrl, hash) {
  await page.goto(`${baseUrl}#${hash}`);
  await page.waitForSelector(READY, { timeout: 180_000 });
}

/** Thrown when the worker reports a feature as not in this build: counted and named as skipped, never passed. */
export class Skip extends Error {}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Trains `model` for `epochs` on the Digits page; returns the seconds taken, the status line and the validation accuracy. */
async function trainDigits(page, model, epochs, timeout) {
  await page.selectOption('#digits-model', model);
  await page.fill('#digits-epochs', String(epochs));
  const t0 = Date.now();
  await page.click('#digits-train');
  await page.waitForFunction(() => /trained \d+ parameters/.test(document.querySelector('#digits-status')?.textContent ?? ''), null, { timeout });
  const seconds = (Date.now() - t0) / 1000;
  const status = await page.textContent('#digits-status');
  return { seconds, status, accuracy: Number(/validation accuracy ([\d.]+)/.exec(status)?.[1]) };
}

/** The confusion-matrix canvas of the Digits page shows something (any painted pixel). */
async function confusionPainted(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('#digits-confusion');
    if (canvas.width === 0 || canvas.height === 0) return false;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
    return false;
  });
}

/**
 * Starts a 20-epoch run on the Digits page and cancels it once a batch has been reported. Returns
 * whether the confusion matrix was blank while the new run's first epoch was under way.
 */
async function cancelLongTraining(page) {
  await page.fill('#digits-epochs', '20');
  await page.click('#digits-train');
  await page.waitForFunction(() => /batch/.test(document.querySelector('#digits-status')?.textContent ?? ''), null, { timeout: 180_000 });
  const blankDuringFirstEpoch = /^epoch 1,/.test((await page.textContent('#digits-status')) ?? '') && !(await confusionPainted(page));
  await page.click('#digits-cancel');
  // The run would otherwise end with "trained ..." in the same place: seeing the cancel there is the
  // check. The timeout only guards against a hang; it is not a latency bound. A cancel after the
  // first step keeps the partly trained model.
  await page.waitForFunction(() => /^Cancelled after \d+ batches .*the partly trained model is kept/.test(document.querySelector('#digits-status')?.textContent ?? ''), null, { timeout: 180_000 });
  return blankDuringFirstEpoch;
}

export const TESTS = [
  {
    name: 'kernels-gemm-benchmark',
    async run(page, baseUrl) {
      await open(page, baseUrl, 'kernels');
      expect(await page.evaluate(() => crossOriginIsolated), 'the page is not cross-origin isolated (COOP/COEP headers)');
      await page.selectOption('#kernel-case', { label: 'GEMM 256 x 256 x 256' });
      await page.selectOption('#kernel-duration', '150');
      // Isolated: the threaded build (2 threads on one shared memory) is offered and measured too.
      await page.waitForFunction(() => !document.querySelector('#variant-threads').disabled, null, { timeout: 180_000 });
      await page.check('#variant-threads');
      await page.click('#run-benchmark');
      await page.waitForSelector('#benchmark-results .result-row', { timeout: 180_000 });
      const figures = await page.$$eval('#benchmark-results .result-row', (rows) =>
        rows.map((r) => ({ build: r.children[1].textContent, throughput: r.querySelector('.throughput').textContent })),
      );
      for (const f of figures) {
        const value = Number.parseFloat(f.throughput);
        expect(/GFLOP\/s$/.test(f.throughput) && value > 0.5, `implausible GEMM figure for ${f.build}: ${f.throughput}`);
      }
      const builds = figures.map((f) => f.build);
      expect(builds.includes('simd'), `no SIMD row: ${builds}`);
      // Chromium has relaxed SIMD: both builds are measured.
      expect(builds.includes('relaxed'), `no relaxed SIMD row: ${builds}`);
      expect(builds.includes('threads'), `no threaded row: ${builds}`);
      // The size sweep fills the uPlot chart point by point.
      await page.click('#run-sweep');
      await page.waitForFunction(() => document.body.textContent.includes('Sweep done.'), null, { timeout: 180_000 });
      const points = await page.evaluate(() => document.querySelectorAll('.chart .u-over').length);
      expect(points === 1, 'no sweep chart');
      return `GEMM 256^3 in Chromium: ${figures.map((f) => `${f.build} ${f.throughput}`).join(', ')}`;
    },
  },
  {
    name: 'kernels-conv-and-cancel',
    async run(page, baseUrl) {
      await open(page, baseUrl, 'kernels');
      await page.selectOption('#kernel-case', { label: 'conv2d 3x3, 32x14x14x32 -> 64' });
      await page.selectOption('#kernel-duration', '150');
      await page.click('#run-benchmark');
      await page.waitForSelector('#benchmark-results .result-row', { timeout: 180_000 });
      const text = await page.textContent('#benchmark-results .result-row .throughput');
      expect(/GFLOP\/s$/.test(text) && Number.parseFloat(text) > 0.5, `implausible conv2d figure: ${text}`);
      // A long run, cancelled from the page: the job stops and the buttons come back.
      await page.selectOption('#kernel-duration', '1000');
      await page.click('#run-benchmark');
      await page.waitForTimeout(150);
      await page.click('text=Cancel');
      await page.waitForFunction(() => document.body.textContent.includes('Cancelled.'), null, { timeout: 180_000 });
      expect(!(await page.isDisabled('#run-benchmark')), 'the run button stayed disabled after cancel');
    },
  },
  {
    name: 'tokenizer-gpt2-hello-world',
    async run(page, baseUrl) {
      await open(page, baseUrl, 'tokenizer');
      await page.fill('#tokenizer-input', 'hello world');
      await page.selectOption('#tokenizer-choice', 'encoding:gpt2');
      await page.click('#tokenize');
      // Ids from js-tiktoken 1.0.21 (gpt2 / cl100k_base).
      await page.waitForFunction(() => document.querySelector('#token-ids')?.textContent === '[31373, 995]', null, { timeout: 180_000 });
      const spans = await page.$$eval('#tokens span[data-id]', (s) => s.map((e) => [e.textContent, e.dataset.id]));
      expect(JSON.stringify(spans) === JSON.stringify([['hello', '31373'], [' world', '995']]), `token spans: ${JSON.stringify(spans)}`);
      await page.selectOption('#tokenizer-choice', 'encoding:cl100k_base');
      await page.waitForFunction(() => document.querySelector('#token-ids')?.textContent === '[15339, 1917]', null, { timeout: 180_000 });
      expect((await page.textContent('#token-count')) === '2', 'token count is not 2');
    },
  },
  {
    name: 'tokenizer-train-bpe-and-wordpiece',
    async run(page, baseUrl) {
      await open(page, baseUrl, 'tokenizer');
      if (await page.isDisabled('#train-bpe')) throw new Skip(`tokenizer training unavailable: ${await page.textContent('#train-bpe-status')}`);
      for (const [model, size] of [['bpe', '300'], ['wordpiece', '200']]) {
        await page.selectOption('#train-model', model);
        await page.fill('#bpe-vocab-size', size);
        await page.click('#train-bpe');
        await page.waitForFunction(() => /trained a \d+-token vocabulary/.test(document.querySelector('#train-bpe-status')?.textContent ?? ''), null, { timeout: 180_000 });
        expect((await page.inputValue('#tokenizer-choice')) === `trained:${model}`, `the trained ${model} tokenizer is not selected`);
        await page.waitForFunction(() => Number(document.querySelector('#token-count')?.textContent) > 0, null, { timeout: 180_000 });
        await page.evaluate(() => (document.querySelector('#train-bpe-status').textContent = ''));
      }
      // WordPiece adds [CLS] and [SEP], shown as id badges.
      expect((await page.$$('#tokens span.added')).length === 2, 'no [CLS]/[SEP] badges for WordPiece');
    },
  },
  {
    name: 'tokenizer-train-cancel',
    async run(page, baseUrl) {
      await open(page, baseUrl, 'tokenizer');
      if (await page.isDisabled('#train-bpe')) throw new Skip(`tokenizer training unavailable: ${await page.textContent('#train-bpe-status')}`);
      // About 2 MB of seeded made-up words (many distinct ones: long merge learning), set without an
      // input event so that no tokenize job runs beside the training.
      await page.evaluate(() => {
        const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'zo', 'qui', 'ber', 'ston', 'ing', 'ed', 'ph', 'ax'];
        let state = 7;
        const next = (n) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) % n;
        const words = [];
        for (let w = 0; w < 250_000; w++) {
          let word = '';
          for (let s = 1 + next(5); s > 0; s--) word += syllables[next(syllables.length)];
          words.push(word);
        }
        document.querySelector('#tokenizer-input').value = words.join(' ');
      });
      await page.selectOption('#train-model', 'wordpiece');
      await page.fill('#bpe-vocab-size', '8192');
      // Stop while the merges are being learned (one synchronous call in the worker that reads the
      // shared cancel flag as it goes): the page clicks Stop itself the moment the status first shows
      // merges, so no polling interval of the test can miss that phase on a loaded machine.
      await page.evaluate(() => {
        const status = document.querySelector('#train-bpe-status');
        const observer = new MutationObserver(() => {
          if (!/^merges: [1-9]\d* merges/.test(status.textContent ?? '')) return;
          observer.disconnect();
          document.querySelector('#train-bpe-cancel').click();
        });
        observer.observe(status, { childList: true, characterData: true, subtree: true });
      });
      await page.click('#train-bpe');
      // The timeout guards against hangs; it is not a latency bound.
      await page.waitForFunction(() => /^(Cancelled\.|trained a)/.test(document.querySelector('#train-bpe-status')?.textContent ?? ''), null, { timeout: 180_000 });
      const status = await page.textContent('#train-bpe-status');
      expect(!/trained a/.test(status), `training finished instead of stopping: ${status}`);
      expect(!(await page.isDisabled('#train-bpe')), 'the train button stayed disabled after the stop');
    },
  },
  {
    name: 'digits-data-and-drawing',
    async run(page, baseUrl) {
      await open(page, baseUrl, 'digits');
      await page.waitForFunction(() => document.querySelectorAll('#digits-samples canvas').length === 20, null, { timeout: 180_000 });
      await page.locator('#draw-canvas').scrollIntoViewIfNeeded();
      const box = await page.locator('#draw-canvas').boundingBox();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.07 * i));
      await page.mouse.up();
      const ink = await page.evaluate(() => {
        const c = document.querySelector('#draw-preview');
        const data = c.getContext('2d').getImageData(0, 0, 28, 28).data;
        let sum = 0, columns = new Set();
        for (let i = 0; i < 784; i++) if (data[4 * i] > 0) { sum += data[4 * i]; columns.add(i % 28); }
        return { sum, width: columns.size };
      });
      // A vertical stroke becomes a thin, centred "1" in the 28x28 input.
      expect(ink.sum > 0 && ink.width <= 8, `unexpected preprocessed drawing: ${JSON.stringify(ink)}`);
    },
  },
  {
    name: 'digits-train-predict-save-cancel',
    async run(page, baseUrl) {
      await open(page, baseUrl, 'digits');
      if (await page.isDisabled('#digits-train')) throw new Skip(`training unavailable: ${await page.textContent('#digits-status')}`);
      const { seconds, accuracy } = await trainDigits(page, 'mlp', 2, 300_000);
      expect(accuracy > 0.85, `validation accuracy after 2 epochs is ${accuracy}`);
      // Draw a "1" and read the probabilities computed in the worker.
      await page.locator('#draw-canvas').scrollIntoViewIfNeeded();
      const box = await page.locator('#draw-canvas').boundingBox();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.07 * i));
      await page.mouse.up();
      await page.waitForFunction(() => document.querySelectorAll('#digits-probabilities b').length === 10, null, { timeout: 180_000 });
      // Save to IndexedDB, load it back as a new model in the worker.
      await page.click('text=Save in browser');
      await page.waitForFunction(() => /saved \(\d+ bytes\)/.test(document.querySelector('#digits-save-status')?.textContent ?? ''), null, { timeout: 180_000 });
      await page.click('text=Load from browser');
      await page.waitForFunction(() => /loaded the model saved/.test(document.querySelector('#digits-save-status')?.textContent ?? ''), null, { timeout: 180_000 });
      await page.waitForFunction(() => document.querySelector('#digits-probabilities')?.dataset.modelId !== undefined, null, { timeout: 180_000 });
      const loadedModel = await page.$eval('#digits-probabilities', (p) => p.dataset.modelId);
      // The finished run drew its validation confusion matrix.
      expect(await confusionPainted(page), 'no confusion matrix after training');
      // A long run, cancelled mid-training: its first epoch does not show the previous run's matrix,
      // and the partly trained model replaces the loaded one: the drawing is predicted by it.
      const blank = await cancelLongTraining(page);
      expect(blank, 'the previous run\'s confusion matrix was still shown during the new run\'s first epoch');
      await page.waitForFunction((before) => {
        const p = document.querySelector('#digits-probabilities');
        return p.dataset.modelId !== before && p.querySelectorAll('b').length === 10;
      }, loadedModel, { timeout: 180_000 });
      expect(!(await page.isDisabled('text=Save in browser')), 'the kept model cannot be saved');
      return `MLP, 2 epochs of 8000 digits: ${seconds.toFixed(1)} s including data loading, validation accuracy ${accuracy}`;
    },
  },
  {
    name: 'digits-cnn-one-epoch',
    async run(page, baseUrl) {
      await open(page, baseUrl, 'digits');
      const option = page.locator('#digits-model option[value="cnn"]');
      if (await option.isDisabled()) throw new Skip(`CNN training unavailable: ${await option.textContent()}`);
      const { seconds, status, accuracy } = await trainDigits(page, 'cnn', 1, 300_000);
      expect(accuracy > 0.8, `CNN validation accuracy after 1 epoch is ${accuracy}`);
      // The page is cross-origin isolated: the worker trains on the threaded kernels.
      expect(/on 2 threads/.test(status), `the CNN did not train on 2 threads: ${status}`);
      return `CNN, 1 epoch of 8000 digits on 2 threads: ${seconds.toFixed(1)} s, validation accuracy ${accuracy}`;
    },
  },
  {
    name: 'not-isolated-single-threaded',
    isolated: false,
    async run(page, baseUrl) {
      await open(page, baseUrl, 'kernels');
      const env = await page.evaluate(() => ({ isolated: crossOriginIsolated, sab: typeof SharedArrayBuffer }));
      expect(!env.isolated && env.sab === 'undefined', `expected a page without cross-origin isolation, got ${JSON.stringify(env)}`);
      expect((await page.textContent('#worker-status')).includes('not isolated'), 'the status does not say the page is not isolated');
      expect(await page.isDisabled('#variant-threads'), 'the threaded build is offered without cross-origin isolation');
      // Cancel travels as a message here (no shared flag): a long benchmark still stops.
      await page.selectOption('#kernel-case', { label: 'GEMM 128 x 128 x 128' });
      await page.selectOption('#kernel-duration', '1000');
      await page.click('#run-benchmark');
      await page.waitForTimeout(150);
      await page.click('text=Cancel');
      // A run that ignored the cancel would end with its result table instead (a hang guard, not a bound).
      await page.waitForFunction(() => document.body.textContent.includes('Cancelled.'), null, { timeout: 180_000 });
      await page.goto(`${baseUrl}#digits`);
      await page.waitForSelector('#worker-status.ok', { timeout: 180_000 });
      if (await page.isDisabled('#digits-train')) return 'training unavailable: only the kernel cancel was checked';
      await cancelLongTraining(page);
    },
  },
  {
    name: 'text-train-generate-lora',
    async run(page, baseUrl) {
      await open(page, baseUrl, 'text');
      await page.fill('#text-steps', '40');
      await page.click('#text-train');
      await page.waitForFunction(() => /trained \d+ parameters/.test(document.querySelector('#text-train-status')?.textContent ?? ''), null, { timeout: 300_000 });
      const status = await page.textContent('#text-train-status');
      const sample = await page.textContent('#text-sample');
      expect(sample.length > 20, `no training sample shown: ${JSON.stringify(sample)}`);
      await page.click('#text-generate');
      // 200 new characters after the prompt (generation runs past the 64-character training window).
      await page.waitForFunction(() => (document.querySelector('#text-generated')?.textContent ?? '').length === 'The whale '.length + 200, null, { timeout: 120_000 });
      await page.fill('#lora-steps', '10');
      await page.click('#lora-train');
      await page.waitForFunction(() => /adapters: \d+ parameters/.test(document.querySelector('#lora-status')?.textContent ?? ''), null, { timeout: 300_000 });
      const lora = await page.textContent('#lora-status');
      const [, adapter, base] = /adapters: (\d+) parameters .* the model's (\d+)/.exec(lora) ?? [];
      expect(Number(adapter) > 0 && Number(adapter) < Number(base), `adapter size not shown beside the model's: ${lora}`);
      return `${status}; ${lora.split(';')[0]}`;
    },
  },
  {
    name: 'text-stories260k-greedy-and-attention',
    async run(page, baseUrl) {
      await open(page, baseUrl, 'text');
      await page.fill('#stories-temperature', '0');
      await page.fill('#stories-tokens', '40');
      await page.click('#stories-generate');
      await page.waitForFunction(() => /tokens at [\d.]+ tokens\/s/.test(document.querySelector('#stories-speed')?.textContent ?? ''), null, { timeout: 180_000 });
      const story = await page.textContent('#stories-output');
      // llama2.c's greedy continuation of this prompt (shared/models/stories260K/greedy-reference.json).
      expect(story.startsWith('Once upon a time, there was a little girl named Lily. She loved to play outside'), `not stories260K's greedy text: ${JSON.stringify(story.slice(0, 120))}`);
      await page.waitForFunction(() => Number(document.querySelector('#attention-map')?.dataset.tokens ?? 0) > 10, null, { timeout: 120_000 });
      await page.selectOption('#attention-head', '3');
      await page.waitForFunction(() => /head 3/.test(document.querySelector('#attention-status')?.textContent ?? ''), null, { timeout: 120_000 });
      return (await page.textContent('#stories-speed')) ?? '';
    },
  },
  {
    name: 'home-then-pages-in-another-order',
    async run(page, baseUrl) {
      // The landing page says what Neurite is and links every page.
      await page.goto(baseUrl);
      await page.waitForSelector('#home', { timeout: 60_000 });
      for (const name of ['Kernels', 'Tokenizer', 'Digits', 'Text']) expect(await page.$(`#home a:text("${name}")`), `the landing page does not link ${name}`);
      await page.waitForSelector(READY, { timeout: 180_000 });
      // A page first opened after the worker became ready still learns its capabilities.
      await page.click('nav a[data-page="tokenizer"]');
      await page.waitForSelector('#tokenizer-input', { timeout: 60_000 });
      await page.click('nav a[data-page="kernels"]');
      await page.waitForFunction(() => !document.querySelector('#variant-threads').disabled, null, { timeout: 60_000 });
    },
  },
  {
    name: 'spam-train-roc-confusion-classify',
    async run(page, baseUrl) {
      await open(page, baseUrl, 'spam');
      await page.click('#spam-train');
      await page.waitForFunction(() => /trained on \d+ emails/.test(document.querySelector('#spam-status')?.textContent ?? ''), null, { timeout: 900_000 });
      const status = await page.textContent('#spam-status');
      const testCount = Number(/tested on (\d+)/.exec(status)?.[1]);
      const testSpam = Number(/tested on \d+ \((\d+) spam\)/.exec(status)?.[1]);
      expect(testCount > 1000 && testSpam > 200, `implausible split: ${status}`);
      // the metrics table: both models, ROC AUC well above chance
      const rows = await page.$$eval('#spam-metrics tbody tr', (trs) => trs.map((tr) => ({
        model: tr.dataset.model,
        ...Object.fromEntries([...tr.querySelectorAll('td[data-metric]')].map((td) => [td.dataset.metric, Number(td.textContent)])),
      })));
      expect(rows.length === 2, `expected two models in the metrics table, got ${JSON.stringify(rows)}`);
      for (const r of rows) expect(r.auc > 0.9 && r.auc <= 1 && r.accuracy > 0.85 && r.f1 > 0.8, `implausible test figures: ${JSON.stringify(r)}`);
      const logistic = rows.find((r) => r.model === 'logistic-regression');
      expect(logistic.auc > 0.98, `logistic regression's test ROC AUC is only ${logistic.auc}`);
      // the ROC chart has both curves drawn (uPlot's canvas)
      expect(await page.$('.chart canvas'), 'no ROC chart');
      // the confusion matrix: counts add up to the test part, its spam row to the test spam, and the diagonal dominates
      const cells = await page.$$eval('#spam-confusion td[data-cell]', (tds) => Object.fromEntries(tds.map((td) => [td.dataset.cell, Number(td.textContent)])));
      const { tn, fp, fn, tp } = cells;
      expect(tn + fp + fn + tp === testCount && tp + fn === testSpam, `confusion matrix ${JSON.stringify(cells)} does not add up to ${testCount} test emails (${testSpam} spam)`);
      expect((tn + tp) / testCount > 0.9, `confusion matrix ${JSON.stringify(cells)}: accuracy below 0.9`);
      expect(await page.$eval('#spam-confusion-canvas', (c) => c.width > 0), 'confusion matrix not drawn');
      // a pasted email, classified in the worker
      const classify = async (text) => {
        await page.evaluate(() => delete document.querySelector('#spam-result').dataset.label);
        await page.fill('#spam-text', text);
        await page.click('#spam-classify');
        await page.waitForFunction(() => document.querySelector('#spam-result')?.dataset.label !== undefined, null, { timeout: 60_000 });
        return page.$eval('#spam-result', (el) => ({ label: el.dataset.label, probability: Number(el.dataset.probability), text: el.textContent }));
      };
      const spam = await classify('Subject: FREE MONEY!!! You are our lucky WINNER\n\nClaim your guaranteed cash prize now! Click here to receive $1,000,000. Limited time offer, act now, 100% free, no credit check. To be removed from our mailing list click here.');
      expect(spam.label === 'spam' && spam.probability > 0.5, `the spammy email was not called spam: ${spam.text}`);
      const ham = await classify('Subject: Re: meeting notes\n\nHi Anna, thanks for sending the notes. I looked at the patch you attached and it builds fine here; let us go over the open bugs on Tuesday after lunch. Best, Mark');
      expect(ham.label === 'ham' && ham.probability < 0.5, `the normal email was not called ham: ${ham.text}`);
      return `${status.split(';')[1]?.trim()}; logistic regression AUC ${logistic.auc}, accuracy ${logistic.accuracy}; spam P ${spam.probability.toFixed(3)}, ham P ${ham.probability.toFixed(3)}`;
    },
  },
  {
    name: 'spam-stop-not-isolated',
    isolated: false,
    async run(page, baseUrl) {
      // Without cross-origin isolation the cancel travels as a message (no shared flag); Stop still ends the job.
      await open(page, baseUrl, 'spam');
      await page.click('#spam-train');
      await page.waitForFunction(() => /tokenising/.test(document.querySelector('#spam-status')?.textContent ?? ''), null, { timeout: 180_000 });
      await page.click('#spam-stop');
      await page.waitForFunction(() => /^Cancelled\./.test(document.querySelector('#spam-status')?.textContent ?? ''), null, { timeout: 180_000 });
      expect(await page.$eval('#spam-classify', (b) => b.disabled), 'Classify is enabled after a cancelled training');
      expect(!(await page.$eval('#spam-train', (b) => b.disabled)), 'Train stays disabled after Stop');
      return (await page.textContent('#spam-status')) ?? '';
    },
  },
  {
    name: 'digits-readable-error',
    async run(page, baseUrl) {
      // A bad setting is reported as a short sentence, not as a chain of error classes.
      await open(page, baseUrl, 'digits');
      if (await page.isDisabled('#digits-train')) throw new Skip(`training unavailable: ${await page.textContent('#digits-status')}`);
      await page.fill('#digits-epochs', '0');
      await page.click('#digits-train');
      await page.waitForFunction(() => /epochs/i.test(document.querySelector('#digits-status')?.textContent ?? ''), null, { timeout: 180_000 });
      const status = (await page.textContent('#digits-status')) ?? '';
      expect(status === 'Epochs is 0; expected an integer in 1..10000', `the error reads: ${status}`);
      expect(!/Error\b/.test(status), `the error shows class names: ${status}`);
      return status;
    },
  },
  {
    name: 'api-without-trailing-slash',
    async run(page, baseUrl) {
      // The API reference's relative links need /api/: /api redirects there (query kept).
      for (const [path, target] of [['api', '/api/'], ['api?x=1', '/api/?x=1']]) {
        const response = await page.request.get(`${baseUrl}${path}`, { maxRedirects: 0 });
        expect(response.status() === 301, `/${path} answered ${response.status()}, expected a 301 redirect`);
        expect(response.headers().location === target, `/${path} redirects to ${response.headers().location}, expected ${target}`);
      }
    },
  },
];
