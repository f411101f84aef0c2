// Plain-TypeScript reference of assembly/tsne-repulsion.ts: the same sweep of the pre-order cells
// per point, in float64.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type TsneKernels = Pick<KernelExports, 'tsne_repulsion_2d_f64'>;

export function tsneReference(heap: Heap): TsneKernels {
  return {
    tsne_repulsion_2d_f64: (n, y, cells, next, size, out) => {
      const f = new Float64Array(heap.memory.buffer), skip = new Int32Array(heap.memory.buffer);
      const Y = y / 8, C = cells / 8, N = next / 4, O = out / 8;
      for (let i = 0; i < n; i++) {
        const px = f[Y + 2 * i]!, py = f[Y + 2 * i + 1]!;
        let fx = 0, fy = 0, z = 0;
        for (let t = 0; t < size;) {
          const r = C + 4 * t;
          const dx = px - f[r]!, dy = py - f[r + 1]!, d2 = dx * dx + dy * dy;
          if (f[r + 3]! >= d2) {
            t++;
            continue;
          }
          t = skip[N + t]!;
          const c = f[r + 2]!;
          if (d2 === 0) {
            z += c - 1;
            continue;
          }
          const w = 1 / (1 + d2);
          z += c * w;
          fx += c * w * w * dx;
          fy += c * w * w * dy;
        }
        f[O + 3 * i] = fx;
        f[O + 3 * i + 1] = fy;
        f[O + 3 * i + 2] = z;
      }
    },
  };
}
