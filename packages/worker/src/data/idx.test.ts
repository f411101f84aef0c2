import { describe, expect, it } from 'vitest';
import { WorkerArgumentError } from '../errors.ts';
import { idxDataset, parseIdx } from './idx.ts';

function idx(shape: number[], data: number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * shape.length + data.length);
  bytes.set([0, 0, 8, shape.length]);
  const view = new DataView(bytes.buffer);
  shape.forEach((s, i) => view.setUint32(4 + 4 * i, s));
  bytes.set(data, 4 + 4 * shape.length);
  return bytes;
}

describe('IDX files', () => {
  it('parses images and labels into a dataset scaled to [0, 1]', () => {
    const images = idx([2, 2, 2], [0, 255, 51, 102, 255, 0, 0, 0]);
    const labels = idx([2], [7, 3]);
    const { x, xShape, y } = idxDataset(images, labels);
    expect(xShape).toEqual([2, 2, 2, 1]);
    expect([...x]).toEqual([0, 1, 0.2, 0.4, 1, 0, 0, 0].map(Math.fround));
    expect([...y]).toEqual([7, 3]);
    expect(idxDataset(images, labels, 1).y.length).toBe(1);
  });

  it.each([
    ['too short', new Uint8Array([0, 0])],
    ['bad magic', new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0])],
    ['not unsigned bytes', new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0])],
    ['truncated header', new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1])],
    ['missing data', idx([3], [1, 2])],
    ['trailing data', idx([1], [1, 2])],
    ['huge declared size', idx([65535, 65535, 65535], [])],
  ])('rejects %s with a typed error before allocating', (_, bytes) => {
    expect(() => parseIdx(bytes)).toThrow(WorkerArgumentError);
  });

  it('rejects mismatched image and label counts', () => {
    expect(() => idxDataset(idx([2, 1, 1], [1, 2]), idx([3], [1, 2, 3]))).toThrow(/3 labels; the images file has 2/);
  });
});
