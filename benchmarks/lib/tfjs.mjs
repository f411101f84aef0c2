// TensorFlow.js peers: one tfjs-core instance, switched between the wasm and cpu backends.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

/** Sets the tfjs backend ('wasm' or 'cpu') and returns tf. */
export async function useTfjs(backend) {
  await tf.setBackend(backend);
  await tf.ready();
  return tf;
}
export { tf };
