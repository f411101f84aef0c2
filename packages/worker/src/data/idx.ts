/**
 * MNIST's IDX format (http://yann.lecun.com/exdb/mnist/): a big-endian header — two zero bytes, a
 * type code (0x08 = unsigned byte) and the number of dimensions — then one u32 per dimension, then
 * the data. Files are untrusted: the header is validated before any allocation and the data length
 * must match the product of the dimensions exactly.
 */
import { WorkerArgumentError } from '../errors.ts';

export interface IdxArray {
  shape: number[];
  /** A view of the file's bytes (no copy). */
  data: Uint8Array;
}

const MAX_ELEMENTS = 2 ** 31 - 1;

/** Parses an unsigned-byte IDX file (images: magic 2051, 3 dims; labels: magic 2049, 1 dim). */
export function parseIdx(bytes: Uint8Array, what = 'IDX file'): IdxArray {
  if (bytes.length < 4) throw new WorkerArgumentError(what, `has ${bytes.length} bytes; expected at least a 4-byte header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new WorkerArgumentError(what, 'does not start with two zero bytes; expected an IDX magic number');
  if (bytes[2] !== 0x08) throw new WorkerArgumentError(what, `has type code 0x${bytes[2]!.toString(16)}; expected 0x08 (unsigned byte)`);
  const rank = bytes[3]!;
  if (rank < 1 || rank > 4) throw new WorkerArgumentError(what, `has ${rank} dimensions; expected 1 to 4`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new WorkerArgumentError(what, `has ${bytes.length} bytes; expected a ${headerBytes}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let d = 0; d < rank; d++) {
    const size = view.getUint32(4 + 4 * d);
    shape.push(size);
    count *= size;
    if (count > MAX_ELEMENTS) throw new WorkerArgumentError(what, `declares more than ${MAX_ELEMENTS} elements`);
  }
  if (bytes.length !== headerBytes + count) {
    throw new WorkerArgumentError(what, `has ${bytes.length - headerBytes} data bytes; its header [${shape.join(', ')}] needs exactly ${count}`);
  }
  return { shape, data: bytes.subarray(headerBytes) };
}

/** Reads an images file and a labels file into x [n, h, w, 1] in [0, 1] and integer labels. */
export function idxDataset(imagesFile: Uint8Array, labelsFile: Uint8Array, limit?: number): { x: Float32Array; xShape: number[]; y: Int32Array } {
  const images = parseIdx(imagesFile, 'images file');
  const labels = parseIdx(labelsFile, 'labels file');
  if (images.shape.length !== 3) throw new WorkerArgumentError('images file', `has shape [${images.shape.join(', ')}]; expected [count, height, width]`);
  if (labels.shape.length !== 1) throw new WorkerArgumentError('labels file', `has shape [${labels.shape.join(', ')}]; expected [count]`);
  const [count, height, width] = images.shape as [number, number, number];
  if (labels.shape[0] !== count) throw new WorkerArgumentError('labels file', `has ${labels.shape[0]} labels; the images file has ${count} images`);
  const n = limit === undefined ? count : Math.min(count, Math.max(0, Math.floor(limit)));
  const pixels = height * width;
  const x = new Float32Array(n * pixels);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i]! / 255;
  const y = Int32Array.from(labels.data.subarray(0, n));
  return { x, xShape: [n, height, width, 1], y };
}
