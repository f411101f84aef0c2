/**
 * Turns a drawing into an MNIST-style 28x28 input, as the MNIST digits were made: crop to the ink's
 * bounding box, scale (area averaging) so the longer side is 20 px keeping the aspect ratio, then
 * place it in a 28x28 field with its centre of mass at the centre. Values are in [0, 1], ink = 1.
 */
export const SIDE = 28;
const BOX = 20;

/** `ink` is a width*height intensity image in [0, 1]. Returns 784 values, or null when there is no ink. */
export function toMnistInput(ink: Float32Array, width: number, height: number, threshold = 0.05): Float32Array | null {
  let top = height, bottom = -1, left = width, right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > threshold) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  if (bottom < 0) return null;
  const boxW = right - left + 1, boxH = bottom - top + 1;
  const scale = BOX / Math.max(boxW, boxH);
  const outW = Math.max(1, Math.round(boxW * scale)), outH = Math.max(1, Math.round(boxH * scale));
  // Area-average every source pixel into the target cell it falls in.
  const sum = new Float64Array(outW * outH);
  const weight = new Float64Array(outW * outH);
  for (let y = top; y <= bottom; y++) {
    const ty = Math.min(outH - 1, Math.floor(((y - top) * outH) / boxH));
    for (let x = left; x <= right; x++) {
      const tx = Math.min(outW - 1, Math.floor(((x - left) * outW) / boxW));
      sum[ty * outW + tx]! += ink[y * width + x]!;
      weight[ty * outW + tx]! += 1;
    }
  }
  const small = new Float32Array(outW * outH);
  let mass = 0, cx = 0, cy = 0;
  for (let i = 0; i < small.length; i++) {
    const v = weight[i]! > 0 ? sum[i]! / weight[i]! : 0;
    small[i] = v;
    mass += v;
    cx += v * (i % outW);
    cy += v * Math.floor(i / outW);
  }
  cx /= mass;
  cy /= mass;
  // Shift so the centre of mass lands on the field's centre (13.5, 13.5), clipped to the field.
  const dx = Math.round((SIDE - 1) / 2 - cx), dy = Math.round((SIDE - 1) / 2 - cy);
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < outH; y++) {
    const fy = y + dy;
    if (fy < 0 || fy >= SIDE) continue;
    for (let x = 0; x < outW; x++) {
      const fx = x + dx;
      if (fx < 0 || fx >= SIDE) continue;
      out[fy * SIDE + fx] = Math.min(1, small[y * outW + x]!);
    }
  }
  return out;
}

/** Ink intensity of RGBA pixels drawn white on black: the red channel, scaled to [0, 1]. */
export function inkFromRgba(rgba: Uint8ClampedArray): Float32Array {
  const ink = new Float32Array(rgba.length / 4);
  for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i]! / 255;
  return ink;
}
