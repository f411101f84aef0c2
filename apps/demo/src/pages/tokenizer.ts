// Tokenizer page: encode pasted text in the worker with a shipped encoding or a BPE trained on the text.
import type { TokenizerSpec, TokenizeResult } from '@neurite/worker';
import { neurite, onWorkerReady } from '../neurite.ts';
import { describeError, formatNumber, h } from '../ui/dom.ts';
import { LatestRequest } from '../ui/latest-request.ts';

const SAMPLE = `Neurite trains neural networks in your browser. Tokenizers split text into pieces:
"hello world" becomes two GPT-2 tokens, while unusual words like "antidisestablishmentarianism" need several.
Code too: const answer = [1, 2, 3].map((x) => x * 42);  // émojis 🙂 and 日本語 are bytes underneath.`;

const COLORS = ['#cfe3ff', '#ffe0b8', '#d4f0d0', '#f6d0e0', '#e4d8f8', '#fff3b0'];
const MAX_RENDERED = 4000;

export function tokenizerPage(): HTMLElement {
  const text = h('textarea', { id: 'tokenizer-input', spellcheck: false, value: SAMPLE });
  const choice = h(
    'select',
    { id: 'tokenizer-choice' },
    h('option', { value: 'encoding:gpt2' }, 'GPT-2 (r50k_base)'),
    h('option', { value: 'encoding:cl100k_base' }, 'cl100k_base (GPT-3.5/4)'),
    h('option', { value: 'encoding:o200k_base' }, 'o200k_base (GPT-4o)'),
  );
  const trainedOptions = {
    bpe: h('option', { value: 'trained:bpe', disabled: true }, 'BPE trained on this text (train it first)'),
    wordpiece: h('option', { value: 'trained:wordpiece', disabled: true }, 'WordPiece trained on this text (train it first)'),
  };
  choice.append(trainedOptions.bpe, trainedOptions.wordpiece);
  const trainModel = h('select', { id: 'train-model' }, h('option', { value: 'bpe' }, 'byte-level BPE'), h('option', { value: 'wordpiece' }, 'WordPiece (BERT-style)'));
  const tokenizeButton = h('button', { id: 'tokenize' }, 'Tokenize');
  const vocabSize = h('input', { id: 'bpe-vocab-size', type: 'number', min: 260, max: 8192, value: 600, style: { width: '6rem' } });
  const trainButton = h('button', { id: 'train-bpe', class: 'secondary' }, 'Train on this text');
  const trainCancel = h('button', { id: 'train-bpe-cancel', class: 'secondary', disabled: true }, 'Stop');
  const trainProgress = h('progress', { max: 1, value: 0 });
  const trainMessage = h('span', { class: 'note', id: 'train-bpe-status' });
  const stats = h('div', { class: 'stats', id: 'token-stats' });
  const tokens = h('div', { class: 'tokens', id: 'tokens' });
  const ids = h('div', { class: 'ids', id: 'token-ids' });
  const message = h('p', { class: 'note' });
  const trainedIds: { bpe?: string; wordpiece?: string } = {};
  // Each run cancels the one before it in the worker (typing re-runs the tokenizer).
  const encoding = new LatestRequest();
  const training = new LatestRequest();

  onWorkerReady((info) => {
    if (info instanceof Error) return;
    if (!info.jobs.trainTokenizer) {
      trainButton.disabled = true;
      trainMessage.textContent = 'Tokenizer training is not in this build of @neurite/worker.';
    }
  });

  function spec(): TokenizerSpec {
    const value = choice.value;
    if (value.startsWith('trained:')) {
      const id = trainedIds[value.slice('trained:'.length) as 'bpe' | 'wordpiece'];
      if (id !== undefined) return { kind: 'trained', id };
    }
    return { kind: 'encoding', name: value.slice('encoding:'.length) as 'gpt2' };
  }

  function render(input: string, result: TokenizeResult): void {
    const count = result.ids.length;
    stats.replaceChildren(
      h('span', {}, 'tokens ', h('b', { id: 'token-count' }, String(count))),
      h('span', {}, 'distinct ', h('b', {}, String(result.distinctTokens))),
      h('span', {}, 'characters ', h('b', {}, String(input.length))),
      h('span', {}, 'UTF-8 bytes ', h('b', {}, String(result.bytes))),
      h('span', {}, 'bytes/token ', h('b', {}, count ? formatNumber(result.bytes / count) : '-')),
      h('span', {}, 'encode ', h('b', {}, `${formatNumber(result.encodeMs)} ms`)),
    );
    const fragment = document.createDocumentFragment();
    let covered = 0;
    const shown = Math.min(count, MAX_RENDERED);
    for (let i = 0; i < shown; i++) {
      const start = result.offsets[2 * i]!, end = result.offsets[2 * i + 1]!;
      const added = start === end; // a token the tokenizer adds, such as WordPiece's [CLS] and [SEP]
      if (start < covered && !added) continue; // a later byte of a character another token already showed
      // Text no token covers (WordPiece drops whitespace) is shown uncoloured.
      if (!added && start > covered) fragment.appendChild(document.createTextNode(input.slice(covered, start)));
      const span = document.createElement('span');
      span.textContent = added ? `⟨${result.ids[i]}⟩` : input.slice(start, end);
      if (added) span.className = 'added';
      span.style.background = COLORS[i % COLORS.length]!;
      span.title = `#${i}: id ${result.ids[i]}`;
      span.dataset['id'] = String(result.ids[i]);
      fragment.appendChild(span);
      if (!added) covered = end;
    }
    if (shown < count) fragment.appendChild(h('span', { class: 'note' }, ` … ${count - shown} more tokens`));
    tokens.replaceChildren(fragment);
    ids.textContent = `[${Array.from(result.ids.subarray(0, MAX_RENDERED)).join(', ')}${shown < count ? ', …' : ''}]`;
  }

  async function run(): Promise<void> {
    const signal = encoding.next();
    const input = text.value;
    message.textContent = '';
    try {
      const result = await neurite().tokenize({ text: input, tokenizer: spec() }, {
        signal,
        onProgress: (p) => {
          if (encoding.isLatest(signal) && p.chars < p.totalChars) message.textContent = `encoding… ${Math.round((100 * p.chars) / p.totalChars)}%`;
        },
      });
      if (encoding.isLatest(signal)) {
        message.textContent = '';
        render(input, result);
      }
    } catch (error) {
      if (encoding.isLatest(signal)) message.textContent = describeError(error);
    }
  }

  let debounce: ReturnType<typeof setTimeout> | undefined;
  text.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void run(), 250);
  });
  choice.addEventListener('change', () => void run());
  tokenizeButton.addEventListener('click', () => void run());

  trainCancel.addEventListener('click', () => training.cancel());
  trainButton.addEventListener('click', async () => {
    const signal = training.next();
    trainButton.disabled = true;
    trainCancel.disabled = false;
    trainProgress.value = 0;
    trainMessage.textContent = 'training…';
    const model = trainModel.value as 'bpe' | 'wordpiece';
    try {
      const info = await neurite().trainTokenizer(
        { text: text.value, model, vocabSize: Number(vocabSize.value) },
        {
          signal,
          onProgress: (p) => {
            if (p.phase === 'words' && p.chars !== undefined && p.totalChars !== undefined) {
              trainProgress.value = 0;
              trainMessage.textContent = `counting words: ${Math.round((100 * p.chars) / p.totalChars)}%`;
              return;
            }
            trainProgress.value = p.phase === 'done' ? 1 : p.vocabSize / p.targetVocabSize;
            trainMessage.textContent = `${p.phase}: ${p.merges} merges, vocabulary ${p.vocabSize} / ${p.targetVocabSize}`;
          },
        },
      );
      trainedIds[model] = info.id;
      const option = trainedOptions[model];
      option.disabled = false;
      option.textContent = `${model === 'bpe' ? 'BPE' : 'WordPiece'} trained on this text (${info.vocabSize} tokens)`;
      choice.value = option.value;
      trainProgress.value = 1;
      trainMessage.textContent = `trained a ${info.vocabSize}-token vocabulary in ${formatNumber(info.trainMs)} ms`;
      await run();
    } catch (error) {
      trainMessage.textContent = describeError(error);
    } finally {
      trainButton.disabled = false;
      trainCancel.disabled = true;
    }
  });

  void run();
  return h(
    'div',
    {},
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Tokenizer'),
      h('p', { class: 'note' }, 'Byte-level BPE that reproduces GPT-2 and tiktoken ids exactly, or a BPE / WordPiece vocabulary trained on your text. Encoding and training run in the worker.'),
      text,
      h('div', { class: 'row' }, choice, tokenizeButton),
      h('div', { class: 'row' }, trainModel, h('label', {}, 'vocabulary size ', vocabSize), trainButton, trainCancel, trainProgress, trainMessage),
      message,
    ),
    h('section', { class: 'card' }, stats, tokens, h('h2', { style: { marginTop: '0.8rem' } }, 'Ids'), ids),
  );
}
