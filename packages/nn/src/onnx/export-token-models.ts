// exportOnnx for the token-id models: the GPT-2 and Llama language models (export-language-model.ts)
// and the BERT encoders (export-bert.ts), with their inputs, outputs and doc strings.
import { BertForMaskedLM, BertForSequenceClassification, BertModel } from '../language-models/bert/bert-model.ts';
import { Gpt2LMHeadModel } from '../language-models/gpt2/gpt2-model.ts';
import { LlamaForCausalLM } from '../language-models/llama/llama-model.ts';
import type { Module } from '../module/module.ts';
import { bertGraph } from './export-bert.ts';
import { gpt2Graph, llamaGraph } from './export-language-model.ts';
import { ONNX_FLOAT, ONNX_INT64, type OnnxGraph } from './onnx-graph.ts';

export const isLanguageModel = (model: Module): model is Gpt2LMHeadModel | LlamaForCausalLM => model instanceof Gpt2LMHeadModel || model instanceof LlamaForCausalLM;

/**
 * A GPT-2 or Llama model: input_ids [batch, sequence] to logits [batch, sequence, vocab], with the
 * key/value cache as past_key_values.N.* inputs and present.N.* outputs when `withPast`.
 */
export function exportLanguageModel(model: Gpt2LMHeadModel | LlamaForCausalLM, graph: OnnxGraph, opset: number, idsType: number, withPast: boolean, withMask: boolean): Uint8Array {
  const ids = graph.input('input_ids', idsType, ['batch', 'sequence']);
  const { logits, presents } = model instanceof Gpt2LMHeadModel ? gpt2Graph(graph, model, ids, withPast, withMask) : llamaGraph(graph, model, ids, opset, withPast, withMask);
  graph.node('Identity', [logits], {}, ['logits']);
  graph.output('logits', ONNX_FLOAT, ['batch', 'sequence', model.config.vocabSize]);
  const kvHeads = model instanceof Gpt2LMHeadModel ? model.config.nHeads : model.config.nKvHeads;
  for (const name of presents) graph.output(name, ONNX_FLOAT, ['batch', kvHeads, 'total_sequence', model.config.headDim]);
  const type = idsType === ONNX_INT64 ? 'int64' : 'int32';
  const maskDoc = withMask ? 'attention_mask: int64 [batch, past_sequence + sequence] (1 token, 0 padding); ' : '';
  const docString = withPast
    ? `input_ids: ${type} [batch, sequence]; ${maskDoc}past_key_values.N.key/value: float32 [batch, ${kvHeads}, past_sequence, ${model.config.headDim}] (length 0 on the first call); ` +
      `logits: float32 [batch, sequence, vocab]; present.N.key/value: float32 [batch, ${kvHeads}, past_sequence + sequence, ${model.config.headDim}]`
    : `input_ids: ${type} [batch, sequence]; ${maskDoc}logits: float32 [batch, sequence, vocab] (no key/value cache)`;
  return graph.encode({ opset, producer: 'neurite', docString });
}

/** A BERT model: input_ids, attention_mask and token_type_ids to Hugging Face's outputs (export-bert.ts). */
export function exportBert(model: BertModel | BertForMaskedLM | BertForSequenceClassification, graph: OnnxGraph, opset: number, idsType: number): Uint8Array {
  const wasTraining = model.training;
  model.eval();
  try {
    bertGraph(graph, model, idsType);
  } finally {
    model.train(wasTraining);
  }
  const type = idsType === ONNX_INT64 ? 'int64' : 'int32';
  return graph.encode({ opset, producer: 'neurite', docString: `input_ids, token_type_ids: ${type} [batch, sequence]; attention_mask: int64 [batch, sequence] (1 token, 0 padding)` });
}

export const isBert = (model: Module): model is BertModel | BertForMaskedLM | BertForSequenceClassification =>
  model instanceof BertModel || model instanceof BertForMaskedLM || model instanceof BertForSequenceClassification;
