import { noGrad, scope, type Tensor, zeros } from '@neurite/tensor';

/** What summarize needs of a module (structural: module.ts imports this file, not the reverse). */
export interface Summarizable {
  readonly typeName: string;
  training: boolean;
  describe(): string;
  forward(input: Tensor, options?: object): Tensor;
  modules(): Summarizable[];
  namedModules(): [string, Summarizable][];
  parameters(options: { recurse?: boolean }): Tensor[];
  parameterCount(options?: { trainableOnly?: boolean }): number;
  train(mode?: boolean): unknown;
  eval(): unknown;
}

/**
 * A readable table: one line per module with its type, details and parameter count. With an
 * input shape, the model runs once on zeros (eval mode, no gradients) and each module's output
 * shape is listed too.
 */
export function summarize(root: Summarizable, inputShape?: readonly number[]): string {
  const shapes = new Map<Summarizable, string>();
  if (inputShape !== undefined) {
    const modules = root.modules();
    const originals = modules.map((m) => m.forward);
    const wasTraining = root.training;
    modules.forEach((m, i) => {
      m.forward = (input: Tensor, options?: object) => {
        const out = originals[i]!.call(m, input, options);
        shapes.set(m, `[${out.shape.join(', ')}]`);
        return out;
      };
    });
    try {
      root.eval();
      noGrad(() => scope(() => {
        root.forward(zeros(inputShape));
      }));
    } finally {
      modules.forEach((m) => delete (m as { forward?: unknown }).forward);
      root.train(wasTraining);
    }
  }
  const withShapes = inputShape !== undefined;
  const rows: string[][] = [];
  for (const [name, module] of root.namedModules()) {
    let own = 0;
    for (const p of module.parameters({ recurse: false })) own += p.size;
    const depth = name === '' ? 0 : name.split('.').length;
    const label = `${'  '.repeat(depth)}${name === '' ? '(root)' : name.split('.').pop()}`;
    const detail = module.describe();
    const row = [label, detail === '' ? module.typeName : `${module.typeName}(${detail})`];
    if (withShapes) row.push(shapes.get(module) ?? '');
    row.push(own === 0 ? '' : own.toLocaleString('en-US'));
    rows.push(row);
  }
  const head = withShapes ? ['name', 'layer', 'output', 'params'] : ['name', 'layer', 'params'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]) => r.map((cell, c) => (c === r.length - 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
  const rule = '-'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const total = root.parameterCount();
  const trainable = root.parameterCount({ trainableOnly: true });
  return [line(head), rule, ...rows.map(line), rule, `total parameters: ${total.toLocaleString('en-US')} (trainable ${trainable.toLocaleString('en-US')})`].join('\n');
}
