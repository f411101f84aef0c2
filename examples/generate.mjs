#!/usr/bin/env node
// Text generation with a llama2.c checkpoint and tokenizer, printed as llama2.c's `run` prints it:
//   node examples/generate.mjs --checkpoint FILE --tokenizer FILE --prompt TEXT --steps N
//        [--temperature T] [--top-p P] [--top-k K] [--seed S]
// The prompt's tokens count as steps (BOS included, as in run.c); temperature 0 is greedy. The text
// (prompt included) goes to stdout as it is generated; tokens per second go to stderr.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateTokens, LlamaForCausalLM } from '@neurite/nn';
import { init } from '@neurite/tensor';
import { LLAMA2C_BOS, Llama2cTokenizer } from '@neurite/tokenizers';

const USAGE = 'usage: node examples/generate.mjs --checkpoint FILE --tokenizer FILE --prompt TEXT --steps N [--temperature T] [--top-p P] [--top-k K] [--seed S]';

function fail(message) {
  process.stderr.write(`generate: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function number(text, name, check) {
  const value = Number(text);
  if (text === undefined || text === '' || !check(value)) fail(`--${name} ${text === undefined ? 'is missing' : `is ${JSON.stringify(text)}`}`);
  return value;
}

let args;
try {
  args = parseArgs({
    options: {
      checkpoint: { type: 'string' }, tokenizer: { type: 'string' }, prompt: { type: 'string', default: '' },
      steps: { type: 'string', default: '256' }, temperature: { type: 'string', default: '1' }, 'top-p': { type: 'string', default: '0.9' },
      'top-k': { type: 'string', default: '0' }, seed: { type: 'string', default: '0' }, help: { type: 'boolean' },
    },
  }).values;
} catch (error) {
  fail(error.message);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!args.checkpoint || !args.tokenizer) fail('--checkpoint and --tokenizer are required');
const steps = number(args.steps, 'steps', (x) => Number.isInteger(x) && x >= 1);
const temperature = number(args.temperature, 'temperature', (x) => x >= 0 && Number.isFinite(x));
const topP = number(args['top-p'], 'top-p', (x) => x > 0 && x <= 1);
const topK = number(args['top-k'], 'top-k', (x) => Number.isInteger(x) && x >= 0);
const seed = number(args.seed, 'seed', (x) => Number.isInteger(x));

await init();
const model = LlamaForCausalLM.fromLlama2c(new Uint8Array(readFileSync(args.checkpoint)));
const tokenizer = Llama2cTokenizer.fromBytes(new Uint8Array(readFileSync(args.tokenizer)), model.config.vocabSize);
const prompt = [...tokenizer.encode(args.prompt, { bos: true })];
if (prompt.length > steps) fail(`the prompt has ${prompt.length} tokens, more than --steps ${steps}`);

// run.c's safe_printf: a lone byte is printed only when it is printable or whitespace.
const printable = (bytes) => bytes.length !== 1 || (bytes[0] >= 0x20 && bytes[0] <= 0x7e) || [9, 10, 11, 12, 13].includes(bytes[0]);
const write = (previous, token) => {
  const bytes = tokenizer.decodePiece(previous, token);
  if (printable(bytes)) process.stdout.write(bytes);
};
for (let i = 1; i < prompt.length; i++) write(prompt[i - 1], prompt[i]);

let previous = prompt[prompt.length - 1];
let generated = 0;
const start = performance.now();
for (const token of generateTokens(model, prompt, { maxNewTokens: steps - prompt.length + 1, temperature, topP, topK, seed, stopTokens: [LLAMA2C_BOS] })) {
  generated++;
  if (token === LLAMA2C_BOS) break;
  write(previous, token);
  previous = token;
}
const seconds = (performance.now() - start) / 1000;
process.stdout.write('\n');
process.stderr.write(`achieved tok/s: ${(generated / seconds).toFixed(1)} (${generated} tokens in ${seconds.toFixed(2)} s)\n`);
