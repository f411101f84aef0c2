// The backward of a convolution's fused ReLU and its bias in one pass over the output gradient:
// dz = dy where y > 0, else 0 (unary_backward_f32's relu, from the output y), and db = the column
// sums of dz in conv2d_backward_bias_f32's order (four rows added pairwise, then into db), so dz and
// db are those of the two separate kernels bit for bit, without reading dz a second time.

/** (y > 0 ? dy : 0) per lane: +0 where masked, NaN y masks. */
@inline function relu4(y: v128, dy: v128): v128 {
  return v128.and(dy, f32x4.gt(y, f32x4.splat(0)));
}

@inline function relu1(y: f32, dy: f32): f32 {
  return y > 0 ? dy : 0;
}

/**
 * y, dy, dz [rows, cout] (dz may equal dy); db [cout]. dz = relu'(y) dy, db = sum over rows of dz.
 */
export function conv2d_relu_backward_bias_f32(y: usize, dy: usize, dz: usize, rows: i32, cout: i32, db: usize): void {
  memory.fill(db, 0, <usize>cout << 2);
  const rowBytes = <usize>cout << 2;
  const vecBytes = rowBytes & ~(<usize>15);
  let off: usize = 0;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    for (let o: usize = 0; o < vecBytes; o += 16) {
      const q = off + o;
      const a = relu4(v128.load(y + q), v128.load(dy + q));
      const b = relu4(v128.load(y + q + rowBytes), v128.load(dy + q + rowBytes));
      const c = relu4(v128.load(y + q + 2 * rowBytes), v128.load(dy + q + 2 * rowBytes));
      const d = relu4(v128.load(y + q + 3 * rowBytes), v128.load(dy + q + 3 * rowBytes));
      v128.store(dz + q, a);
      v128.store(dz + q + rowBytes, b);
      v128.store(dz + q + 2 * rowBytes, c);
      v128.store(dz + q + 3 * rowBytes, d);
      v128.store(db + o, f32x4.add(v128.load(db + o), f32x4.add(f32x4.add(a, b), f32x4.add(c, d))));
    }
    for (let o = vecBytes; o < rowBytes; o += 4) {
      const q = off + o;
      const a = relu1(load<f32>(y + q), load<f32>(dy + q));
      const b = relu1(load<f32>(y + q + rowBytes), load<f32>(dy + q + rowBytes));
      const c = relu1(load<f32>(y + q + 2 * rowBytes), load<f32>(dy + q + 2 * rowBytes));
      const d = relu1(load<f32>(y + q + 3 * rowBytes), load<f32>(dy + q + 3 * rowBytes));
      store<f32>(dz + q, a);
      store<f32>(dz + q + rowBytes, b);
      store<f32>(dz + q + 2 * rowBytes, c);
      store<f32>(dz + q + 3 * rowBytes, d);
      store<f32>(db + o, load<f32>(db + o) + ((a + b) + (c + d)));
    }
    off += 4 * rowBytes;
  }
  for (; r < rows; r++) {
    for (let o: usize = 0; o < vecBytes; o += 16) {
      const v = relu4(v128.load(y + off + o), v128.load(dy + off + o));
      v128.store(dz + off + o, v);
      v128.store(db + o, f32x4.add(v128.load(db + o), v));
    }
    for (let o = vecBytes; o < rowBytes; o += 4) {
      const v = relu1(load<f32>(y + off + o), load<f32>(dy + off + o));
      store<f32>(dz + off + o, v);
      store<f32>(db + o, load<f32>(db + o) + v);
    }
    off += rowBytes;
  }
}
