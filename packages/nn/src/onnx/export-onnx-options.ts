// The options of exportOnnx, and the input shape they describe.
import { ArgumentError } from '@neurite/tensor';

export interface ExportOnnxOptions {
  /**
   * The input's shape without the batch axis (Neurite's layout, e.g. [28, 28, 1] for NHWC images).
   * Required except for the language models (GPT-2, Llama), whose input is token ids [batch, sequence].
   */
  inputShape?: readonly number[];
  /**
   * 'float32' (default; 'int32' for the language models), or token ids as 'int32' or 'int64' (the type of
   * Hugging Face's exports) for a model that starts with an Embedding and for the language models.
   */
  inputType?: 'float32' | 'int32' | 'int64';
  /** 'nhwc' (default) takes images as Neurite does; 'nchw' takes PyTorch's layout through a leading Transpose. */
  inputLayout?: 'nhwc' | 'nchw';
  /** Names of the graph's input and output. Defaults 'input' and 'output'. */
  inputName?: string;
  outputName?: string;
  /** ONNX opset (17 or later). Default 17. */
  opset?: number;
  /**
   * Language models only: add the key/value cache as inputs past_key_values.N.key / .value and outputs
   * present.N.key / .value, [batch, kvHeads, past_sequence (+ sequence), headDim] (Hugging Face's
   * text-generation-with-past layout, read by onnxruntime-genai). Default false (each call a prefill).
   */
  pastKeyValues?: boolean;
  /**
   * Language models only: add input attention_mask int64 [batch, past_sequence + sequence] (1 for a
   * token, 0 for padding), as Hugging Face's exports take it, for batches of left-padded prompts:
   * padded keys are masked and positions count the unpadded tokens. Default false.
   */
  attentionMask?: boolean;
  /**
   * Axes of inputShape (0-based, the batch axis not counted) that are symbolic in the file, by name,
   * e.g. { 0: 'sequence' } for a transformer that takes any length. Default {} (only the batch axis).
   */
  dynamicAxes?: Readonly<Record<number, string>>;
  /**
   * Self-attention layers (MultiheadAttention, the transformer encoder and decoder layers) attend
   * causally, as forward with isCausal / tgtIsCausal. Default false.
   */
  isCausal?: boolean;
  /**
   * Attention models: add input key_padding_mask bool [batch, sequence] (true for a padded key, as
   * PyTorch's src_key_padding_mask / tgt_key_padding_mask / key_padding_mask) read by every
   * self-attention, and for a model with a decoder memory_key_padding_mask bool [batch,
   * memory_sequence] read by the cross-attention. Padded keys get -1e9 (a row of padding only
   * attends uniformly, where Neurite gives 0 and PyTorch NaN). Default false.
   */
  keyPaddingMask?: boolean;
}

/** inputShape with the axes dynamicAxes names replaced by their names (validated). */
export function dynamicDims(shape: number[], dynamicAxes: Readonly<Record<number, string>> | undefined): (number | string)[] {
  const dims: (number | string)[] = [...shape];
  if (dynamicAxes === undefined) return dims;
  if (dynamicAxes === null || typeof dynamicAxes !== 'object' || Array.isArray(dynamicAxes)) throw new ArgumentError('exportOnnx: dynamicAxes must be an object from an axis of inputShape to a name, e.g. { 0: \'sequence\' }');
  const names = new Set<string>();
  for (const [key, name] of Object.entries(dynamicAxes)) {
    const axis = Number(key);
    if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) throw new ArgumentError(`exportOnnx: dynamicAxes key ${key} is not an axis of inputShape (0 .. ${shape.length - 1}, the batch axis not counted)`);
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name === 'batch' || names.has(name)) {
      throw new ArgumentError(`exportOnnx: dynamicAxes[${key}] must be a distinct identifier other than "batch", got ${JSON.stringify(name)}`);
    }
    names.add(name);
    dims[axis] = name;
  }
  return dims;
}
