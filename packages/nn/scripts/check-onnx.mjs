// Exports sample models (an MLP, a CNN with batch norm and pools, a residual block with layer norm
// and GELU, an embedding model, an LSTM, GPT-2 and Llama with and without their key/value cache, a
// transformer encoder and decoder, hierarchical attention, adaptive pooling, a 1-D CNN with group norm, BERT) to DIR as .onnx files, for ONNX's own checker:
//   node scripts/check-onnx.mjs DIR && python3 scripts/check-onnx.py DIR
// (python3-onnx from Debian, or `pip install --no-index onnx` from the local wheel index).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  AdaptiveAvgPool2d, AvgPool1d, BatchNorm2d, HierarchicalAttention, BertForMaskedLM, BertForSequenceClassification, Conv1d, Conv2d, Embedding, exportOnnx, Flatten, GELU, GlobalAvgPool2d, Gpt2LMHeadModel, GroupNorm, LayerNorm, Linear, LlamaForCausalLM, LSTM, MaxPool1d,
  MaxPool2d, ReLU, Residual, Sequential, SinusoidalPositionalEncoding, Softmax, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer,
} from '@neurite/nn';
import { init } from '@neurite/tensor';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node scripts/check-onnx.mjs DIR\n');
  process.exit(2);
}
await init();
mkdirSync(dir, { recursive: true });
const samples = {
  mlp: [new Sequential(new Linear(10, 32, { activation: 'relu' }), new Linear(32, 4), new Softmax()), { inputShape: [10] }],
  cnn: [new Sequential(new Conv2d(1, 8, 3, { padding: 'same' }), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(14 * 14 * 8, 10)), { inputShape: [28, 28, 1] }],
  residual: [new Sequential(new Residual(new Sequential(new Conv2d(2, 2, 3, { padding: 'same' }), new ReLU())), new GlobalAvgPool2d(), new LayerNorm(2), new GELU(), new Linear(2, 3)), { inputShape: [5, 5, 2] }],
  embedding: [new Sequential(new Embedding(50, 8), new Flatten(), new Linear(40, 2)), { inputShape: [5], inputType: 'int32' }],
  lstm: [new Sequential(new Embedding(50, 8), new LSTM(8, 16, { numLayers: 2 }), new Linear(16, 50)), { inputShape: [12], inputType: 'int32' }],
  gpt2: [new Gpt2LMHeadModel({ vocabSize: 100, maxSeqLen: 32, dim: 32, nLayers: 2, nHeads: 4 }), {}],
  stories260K: [LlamaForCausalLM.fromLlama2c(new Uint8Array(readFileSync(new URL('../test-data/stories260K/stories260K.bin', import.meta.url)))), {}],
  'gpt2-with-past': [new Gpt2LMHeadModel({ vocabSize: 100, maxSeqLen: 32, dim: 32, nLayers: 2, nHeads: 4 }), { pastKeyValues: true, attentionMask: true, inputType: 'int64' }],
  'transformer-encoder': [
    new Sequential(new Linear(8, 32), new SinusoidalPositionalEncoding(32, 128), new TransformerEncoder(() => new TransformerEncoderLayer(32, 4, { dimFeedforward: 64, batchFirst: true }), 2), new Linear(32, 5)),
    { inputShape: [16, 8], dynamicAxes: { 0: 'sequence' } },
  ],
  'transformer-decoder': [new TransformerDecoder(() => new TransformerDecoderLayer(32, 4, { dimFeedforward: 64, normFirst: true }), 2), { inputShape: [10, 32], isCausal: true }],
  'conv1d-group-norm': [new Sequential(new Conv1d(4, 8, 3, { padding: 'same' }), new GroupNorm(2, 8), new MaxPool1d(2), new Conv1d(8, 8, 3), new AvgPool1d(2), new Flatten(), new Linear(8 * 3, 2)), { inputShape: [16, 4] }],
  'adaptive-pool': [new Sequential(new Conv2d(1, 4, 3), new AdaptiveAvgPool2d([5, 3]), new Flatten(), new Linear(60, 2)), { inputShape: [14, 14, 1] }],
  hierarchical: [new Sequential(new Linear(6, 16), new HierarchicalAttention(16, 4, { chunkSize: 4 })), { inputShape: [10, 6] }],
  'bert-mlm': [new BertForMaskedLM({ vocabSize: 100, dim: 32, nLayers: 2, nHeads: 4, maxPositions: 64 }), { inputType: 'int64' }],
  'bert-classifier': [new BertForSequenceClassification({ vocabSize: 100, dim: 32, nLayers: 2, nHeads: 4, maxPositions: 64 }, 3), {}],
  'stories260K-with-past': [LlamaForCausalLM.fromLlama2c(new Uint8Array(readFileSync(new URL('../test-data/stories260K/stories260K.bin', import.meta.url)))), { pastKeyValues: true }],
};
for (const [name, [model, options]] of Object.entries(samples)) writeFileSync(join(dir, `${name}.onnx`), exportOnnx(model, options));
console.log(`wrote ${Object.keys(samples).length} models to ${dir}`);
