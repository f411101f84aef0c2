/**
 * Language-model jobs: train a character-level decoder (a small Llama-style GPT) on a text with
 * progress and live samples, fine-tune it with LoRA on a second text, load a llama2.c checkpoint,
 * generate text token by token (each token reported as it is chosen), and read one head's attention
 * map. Training checks for cancellation after every step.
 */
import type * as NN from '@neurite/nn';
import { WorkerArgumentError } from '../errors.ts';
import type { JobContext } from '../job-context.ts';
import type { JobResult } from './job-result.ts';
import type {
  AttentionMapRequest, AttentionMapResult, FineTuneLoraRequest, FineTuneLoraResult, GenerateTextProgress, GenerateTextRequest, GenerateTextResult,
  LanguageModelInfo, LoadLlama2cRequest, TrainCharModelProgress, TrainCharModelRequest,
} from './language-model-types.ts';
import { charCodec, languageModel, type StoredLanguageModel, storeLanguageModel } from './language-model-store.ts';
import { libraries } from './model-store.ts';

/** Positions a character model can generate (its training windows are shorter; RoPE extends past them). */
const GENERATION_LENGTH = 1024;

function integer(value: unknown, name: string, min: number, max: number, fallback?: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new WorkerArgumentError(name, `is ${String(value)}; expected an integer in ${min}..${max}`);
  return v;
}

function real(value: unknown, name: string, min: number, max: number, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !(v >= min && v <= max)) throw new WorkerArgumentError(name, `is ${String(value)}; expected a number in [${min}, ${max}]`);
  return v;
}

function info(id: string, entry: StoredLanguageModel): LanguageModelInfo {
  const parameters = entry.model.parameterCount();
  return { modelId: id, kind: entry.kind, parameters, vocabSize: entry.model.config.vocabSize, bytes: parameters * 4 };
}

/** One Adam step on a batch of random windows of `ids`; returns the loss. */
function trainStep(nn: typeof NN, tensorLib: typeof import('@neurite/tensor'), model: NN.Module, optimizer: NN.Optimizer, ids: Int32Array, window: number, batch: number, vocab: number, random: () => number): number {
  const x = new Int32Array(batch * window), y = new Int32Array(batch * window);
  for (let b = 0; b < batch; b++) {
    const s = Math.floor(random() * (ids.length - window - 1));
    x.set(ids.subarray(s, s + window), b * window);
    y.set(ids.subarray(s + 1, s + window + 1), b * window);
  }
  const loss = tensorLib.scope(() => {
    const logits = model.forward(tensorLib.tensor(x, [batch, window], { dtype: 'int32' }));
    const l = nn.crossEntropyLoss(tensorLib.reshape(logits, [batch * window, vocab]), tensorLib.tensor(y, [batch * window], { dtype: 'int32' }));
    l.backward();
    return l.item();
  });
  optimizer.step();
  optimizer.zeroGrad();
  return loss;
}

function sampleText(nn: typeof NN, entry: StoredLanguageModel, prompt: string, length: number, seed: number): string {
  const ids = entry.codec.encode(prompt);
  const out = nn.generate(entry.model, ids.length > 0 ? ids : [0], { maxNewTokens: length, temperature: 0.8, topK: 20, seed });
  const piece = entry.codec.decoder();
  return prompt + out.map((id, i) => piece(i === 0 ? ids.at(-1) ?? -1 : out[i - 1]!, id)).join('');
}

