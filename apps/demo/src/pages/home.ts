// Landing page: what Neurite is, and what each page of the demo shows.
import { h } from '../ui/dom.ts';

const PAGES: [string, string, string][] = [
  ['#kernels', 'Kernels', 'time the WebAssembly SIMD kernels (GEMM, convolution, softmax) in this browser, on one thread or two.'],
  ['#tokenizer', 'Tokenizer', 'GPT-2 / cl100k / o200k tokenization with exact ids, and BPE or WordPiece trained on your text.'],
  ['#digits', 'Digits', 'train an MLP or a CNN on MNIST digits with live charts, then draw a digit for it to read.'],
  ['#text', 'Text', 'train a character-level GPT, fine-tune it with LoRA, and write stories with a pretrained Llama (stories260K).'],
  ['#spam', 'Spam', 'a spam filter on the SpamAssassin emails (hashed words, logistic regression and naive Bayes): ROC curves, confusion matrix, and a box that classifies a pasted email.'],
  ['api/', 'API reference', 'every exported class, function and type of the packages, generated from their TSDoc comments (npm run docs builds it).'],
];

export function homePage(): HTMLElement {
  return h(
    'section',
    { class: 'card', id: 'home' },
    h('h2', {}, 'Neurite: machine learning in TypeScript, on WebAssembly'),
    h('p', {}, 'Tensors with autograd, neural networks from MLPs to transformers with RoPE and LoRA, scikit-learn-style classical ML, metrics, feature engineering and tokenizers, as npm packages that run in Node and in the browser. Everything on these pages runs in a Web Worker of this tab: nothing is sent anywhere.'),
    h('ul', {}, ...PAGES.map(([href, name, text]) => h('li', {}, h('a', { href }, name), `: ${text}`))),
  );
}
