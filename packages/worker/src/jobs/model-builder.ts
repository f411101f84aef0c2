/**
 * Builds an @neurite/nn Sequential from a serializable ModelSpec, checking every layer against the
 * shape flowing into it. Layers @neurite/nn does not have yet are refused with JobUnavailableError.
 */
import type * as NN from '@neurite/nn';
import { JobUnavailableError, WorkerArgumentError } from '../errors.ts';
import type { LayerSpec, ModelSpec } from './train-types.ts';

/** Layer types this build can train. */
export const TRAINABLE_LAYERS: ReadonlyArray<LayerSpec['type']> = ['dense', 'flatten', 'dropout', 'batchNorm'];

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
        if (shape.length !== 1) throw new WorkerArgumentError(where, `(batchNorm) receives shape [${shape.join(', ')}]; this build normalizes flat features only`);
        model.append(new nn.BatchNorm1d(shape[0]!));
        break;
      case 'conv2d':
      case 'maxPool2d':
        throw new JobUnavailableError('train', `${where} is ${layer.type}, and @neurite/nn has no ${layer.type === 'conv2d' ? 'Conv2d' : 'MaxPool2d'} layer yet (trainable: ${TRAINABLE_LAYERS.join(', ')})`);
      default:
        throw new WorkerArgumentError(`${where}.type`, `is ${JSON.stringify((layer as { type?: unknown })?.type)}; expected one of ${TRAINABLE_LAYERS.join(', ')}, conv2d, maxPool2d`);
    }
  });
  return { model, outputShape: shape };
}
