// AdaptiveAvgPool2d to a 1 x 1 output as ONNX's GlobalAveragePool ([N, 1, 1, C] like the layer, in
// NCHW until the next layer that needs channels last). ONNX has no adaptive pool, and the exporter
// does not track spatial sizes, so other output sizes are refused (PyTorch's exporter also writes
// them only as fixed pools on known sizes).
import { ArgumentError } from '@neurite/tensor';
import type { AdaptiveAvgPool2d } from '../layers/adaptive-pool.ts';
import type { ModuleExporter, Value } from './onnx-value.ts';

export function adaptiveAvgPoolOnnx(e: ModuleExporter, m: AdaptiveAvgPool2d, v: Value, path: string): Value {
  if (m.outputSize[0] !== 1 || m.outputSize[1] !== 1) {
    throw new ArgumentError(`exportOnnx: ${path || 'the model'}: AdaptiveAvgPool2d to [${m.outputSize.map((s) => s ?? 'same')}] has no ONNX export (only a 1 x 1 output, as GlobalAveragePool)`);
  }
  const x = v.nchw ? v : { name: e.graph.node('Transpose', [v.name], { perm: [0, 3, 1, 2] }), rank: 4, nchw: true };
  if (x.rank !== 4) throw new ArgumentError(`exportOnnx: ${path || 'the model'}: AdaptiveAvgPool2d takes [N, H, W, C], got rank ${x.rank}`);
  return { name: e.graph.node('GlobalAveragePool', [x.name]), rank: 4, nchw: true };
}
