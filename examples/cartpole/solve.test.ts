import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./solve.mjs', import.meta.url));

describe('examples/cartpole/solve.mjs (small mode)', () => {
  it('trains for a few episodes and reports a learning curve', () => {
    const r = spawnSync(process.execPath, [script, '--episodes', '20', '--evaluate', '2'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.episodes).toBe(20);
    expect(out.solved).toBe(false);
    expect(out.curve).toHaveLength(1);
    expect(out.evaluationMean).toBeGreaterThan(0);
  });

  it('explains bad arguments', () => {
    const r = spawnSync(process.execPath, [script, '--episodes', 'many'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--episodes/);
  });
});