export async function trainCharModel(request: TrainCharModelRequest, context: JobContext<TrainCharModelProgress>): Promise<JobResult<LanguageModelInfo>> {
  if (typeof request?.text !== 'string') throw new WorkerArgumentError('text', 'is not a string; expected the training text');
  const window = integer(request.window, 'window', 8, 512, 64);
  if (request.text.length < window + 2) throw new WorkerArgumentError('text', `has ${request.text.length} characters; expected more than window + 1 = ${window + 1}`);
  const steps = integer(request.steps, 'steps', 1, 100000);
  const dim = integer(request.dim, 'dim', 8, 512, 64), layers = integer(request.layers, 'layers', 1, 12, 2), heads = integer(request.heads, 'heads', 1, 16, 4);
  if (dim % heads !== 0 || (dim / heads) % 2 !== 0) throw new WorkerArgumentError('heads', `is ${heads}; dim ${dim} must be a multiple of 2 x heads`);
  const batch = integer(request.batch, 'batch', 1, 256, 16);
  const lr = real(request.learningRate, 'learningRate', 1e-6, 1, 3e-3);
  const seed = integer(request.seed, 'seed', 0, 2 ** 31 - 1, 0);
  const sampleEvery = integer(request.sampleEvery, 'sampleEvery', 0, 100000, 50), sampleLength = integer(request.sampleLength, 'sampleLength', 1, 2000, 80);
  const { nn } = await libraries();
  const tensorLib = await import('@neurite/tensor');
  const alphabet = [...new Set(request.text)].sort();
  const index = new Map(alphabet.map((c, i) => [c, i]));
  const ids = Int32Array.from(request.text, (c) => index.get(c)!);
  const maxSeqLen = Math.max(window, GENERATION_LENGTH);
  const model = new nn.LlamaForCausalLM({ vocabSize: alphabet.length, dim, hiddenDim: Math.ceil((8 * dim) / 3), nLayers: layers, nHeads: heads, maxSeqLen, seed });
  const entry: StoredLanguageModel = { kind: 'char-gpt', model, codec: charCodec(alphabet), alphabet, window };
  const optimizer = new nn.Adam(model.parameters(), { lr });
  const random = new tensorLib.Generator(seed + 1);
  try {
    for (let step = 1; step <= steps; step++) {
      model.train();
      const loss = trainStep(nn, tensorLib, model, optimizer, ids, window, batch, alphabet.length, () => random.random());
      const sample = sampleEvery > 0 && (step % sampleEvery === 0 || step === steps) ? (model.eval(), sampleText(nn, entry, request.text.slice(0, 1), sampleLength, seed + step)) : undefined;
      await context.report(sample === undefined ? { step, steps, loss } : { step, steps, loss, sample });
      await context.checkpoint();
    }
  } catch (error) {
    model.dispose();
    throw error;
  }
  model.eval();
  const id = storeLanguageModel(entry);
  return { value: info(id, entry), transfer: [] };
}

