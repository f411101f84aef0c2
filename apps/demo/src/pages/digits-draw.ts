// The drawing pad: white strokes on black, and its 28x28 MNIST-style preprocessing.
import { inkFromRgba, SIDE, toMnistInput } from '../digit-preprocess.ts';
import { h } from '../ui/dom.ts';

export interface DrawingPad {
  readonly element: HTMLElement;
  /** The current drawing as 784 values in [0, 1], or null when empty. */
  input(): Float32Array | null;
  clear(): void;
}

export function drawingPad(onChange: (input: Float32Array | null) => void): DrawingPad {
  const size = 224;
  const canvas = h('canvas', { class: 'draw', width: size, height: size, id: 'draw-canvas' });
  const preview = h('canvas', { class: 'pixels', width: SIDE, height: SIDE, id: 'draw-preview', style: { width: '84px', height: '84px' } });
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  let drawing = false;
  let last: [number, number] | undefined;
  let current: Float32Array | null = null;

  function reset(): void {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, size, size);
    current = null;
    preview.getContext('2d')!.clearRect(0, 0, SIDE, SIDE);
  }

  function update(): void {
    current = toMnistInput(inkFromRgba(ctx.getImageData(0, 0, size, size).data), size, size);
    const p = preview.getContext('2d')!;
    const image = p.createImageData(SIDE, SIDE);
    for (let i = 0; i < SIDE * SIDE; i++) {
      const v = Math.round((current?.[i] ?? 0) * 255);
      image.data.set([v, v, v, 255], 4 * i);
    }
    p.putImageData(image, 0, 0);
    onChange(current);
  }

  function point(event: PointerEvent): [number, number] {
    const rect = canvas.getBoundingClientRect();
    return [((event.clientX - rect.left) * size) / rect.width, ((event.clientY - rect.top) * size) / rect.height];
  }

  canvas.addEventListener('pointerdown', (event) => {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    last = point(event);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    const next = point(event);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 16;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(...(last ?? next));
    ctx.lineTo(...next);
    ctx.stroke();
    last = next;
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    last = undefined;
    update();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  reset();

  const clear = h('button', { class: 'secondary', id: 'draw-clear', onclick: () => (reset(), onChange(null)) }, 'Clear');
  return {
    element: h('div', { class: 'row' }, canvas, h('div', {}, h('div', { class: 'note' }, '28x28 input'), preview, h('div', {}, clear))),
    input: () => current,
    clear: reset,
  };
}
