/**
 * Builds an @neurite/nn Sequential from a serializable ModelSpec, checking every layer against the
 * shape flowing into it (images are NHWC: one example is [height, width, channels]).
 */
import type * as NN from '@neurite/nn';
import { WorkerArgumentError } from '../errors.ts';
import type { LayerSpec, ModelSpec } from './train-types.ts';

/** Layer types this build can train. */
export const TRAINABLE_LAYERS: ReadonlyArray<LayerSpec['type']> = ['dense', 'conv2d', 'maxPool2d', 'flatten', 'dropout', 'batchNorm'];

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1 << 24) {
    throw new WorkerArgumentError(field, `is ${String(value)}; expected an integer in 1..${1 << 24}`);
  }
  return value;
}

/** The model and the shape of one output row. */
export function buildModel(nn: typeof NN, spec: ModelSpec, seed: number): { model: NN.Sequential; outputShape: number[] } {
  if (!Array.isArray(spec?.inputShape) || spec.inputShape.length === 0) {
    throw new WorkerArgumentError('model.inputShape', `is ${JSON.stringify(spec?.inputShape)}; expected a non-empty array of sizes`);
  }
  let shape = spec.inputShape.map((s, i) => positiveInt(s, `model.inputShape[${i}]`));
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) throw new WorkerArgumentError('model.layers', 'is empty; expected at least one layer');
  const model = new nn.Sequential();
  spec.layers.forEach((layer, i) => {
    const where = `model.layers[${i}]`;
    switch (layer?.type) {
      case 'flatten':
        model.append(new nn.Flatten());
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'dense': {
        if (shape.length !== 1) throw new WorkerArgumentError(where, `(dense) receives shape [${shape.join(', ')}]; expected a flat input: add { type: 'flatten' } before it`);
        const units = positiveInt(layer.units, `${where}.units`);
        const activation = layer.activation;
        const fused = activation === 'relu' || activation === 'tanh' || activation === 'sigmoid';
        model.append(new nn.Linear(shape[0]!, units, { seed: seed + 7919 * (i + 1), ...(fused ? { activation } : {}) }));
        if (activation === 'gelu') model.append(new nn.GELU());
        else if (activation === 'leakyRelu') model.append(new nn.LeakyReLU());
        else if (activation !== undefined && !fused) throw new WorkerArgumentError(`${where}.activation`, `is ${JSON.stringify(activation)}; expected relu, leakyRelu, sigmoid, tanh or gelu`);
        shape = [units];
        break;
      }
      case 'dropout':
        if (!(layer.rate >= 0 && layer.rate < 1)) throw new WorkerArgumentError(`${where}.rate`, `is ${layer.rate}; expected a number in [0, 1)`);
        model.append(new nn.Dropout(layer.rate, { seed: seed + 104729 * (i + 1) }));
        break;
      case 'batchNorm':
        if (shape.length === 1) model.append(new nn.BatchNorm1d(shape[0]!));
        else if (shape.length === 3) model.append(new nn.BatchNorm2d(shape[2]!));
        else throw new WorkerArgumentError(where, `(batchNorm) receives shape [${shape.join(', ')}]; expected [features] or [height, width, channels]`);
        break;
      case 'conv2d': {
        if (shape.length !== 3) throw new WorkerArgumentError(where, `(conv2d) receives shape [${shape.join(', ')}]; expected [height, width, channels]`);
        const filters = positiveInt(layer.filters, `${where}.filters`);
        const size = positiveInt(layer.kernelSize, `${where}.kernelSize`);
        const stride = positiveInt(layer.stride ?? 1, `${where}.stride`);
        const same = layer.padding === 'same';
        if (same && stride !== 1) throw new WorkerArgumentError(`${where}.padding`, "is 'same' with a stride above 1; expected 'valid' or stride 1");
        const [h, w, c] = shape as [number, number, number];
        const out = (n: number) => (same ? n : Math.floor((n - size) / stride) + 1);
        if (out(h) < 1 || out(w) < 1) throw new WorkerArgumentError(where, `(conv2d ${size}x${size}) does not fit its input [${shape.join(', ')}]`);
        const activation = layer.activation;
        const fused = activation === 'relu' || activation === 'tanh' || activation === 'sigmoid';
        model.append(new nn.Conv2d(c, filters, size, { stride, padding: same ? 'same' : 'valid', seed: seed + 7919 * (i + 1), ...(fused ? { activation } : {}) }));
        if (activation === 'gelu') model.append(new nn.GELU());
        else if (activation === 'leakyRelu') model.append(new nn.LeakyReLU());
        else if (activation !== undefined && !fused) throw new WorkerArgumentError(`${where}.activation`, `is ${JSON.stringify(activation)}; expected relu, leakyRelu, sigmoid, tanh or gelu`);
        shape = [out(h), out(w), filters];
        break;
      }
      case 'maxPool2d': {
        if (shape.length !== 3) throw new WorkerArgumentError(where, `(maxPool2d) receives shape [${shape.join(', ')}]; expected [height, width, channels]`);
        const size = positiveInt(layer.poolSize, `${where}.poolSize`);
        const stride = positiveInt(layer.stride ?? size, `${where}.stride`);
        const [h, w, c] = shape as [number, number, number];
        const oh = Math.floor((h - size) / stride) + 1, ow = Math.floor((w - size) / stride) + 1;
        if (oh < 1 || ow < 1) throw new WorkerArgumentError(where, `(maxPool2d ${size}x${size}) does not fit its input [${shape.join(', ')}]`);
        model.append(new nn.MaxPool2d(size, { stride }));
        shape = [oh, ow, c];
        break;
      }
      default:
        throw new WorkerArgumentError(`${where}.type`, `is ${JSON.stringify((layer as { type?: unknown })?.type)}; expected one of ${TRAINABLE_LAYERS.join(', ')}`);
    }
  });
  return { model, outputShape: shape };
}
