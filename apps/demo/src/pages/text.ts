// Text page: train a character-level GPT on Moby Dick in the worker (live loss chart and samples),
// generate from it, fine-tune it with LoRA on a second text (adapter size beside the model's), and
// write stories with the pretrained stories260K (llama2.c's checkpoint), streaming tokens with their
// rate, with one attention head's weights over the story drawn as a heat map.
import type { AttentionMapResult } from '@neurite/worker';
import { neurite } from '../neurite.ts';
import { describeError, formatNumber, h } from '../ui/dom.ts';
import { LatestRequest } from '../ui/latest-request.ts';
import { lineChart } from '../ui/line-chart.ts';

const kb = (bytes: number): string => `${formatNumber(bytes / 1024)} KB`;
let mobyDick: Promise<string> | undefined;
let lincoln: Promise<string> | undefined;
const fetchText = (name: string): Promise<string> => fetch(`data/${name}`).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`data/${name}: HTTP ${r.status}`))));
const fetchBytes = (name: string): Promise<Uint8Array> => fetch(`data/${name}`).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`data/${name}: HTTP ${r.status}`)))).then((b) => new Uint8Array(b));

function number(input: HTMLInputElement, fallback: number): number {
  const v = Number(input.value);
  return Number.isFinite(v) ? v : fallback;
}

/** Draws a T x T weight matrix (rows: query positions) with the tokens along both axes. */
function drawHeatMap(canvas: HTMLCanvasElement, map: AttentionMapResult): void {
  const t = map.tokens.length;
  const cell = Math.max(4, Math.floor(480 / t));
  canvas.width = canvas.height = cell * t;
  const ctx = canvas.getContext('2d')!;
  for (let i = 0; i < t; i++) {
    for (let j = 0; j < t; j++) {
      const w = map.weights[i * t + j]!;
      const shade = Math.round(255 * (1 - Math.min(1, Math.sqrt(w))));
      ctx.fillStyle = `rgb(${shade}, ${shade}, 255)`;
      ctx.fillRect(j * cell, i * cell, cell, cell);
    }
  }
  canvas.dataset['tokens'] = String(t);
  canvas.title = map.tokens.join('|');
}

