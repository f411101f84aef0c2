import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./solve.mjs', import.meta.url));

describe('examples/cartpole/solve.mjs (small mode)', () => {
  it('trains for a few episodes and reports a learning curve', () => {
    const r = spawnSync(process.execPath, [script, '--episodes', '20', '--evaluate', '2'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.agent).toBe('reinforce');
    expect(out.episodes).toBe(20);
    expect(out.solved).toBe(false);
    expect(out.curve).toHaveLength(1);
    expect(out.evaluationMean).toBeGreaterThan(0);
  });

  it('DQN: collects 1100 steps, takes its first training phase of 128 gradient steps, and is reproducible from its seed', () => {
    const run = (): Record<string, unknown> => {
      const r = spawnSync(process.execPath, [script, '--agent', 'dqn', '--steps', '1100', '--evaluate', '2', '--seed', '3'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const out = run();
    expect(out.agent).toBe('dqn');
    expect(out.solved).toBe(false);
    expect(out.steps).toBe(1100);
    expect(out.updates).toBe(128);
    expect(out.evaluations).toEqual([]);
    expect(out.episodes).toBeGreaterThan(10);
    expect(out.evaluationMean).toBeGreaterThan(0);
    const again = run();
    expect({ ...again, trainSeconds: 0 }).toEqual({ ...out, trainSeconds: 0 });
  });

  it('explains bad arguments', () => {
    const r = spawnSync(process.execPath, [script, '--episodes', 'many'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--episodes/);
    const agent = spawnSync(process.execPath, [script, '--agent', 'sarsa'], { encoding: 'utf8' });
    expect(agent.status).toBe(2);
    expect(agent.stderr).toMatch(/--agent/);
  });
});
