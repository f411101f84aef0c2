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

/** The shape of one output row of `spec`, checked layer by layer without allocating anything. */
export function modelOutputShape(spec: ModelSpec): number[] {
  return planModel(spec).outputShape;
}

/**
 * The model and the shape of one output row. Every layer is checked before any is created, and a
 * layer constructor that throws disposes the layers already made (nothing is left allocated).
 */
export function buildModel(nn: typeof NN, spec: ModelSpec, seed: number): { model: NN.Sequential; outputShape: number[] } {
  const { layers, outputShape } = planModel(spec);
  const model = new nn.Sequential();
  try {
    for (const make of layers) for (const layer of make(nn, seed)) model.append(layer);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, outputShape };
}

type LayerFactory = (nn: typeof NN, seed: number) => NN.Module[];

function activationLayers(nn: typeof NN, activation: string | undefined): NN.Module[] {
  if (activation === 'gelu') return [new nn.GELU()];
  if (activation === 'leakyRelu') return [new nn.LeakyReLU()];
  return [];
}

function checkActivation(activation: unknown, field: string): void {
  if (activation !== undefined && !['relu', 'leakyRelu', 'sigmoid', 'tanh', 'gelu'].includes(activation as string)) {
    throw new WorkerArgumentError(field, `is ${JSON.stringify(activation)}; expected relu, leakyRelu, sigmoid, tanh or gelu`);
  }
}

function fusedActivation(activation: string | undefined): { activation?: 'relu' | 'tanh' | 'sigmoid' } {
  return activation === 'relu' || activation === 'tanh' || activation === 'sigmoid' ? { activation } : {};
}

function planModel(spec: ModelSpec): { layers: LayerFactory[]; outputShape: number[] } {
  if (!Array.isArray(spec?.inputShape) || spec.inputShape.length === 0) {
    throw new WorkerArgumentError('model.inputShape', `is ${JSON.stringify(spec?.inputShape)}; expected a non-empty array of sizes`);
  }
  let shape = spec.inputShape.map((s, i) => positiveInt(s, `model.inputShape[${i}]`));
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) throw new WorkerArgumentError('model.layers', 'is empty; expected at least one layer');
  const layers: LayerFactory[] = [];
  spec.layers.forEach((layer, i) => {
    const where = `model.layers[${i}]`;
    switch (layer?.type) {
      case 'flatten':
        layers.push((nn) => [new nn.Flatten()]);
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'dense': {
        if (shape.length !== 1) throw new WorkerArgumentError(where, `(dense) receives shape [${shape.join(', ')}]; expected a flat input: add { type: 'flatten' } before it`);
        const units = positiveInt(layer.units, `${where}.units`);
        const activation = layer.activation;
        checkActivation(activation, `${where}.activation`);
        const inputs = shape[0]!;
        layers.push((nn, seed) => [new nn.Linear(inputs, units, { seed: seed + 7919 * (i + 1), ...fusedActivation(activation) }), ...activationLayers(nn, activation)]);
        shape = [units];
        break;
      }
      case 'dropout': {
        const rate = layer.rate;
        if (!(rate >= 0 && rate < 1)) throw new WorkerArgumentError(`${where}.rate`, `is ${rate}; expected a number in [0, 1)`);
        layers.push((nn, seed) => [new nn.Dropout(rate, { seed: seed + 104729 * (i + 1) })]);
        break;
      }
      case 'batchNorm':
        if (shape.length === 1) {
          const features = shape[0]!;
          layers.push((nn) => [new nn.BatchNorm1d(features)]);
        } else if (shape.length === 3) {
          const channels = shape[2]!;
          layers.push((nn) => [new nn.BatchNorm2d(channels)]);
        } else throw new WorkerArgumentError(where, `(batchNorm) receives shape [${shape.join(', ')}]; expected [features] or [height, width, channels]`);
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
        checkActivation(activation, `${where}.activation`);
        layers.push((nn, seed) => [
          new nn.Conv2d(c, filters, size, { stride, padding: same ? 'same' : 'valid', seed: seed + 7919 * (i + 1), ...fusedActivation(activation) }),
          ...activationLayers(nn, activation),
        ]);
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
        layers.push((nn) => [new nn.MaxPool2d(size, { stride })]);
        shape = [oh, ow, c];
        break;
      }
      default:
        throw new WorkerArgumentError(`${where}.type`, `is ${JSON.stringify((layer as { type?: unknown })?.type)}; expected one of ${TRAINABLE_LAYERS.join(', ')}`);
    }
  });
  return { layers, outputShape: shape };
}