export function textPage(): HTMLElement {
  // --- character model -----------------------------------------------------------------------------
  const steps = h('input', { id: 'text-steps', type: 'number', min: 1, max: 5000, value: 300, style: { width: '6rem' } });
  const train = h('button', { id: 'text-train' }, 'Train on Moby Dick');
  const stop = h('button', { id: 'text-stop', class: 'secondary', disabled: true }, 'Stop');
  const trainStatus = h('p', { class: 'note', id: 'text-train-status' }, 'A 2-layer decoder (d 64, 4 heads) learns Moby Dick character by character.');
  const chart = lineChart({ title: 'training loss', xLabel: 'step', yLabel: 'cross-entropy', series: ['loss'] });
  const sample = h('pre', { class: 'sample', id: 'text-sample' });
  const prompt = h('input', { id: 'text-prompt', value: 'The whale ', style: { width: '16rem' } });
  const generateButton = h('button', { id: 'text-generate', disabled: true }, 'Generate');
  const generated = h('pre', { class: 'sample', id: 'text-generated' });
  const loraSteps = h('input', { id: 'lora-steps', type: 'number', min: 1, max: 2000, value: 100, style: { width: '6rem' } });
  const loraRank = h('input', { id: 'lora-rank', type: 'number', min: 1, max: 64, value: 4, style: { width: '4rem' } });
  const loraButton = h('button', { id: 'lora-train', disabled: true }, 'Fine-tune with LoRA on Lincoln');
  const loraStatus = h('p', { class: 'note', id: 'lora-status' });
  const loraSample = h('pre', { class: 'sample', id: 'lora-sample' });
  let charModel: string | undefined;
  let tunedModel: string | undefined;
  const training = new LatestRequest();

  train.addEventListener('click', async () => {
    const signal = training.next();
    train.disabled = true;
    stop.disabled = false;
    const x: number[] = [], losses: number[] = [];
    chart.setData([], [[]]);
    trainStatus.textContent = 'loading the text...';
    const started = performance.now();
    try {
      mobyDick ??= fetchText('moby-dick.txt');
      const text = await mobyDick;
      const total = Math.max(1, Math.floor(number(steps, 300)));
      const info = await neurite().trainCharModel({ text, steps: total, sampleEvery: 25, sampleLength: 120 }, {
        signal,
        onProgress: (e) => {
          x.push(e.step);
          losses.push(e.loss);
          if (e.step % 5 === 0 || e.step === e.steps) chart.setData(x, [losses]);
          trainStatus.textContent = `step ${e.step}/${e.steps}, loss ${formatNumber(e.loss)}`;
          if (e.sample !== undefined) sample.textContent = e.sample;
        },
      });
      charModel = info.modelId;
      generateButton.disabled = false;
      loraButton.disabled = false;
      trainStatus.textContent = `trained ${info.parameters} parameters (${kb(info.bytes)}) in ${formatNumber((performance.now() - started) / 1000)} s, final loss ${formatNumber(losses.at(-1) ?? NaN)}`;
    } catch (error) {
      trainStatus.textContent = describeError(error);
    } finally {
      train.disabled = false;
      stop.disabled = true;
    }
  });
  stop.addEventListener('click', () => training.cancel());

  generateButton.addEventListener('click', async () => {
    if (charModel === undefined) return;
    generated.textContent = prompt.value;
    try {
      const out = await neurite().generateText({ modelId: tunedModel ?? charModel, prompt: prompt.value, maxNewTokens: 200, temperature: 0.8, seed: 1 }, {
        onProgress: (e) => void (generated.textContent += e.piece),
      });
      generated.textContent = out.text;
    } catch (error) {
      generated.textContent = describeError(error);
    }
  });

  loraButton.addEventListener('click', async () => {
    if (charModel === undefined) return;
    loraButton.disabled = true;
    loraStatus.textContent = 'loading the second text...';
    try {
      lincoln ??= fetchText('lincoln.txt');
      const text = await lincoln;
      const info = await neurite().fineTuneLora({ modelId: charModel, text, steps: Math.max(1, Math.floor(number(loraSteps, 100))), rank: Math.max(1, Math.floor(number(loraRank, 4))) }, {
        onProgress: (e) => {
          loraStatus.textContent = `LoRA step ${e.step}/${e.steps}, loss ${formatNumber(e.loss)}`;
          if (e.sample !== undefined) loraSample.textContent = e.sample;
        },
      });
      tunedModel = info.modelId;
      loraStatus.textContent = `adapters: ${info.adapterParameters} parameters (${kb(info.adapterBytes)}) beside the model's ${info.parameters - info.adapterParameters} (${kb((info.parameters - info.adapterParameters) * 4)}); final loss ${formatNumber(info.finalLoss)}. Generate now uses the fine-tuned model.`;
    } catch (error) {
      loraStatus.textContent = describeError(error);
    } finally {
      loraButton.disabled = false;
    }
  });

  // --- stories260K -----------------------------------------------------------------------------------
  const storyPrompt = h('input', { id: 'stories-prompt', value: 'Once upon a time', style: { width: '16rem' } });
  const temperature = h('input', { id: 'stories-temperature', type: 'number', min: 0, max: 2, step: 0.1, value: 0.8, style: { width: '5rem' } });
  const topP = h('input', { id: 'stories-top-p', type: 'number', min: 0.05, max: 1, step: 0.05, value: 0.9, style: { width: '5rem' } });
  const storyTokens = h('input', { id: 'stories-tokens', type: 'number', min: 1, max: 500, value: 200, style: { width: '5rem' } });
  const storyButton = h('button', { id: 'stories-generate' }, 'Write a story');
  const story = h('pre', { class: 'sample', id: 'stories-output' });
  const speed = h('p', { class: 'note', id: 'stories-speed' });
  const layer = h('select', { id: 'attention-layer' }, ...Array.from({ length: 5 }, (_, i) => h('option', { value: i }, `layer ${i}`)));
  const head = h('select', { id: 'attention-head' }, ...Array.from({ length: 8 }, (_, i) => h('option', { value: i }, `head ${i}`)));
  const heatMap = h('canvas', { id: 'attention-map', class: 'heat', width: 0, height: 0 });
  const heatStatus = h('p', { class: 'note', id: 'attention-status' });
  let storiesModel: Promise<string> | undefined;
  let lastStory = '';
  const stories = new LatestRequest();

  async function drawAttention(): Promise<void> {
    if (storiesModel === undefined || lastStory === '') return;
    try {
      const map = await neurite().attentionMap({ modelId: await storiesModel, text: lastStory, layer: Number(layer.value), head: Number(head.value) });
      drawHeatMap(heatMap, map);
      heatStatus.textContent = `layer ${layer.value}, head ${head.value}: how much each of the first ${map.tokens.length} tokens (rows) attends to the earlier ones (columns); darker is more.`;
    } catch (error) {
      heatStatus.textContent = describeError(error);
    }
  }
  layer.addEventListener('change', () => void drawAttention());
  head.addEventListener('change', () => void drawAttention());

  storyButton.addEventListener('click', async () => {
    const signal = stories.next();
    storyButton.disabled = true;
    story.textContent = storyPrompt.value;
    speed.textContent = 'loading stories260K...';
    try {
      storiesModel ??= Promise.all([fetchBytes('stories260K.bin'), fetchBytes('tok512.bin')])
        .then(([checkpoint, tokenizer]) => neurite().loadLlama2c({ checkpoint, tokenizer }))
        .then((info) => info.modelId)
        .catch((error: unknown) => {
          storiesModel = undefined;
          throw error;
        });
      const modelId = await storiesModel;
      const out = await neurite().generateText({
        modelId, prompt: storyPrompt.value, maxNewTokens: Math.max(1, Math.floor(number(storyTokens, 200))), temperature: number(temperature, 0.8), topP: number(topP, 0.9), seed: 7,
      }, { signal, onProgress: (e) => void (story.textContent += e.piece) });
      story.textContent = out.text;
      speed.textContent = `${out.tokens} tokens at ${formatNumber(out.tokensPerSecond)} tokens/s (one worker thread)`;
      lastStory = out.text;
      await drawAttention();
    } catch (error) {
      speed.textContent = describeError(error);
    } finally {
      storyButton.disabled = false;
    }
  });

  return h(
    'div',
    {},
    h('section', { class: 'card' },
      h('h2', {}, 'A character-level GPT on Moby Dick'),
      h('div', { class: 'row' }, h('label', {}, 'steps ', steps), train, stop),
      trainStatus,
      chart.element,
      h('p', { class: 'note' }, 'Sample during training:'),
      sample,
      h('div', { class: 'row' }, h('label', {}, 'prompt ', prompt), generateButton),
      generated),
    h('section', { class: 'card' },
      h('h2', {}, 'Fine-tune it with LoRA on a second text (Lincoln\'s State of the Union addresses)'),
      h('div', { class: 'row' }, h('label', {}, 'steps ', loraSteps), h('label', {}, 'rank ', loraRank), loraButton),
      loraStatus,
      loraSample),
    h('section', { class: 'card' },
      h('h2', {}, 'Stories with stories260K (a pretrained Llama, 260K parameters)'),
      h('div', { class: 'row' }, h('label', {}, 'prompt ', storyPrompt), h('label', {}, 'temperature ', temperature), h('label', {}, 'top-p ', topP), h('label', {}, 'tokens ', storyTokens), storyButton),
      story,
      speed,
      h('div', { class: 'row' }, layer, head),
      heatMap,
      heatStatus),
  );
}
