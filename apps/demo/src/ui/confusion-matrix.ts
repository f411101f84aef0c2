// Confusion-matrix heatmap on a canvas: rows are true classes, columns predicted classes.
export function drawConfusionMatrix(canvas: HTMLCanvasElement, counts: Int32Array, classes: number): void {
  const cell = 28, margin = 22;
  canvas.width = margin + classes * cell;
  canvas.height = margin + classes * cell;
  const ctx = canvas.getContext('2d')!;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let r = 0; r < classes; r++) {
    let rowTotal = 0;
    for (let c = 0; c < classes; c++) rowTotal += counts[r * classes + c]!;
    ctx.fillStyle = '#1d2330';
    ctx.fillText(String(r), margin / 2, margin + r * cell + cell / 2);
    ctx.fillText(String(r), margin + r * cell + cell / 2, margin / 2);
    for (let c = 0; c < classes; c++) {
      const n = counts[r * classes + c]!;
      const share = rowTotal > 0 ? n / rowTotal : 0;
      const shade = Math.round(255 - 200 * Math.sqrt(share));
      ctx.fillStyle = r === c ? `rgb(${shade}, ${Math.min(255, shade + 30)}, 255)` : `rgb(255, ${shade}, ${shade})`;
      ctx.fillRect(margin + c * cell, margin + r * cell, cell - 1, cell - 1);
      if (n > 0) {
        ctx.fillStyle = share > 0.5 ? '#fff' : '#1d2330';
        ctx.fillText(String(n), margin + c * cell + cell / 2, margin + r * cell + cell / 2);
      }
    }
  }
}

/** Blanks the heatmap (same size, so the page does not jump) until the next epoch draws one. */
export function clearConfusionMatrix(canvas: HTMLCanvasElement): void {
  canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
}
