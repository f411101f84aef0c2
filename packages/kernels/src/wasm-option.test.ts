// loadBackend({ wasm }): module sources given by variant (a bundler's asset URLs or bytes) instead of
// the package's own dist/ files, and the typed errors for a malformed option.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError, KernelLoadError } from './errors.ts';
import { loadBackend } from './loader.ts';
import { moduleUrl, resolveUrl } from './module-source.ts';
import { unary } from './ops/elementwise.ts';
import { putF32, readF32 } from './testing.ts';

const simdBytes = readFileSync(moduleUrl('simd'));

async function negates(variant: string, options: Parameters<typeof loadBackend>[0]): Promise<void> {
  const backend = await loadBackend(options);
  expect(backend.variant).toBe(variant);
  const x = putF32(backend, [1, -2, 3]);
  const y = unary(backend, 'neg', x, 3);
  expect([...readF32(backend, y, 3)]).toEqual([-1, 2, -3]);
}

describe('loadBackend({ wasm })', () => {
  it('takes the module bytes of a variant', async () => {
    await negates('simd', { wasm: { simd: simdBytes } });
    await negates('simd', { wasm: { simd: new Uint8Array(simdBytes) } });
  });

  it('takes a URL or a URL string, and a compiled module', async () => {
    await negates('simd', { wasm: { simd: moduleUrl('simd') } });
    await negates('simd', { wasm: { simd: moduleUrl('simd').href } });
    await negates('simd', { wasm: { simd: await WebAssembly.compile(simdBytes) } });
  });

  it("'auto' picks the best variant among those given", async () => {
    // This suite runs with relaxed SIMD enabled: relaxed wins when it is listed, simd otherwise.
    await negates('relaxed', { wasm: { simd: simdBytes, relaxed: readFileSync(moduleUrl('relaxed')) } });
    await negates('simd', { wasm: { simd: simdBytes } });
  });

  it('threaded backends take their module the same way', async () => {
    const backend = await loadBackend({ threads: 2, wasm: { 'simd-threads': readFileSync(moduleUrl('simd-threads')) } });
    try {
      expect(backend.variant).toBe('simd-threads');
    } finally {
      await backend.dispose?.();
    }
  });

  it('refuses a malformed option with a typed error before loading anything', async () => {
    await expect(loadBackend({ wasm: 'kernels.wasm' as never })).rejects.toThrow(ArgumentError);
    await expect(loadBackend({ wasm: simdBytes as never })).rejects.toThrow(/object of module sources by variant/);
    await expect(loadBackend({ wasm: { fast: simdBytes } as never })).rejects.toThrow(/unknown variant 'fast'/);
    await expect(loadBackend({ wasm: { simd: 42 } as never })).rejects.toThrow(/wasm.simd: expected a URL string/);
    await expect(loadBackend({ wasm: { simd: 'not a url' } })).rejects.toThrow(ArgumentError);
  });

  it('says which variants were listed when none fits', async () => {
    await expect(loadBackend({ variant: 'auto', wasm: {} })).rejects.toThrow(KernelLoadError);
    await expect(loadBackend({ wasm: { 'simd-threads': simdBytes } })).rejects.toThrow(/listed: simd-threads/);
  });

  it('resolves a relative URL against the page only where there is one', () => {
    expect(() => resolveUrl('./kernels.wasm')).toThrow(/needs a page/);
    expect(resolveUrl('https://example.org/a.wasm').href).toBe('https://example.org/a.wasm');
  });
});
