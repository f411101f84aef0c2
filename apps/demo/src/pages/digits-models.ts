// The two models the Digits page trains, as @neurite/nn model specs (serializable) for the worker.
import type { ModelSpec } from '@neurite/worker';

export const MODELS: Record<'mlp' | 'cnn', { label: string; spec: ModelSpec }> = {
  mlp: {
    label: 'MLP 784-128-10',
    spec: { inputShape: [28, 28, 1], layers: [{ type: 'flatten' }, { type: 'linear', outFeatures: 128, activation: 'relu' }, { type: 'linear', outFeatures: 10 }] },
  },
  cnn: {
    label: 'CNN conv3x3x16-pool-conv3x3x32-pool-linear10',
    spec: {
      inputShape: [28, 28, 1],
      layers: [
        { type: 'conv2d', outChannels: 16, kernelSize: 3, padding: 'same', activation: 'relu' },
        { type: 'maxPool2d', kernelSize: 2 },
        { type: 'conv2d', outChannels: 32, kernelSize: 3, padding: 'same', activation: 'relu' },
        { type: 'maxPool2d', kernelSize: 2 },
        { type: 'flatten' },
        { type: 'linear', outFeatures: 10 },
      ],
    },
  },
};

export const DIGITS_DATA = {
  images: 'data/digits-images.idx3-ubyte',
  labels: 'data/digits-labels.idx1-ubyte',
};

/** Absolute URL of a public asset, for the worker (whose base URL is its own script). */
export function assetUrl(path: string): string {
  return new URL(import.meta.env.BASE_URL + path, location.href).href;
}
