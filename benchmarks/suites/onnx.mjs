// Inference of exported models: Neurite's own forward pass against onnxruntime-web 1.31 (WASM SIMD,
// one thread) running the ONNX file exportOnnx wrote for the same model, on the same seeded batch.
// Outputs are checked equal (1e-4 relative) before timing. Samples per second; ratio = Neurite / ORT.
import * as ort from 'onnxruntime-web';
import { Embedding, exportOnnx, Linear, LSTM, mlp, Sequential, smallCnn } from '@neurite/nn';
import { init, noGrad, randn, scope, tensor } from '@neurite/tensor';
import { createSuite } from '../lib/harness.mjs';

export async function run() {
  await init();
  ort.env.wasm.numThreads = 1;
  const suite = createSuite('onnx');
  const cases = [
    { name: 'MLP 784-128-10, batch 64', model: mlp([784, 128, 10], { seed: 1 }), options: { inputShape: [784] }, input: () => randn([64, 784], { seed: 2 }) },
    { name: 'small CNN on 28x28x1, batch 64', model: smallCnn({ seed: 3 }), options: { inputShape: [28, 28, 1] }, input: () => randn([64, 28, 28, 1], { seed: 4 }) },
    {
      name: 'embedding 64 + LSTM 128 + linear, 32 x 64 tokens',
      model: new Sequential(new Embedding(100, 64, { seed: 5 }), new LSTM(64, 128, { seed: 6 }), new Linear(128, 100, { seed: 7 })),
      options: { inputShape: [64], inputType: 'int32' },
      input: () => tensor(Int32Array.from({ length: 32 * 64 }, (_, i) => (i * 37) % 100), [32, 64], { dtype: 'int32' }),
    },
  ];
  for (const c of cases) {
    c.model.eval();
    const x = c.input().keep();
    const batch = x.shape[0];
    const session = await ort.InferenceSession.create(exportOnnx(c.model, c.options));
    const feeds = { input: new ort.Tensor(c.options.inputType === 'int32' ? 'int32' : 'float32', x.toArray(), x.shape) };
    const ours = () => noGrad(() => scope(() => c.model.forward(x).toArray()));
    const expected = ours();
    const got = (await session.run(feeds)).output.data;
    for (let i = 0; i < expected.length; i++) {
      if (!(Math.abs(got[i] - expected[i]) <= 1e-4 * (1 + Math.abs(expected[i])))) throw new Error(`${c.name}: output ${i} is ${got[i]} in onnxruntime-web, ${expected[i]} in Neurite`);
    }
    await suite.compareInterleaved(c.name, {
      unit: 'samples/s', work: batch, rounds: 3,
      impls: { neurite: () => { ours(); }, 'onnxruntime-web': () => session.run(feeds) },
    });
    await session.release();
    x.dispose();
  }
  suite.finish();
}