export async function fineTuneLora(request: FineTuneLoraRequest, context: JobContext<TrainCharModelProgress>): Promise<JobResult<FineTuneLoraResult>> {
  const base = languageModel(request?.modelId);
  if (base.kind !== 'char-gpt' || base.alphabet === undefined) throw new WorkerArgumentError('modelId', 'names a llama2.c model; LoRA fine-tuning here takes a character model trained in this worker');
  if (typeof request.text !== 'string') throw new WorkerArgumentError('text', 'is not a string; expected the fine-tuning text');
  const steps = integer(request.steps, 'steps', 1, 100000);
  const rank = integer(request.rank, 'rank', 1, 256, 4);
  const alpha = real(request.alpha, 'alpha', 1e-6, 1e6, 8);
  const lr = real(request.learningRate, 'learningRate', 1e-6, 1, 3e-3);
  const seed = integer(request.seed, 'seed', 0, 2 ** 31 - 1, 0);
  const { nn } = await libraries();
  const tensorLib = await import('@neurite/tensor');
  const alphabet = base.alphabet;
  const index = new Map(alphabet.map((c, i) => [c, i]));
  const ids = Int32Array.from([...request.text].filter((c) => index.has(c)), (c) => index.get(c)!);
  const window = base.window ?? base.model.config.maxSeqLen;
  if (ids.length < window + 2) throw new WorkerArgumentError('text', `has ${ids.length} characters of the model's alphabet; expected more than ${window + 1}`);
  // A copy of the base model, so the original stays as it was trained.
  const source = base.model as NN.LlamaForCausalLM;
  const model = new nn.LlamaForCausalLM({ ...source.config, seed });
  model.loadStateDict(source.stateDict());
  const adapters = nn.applyLora(model, { r: rank, alpha, targetModules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'], seed });
  const trainable = model.trainableParameters();
  const adapterParameters = trainable.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
  const optimizer = new nn.Adam(trainable, { lr });
  const random = new tensorLib.Generator(seed + 1);
  const entry: StoredLanguageModel = { kind: 'char-gpt', model, codec: charCodec(alphabet), alphabet, window };
  let finalLoss = NaN;
  try {
    for (let step = 1; step <= steps; step++) {
      model.train();
      finalLoss = trainStep(nn, tensorLib, model, optimizer, ids, window, 16, alphabet.length, () => random.random());
      const sample = step === steps ? (model.eval(), sampleText(nn, entry, request.text.slice(0, 1), 80, seed + step)) : undefined;
      await context.report(sample === undefined ? { step, steps, loss: finalLoss } : { step, steps, loss: finalLoss, sample });
      await context.checkpoint();
    }
  } catch (error) {
    model.dispose();
    throw error;
  }
  model.eval();
  void adapters;
  const id = storeLanguageModel(entry);
  return { value: { ...info(id, entry), adapterParameters, adapterBytes: adapterParameters * 4, finalLoss }, transfer: [] };
}

export async function loadLlama2c(request: LoadLlama2cRequest, _context: JobContext<never>): Promise<JobResult<LanguageModelInfo>> {
  if (!(request?.checkpoint instanceof Uint8Array) || !(request.tokenizer instanceof Uint8Array)) throw new WorkerArgumentError('checkpoint', 'checkpoint and tokenizer must be Uint8Arrays (the .bin files)');
  const { nn } = await libraries();
  const { LLAMA2C_BOS, Llama2cTokenizer } = await import('@neurite/tokenizers');
  const model = nn.LlamaForCausalLM.fromLlama2c(request.checkpoint);
  let tokenizer: InstanceType<typeof Llama2cTokenizer>;
  try {
    tokenizer = Llama2cTokenizer.fromBytes(request.tokenizer, model.config.vocabSize);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const entry: StoredLanguageModel = {
    kind: 'llama2c',
    model,
    codec: {
      encode: (text) => [...tokenizer.encode(text, { bos: true })],
      decoder: () => {
        const utf8 = new TextDecoder();
        return (previous, token) => (token === LLAMA2C_BOS ? '' : utf8.decode(tokenizer.decodePiece(previous, token), { stream: true }));
      },
      stopTokens: [LLAMA2C_BOS],
    },
  };
  const id = storeLanguageModel(entry);
  return { value: info(id, entry), transfer: [] };
}

export async function generateText(request: GenerateTextRequest, context: JobContext<GenerateTextProgress>): Promise<JobResult<GenerateTextResult>> {
  const entry = languageModel(request?.modelId);
  if (typeof request.prompt !== 'string') throw new WorkerArgumentError('prompt', 'is not a string');
  const maxNewTokens = integer(request.maxNewTokens, 'maxNewTokens', 1, 4096);
  const temperature = real(request.temperature, 'temperature', 0, 10, 0.8);
  const topP = real(request.topP, 'topP', 1e-6, 1, 0.9);
  const topK = integer(request.topK, 'topK', 0, 1 << 20, 0);
  const seed = integer(request.seed, 'seed', 0, 2 ** 31 - 1, 0);
  const { nn } = await libraries();
  const prompt = entry.codec.encode(request.prompt);
  if (prompt.length === 0) throw new WorkerArgumentError('prompt', 'has no character the model knows; expected some text');
  let text = request.prompt;
  let previous = prompt[prompt.length - 1]!;
  let tokens = 0;
  const decode = entry.codec.decoder();
  const started = performance.now();
  for (const token of nn.generateTokens(entry.model, prompt, { maxNewTokens, temperature, topP, topK, seed, stopTokens: entry.codec.stopTokens })) {
    tokens++;
    const piece = decode(previous, token);
    previous = token;
    text += piece;
    await context.report({ piece, tokens });
    if (context.cancelled) break;
  }
  context.throwIfCancelled();
  const seconds = (performance.now() - started) / 1000;
  return { value: { text, promptTokens: prompt.length, tokens, tokensPerSecond: tokens / Math.max(seconds, 1e-9) }, transfer: [] };
}

export async function attentionMap(request: AttentionMapRequest, _context: JobContext<never>): Promise<JobResult<AttentionMapResult>> {
  const entry = languageModel(request?.modelId);
  if (typeof request.text !== 'string') throw new WorkerArgumentError('text', 'is not a string');
  const config = entry.model.config as { nLayers: number; nHeads: number; maxSeqLen: number };
  const layer = integer(request.layer, 'layer', 0, config.nLayers - 1);
  const head = integer(request.head, 'head', 0, config.nHeads - 1);
  const ids = entry.codec.encode(request.text).slice(0, Math.min(config.maxSeqLen, 128));
  if (ids.length === 0) throw new WorkerArgumentError('text', 'has no token the model knows');
  const tensorLib = await import('@neurite/tensor');
  const t = ids.length;
  const weights = tensorLib.noGrad(() => tensorLib.scope(() => {
    const p = entry.model.attentionProbabilities(tensorLib.tensor(Int32Array.from(ids), [1, t], { dtype: 'int32' }), layer);
    return (p.toArray() as Float32Array).slice(head * t * t, (head + 1) * t * t);
  }));
  const decode = entry.codec.decoder();
  const tokens = ids.map((id, i) => decode(i === 0 ? -1 : ids[i - 1]!, id));
  return { value: { tokens, weights }, transfer: [weights.buffer] };
}
