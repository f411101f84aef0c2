// Keras-style progress for fit(): verbose 1 draws a bar per epoch (batch count, running loss, ETA)
// rewritten in place with a carriage return, then the epoch's figures; verbose 2 prints one line
// per epoch. By default fit uses 1 when standard output is a terminal (Node's main thread) and
// prints nothing elsewhere (workers, browsers, pipes).
import type { BatchInfo, Callback, EpochLogs } from './callbacks.ts';

export type Verbosity = 0 | 1 | 2;

/** Where progress goes: standard output in Node, the console elsewhere. */
export function defaultProgressWriter(): (text: string) => void {
  const stdout = (globalThis as { process?: { stdout?: { write(s: string): unknown } } }).process?.stdout;
  return stdout ? (text) => void stdout.write(text) : (text) => console.log(text.replace(/^\r|\n$/g, ''));
}

/** 1 when standard output is a terminal, else 0. */
export function defaultVerbosity(): Verbosity {
  return (globalThis as { process?: { stdout?: { isTTY?: boolean } } }).process?.stdout?.isTTY === true ? 1 : 0;
}

const formatSeconds = (s: number): string => (s >= 3600 ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m${Math.round(s % 60)}s` : `${s.toFixed(s < 10 ? 1 : 0)}s`);

export function epochSummary(logs: EpochLogs): string {
  const parts = [`loss ${logs.loss.toFixed(4)}`];
  if (logs.accuracy !== undefined) parts.push(`accuracy ${logs.accuracy.toFixed(4)}`);
  for (const [name, value] of Object.entries(logs.metrics ?? {})) parts.push(`${name} ${value.toFixed(4)}`);
  if (logs.valLoss !== undefined) parts.push(`valLoss ${logs.valLoss.toFixed(4)}`);
  if (logs.valAccuracy !== undefined) parts.push(`valAccuracy ${logs.valAccuracy.toFixed(4)}`);
  for (const [name, value] of Object.entries(logs.valMetrics ?? {})) parts.push(`val ${name} ${value.toFixed(4)}`);
  return `${formatSeconds(logs.seconds)} - ${parts.join(' - ')}`;
}

export class ConsoleProgress implements Callback {
  private epochStart = 0;
  private lossSum = 0;
  private batches = 0;
  private lastDraw = 0;

  constructor(private readonly verbosity: 1 | 2, private readonly write: (text: string) => void = defaultProgressWriter(), private readonly width = 30) {}

  onEpochBegin(): void {
    this.epochStart = performance.now();
    this.lossSum = 0;
    this.batches = 0;
    this.lastDraw = 0;
  }

  onBatchEnd(info: BatchInfo): void {
    this.lossSum += info.loss;
    this.batches++;
    if (this.verbosity !== 1) return;
    const now = performance.now();
    const last = info.batch + 1 === info.batches;
    if (!last && now - this.lastDraw < 100) return; // at most ten redraws a second
    this.lastDraw = now;
    const done = Math.round((this.width * (info.batch + 1)) / info.batches);
    const bar = '='.repeat(Math.max(0, done - 1)) + (done > 0 ? (last ? '=' : '>') : '') + '.'.repeat(this.width - done);
    const elapsed = (now - this.epochStart) / 1000;
    const eta = (elapsed / (info.batch + 1)) * (info.batches - info.batch - 1);
    const count = `${info.batch + 1}/${info.batches}`.padStart(2 * String(info.batches).length + 1);
    this.write(`\rEpoch ${info.epoch + 1}/${info.epochs} ${count} [${bar}] - ETA ${formatSeconds(eta)} - loss ${(this.lossSum / this.batches).toFixed(4)}`);
  }

  onEpochEnd(logs: EpochLogs, ctx: { epochs: number }): void {
    const prefix = this.verbosity === 1 ? '\r' : '';
    this.write(`${prefix}Epoch ${logs.epoch + 1}/${ctx.epochs} - ${epochSummary(logs)}${' '.repeat(this.verbosity === 1 ? 10 : 0)}\n`);
  }
}
