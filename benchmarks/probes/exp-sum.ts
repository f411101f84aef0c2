// The exponential of Neurite's softmax alone: expNeg4 (the kernels' own source, compiled with this
// probe) summed over an L1-resident row, no max pass, no stores, no scaling.
import { expNeg4 } from './exp-neg';

export function exp_sum(x: usize, n: i32, reps: i32): f32 {
  let s0 = f32x4.splat(0), s1 = s0;
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < n; i += 8) {
      const o = <usize>i << 2;
      s0 = f32x4.add(s0, expNeg4(v128.load(x + o)));
      s1 = f32x4.add(s1, expNeg4(v128.load(x + o, 16)));
    }
  }
  return f32x4.extract_lane(f32x4.add(s0, s1), 0);
}
