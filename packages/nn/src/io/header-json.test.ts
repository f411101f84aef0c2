import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonNumber, JsonSyntaxError, parseBoundedJson } from './bounded-json.ts';
import { type HeaderJson, objectKeys, parseHeaderJson, safeIntegerOf } from './header-json.ts';

const SEED = 20261207;

/** One form for both paths: objects as [key, value] pairs in document order, numbers as their text. */
function canonical(value: HeaderJson | undefined): unknown {
  if (value instanceof JsonNumber) return `#${value.text}`;
  if (typeof value === 'number') return `#${String(value)}`;
  if (Array.isArray(value)) return value.map(canonical);
  const keys = objectKeys(value);
  if (keys === undefined) return value;
  const get = (k: string) => (value instanceof Map ? value.get(k) : (value as Record<string, HeaderJson>)[k]);
  return keys.map((k) => [k, canonical(get(k))]);
}

function outcome(parse: () => HeaderJson): unknown {
  try {
    return canonical(parse());
  } catch (error) {
    if (error instanceof JsonSyntaxError) return `error:${error.kind}:${error.key ?? ''}:${error.depth ?? ''}`;
    throw error;
  }
}

function agree(text: string, depth = 8): void {
  expect(outcome(() => parseHeaderJson(text, depth).root)).toEqual(outcome(() => parseBoundedJson(text, depth)));
}

describe('parseHeaderJson', () => {
  it.each([
    '{"a":[1.0]}', '{"a":[1e0]}', '{"a":[-0]}', '{"a":[-1]}', '{"a":[12345678901234567]}', '{"a":[9007199254740993]}',
    '{"a":[9007199254740991]}', '{"2":1,"1":2,"b":3}', '{"__proto__":{"x":"y"}}', '{"a\\"":1,"a\\\\":2}', '{"a\\\\":1,"a\\\\":2}',
    '{"a":{"b":1,"b":2}}', '{"a":1,"a":1}', '{"a":[[[[[[[[1]]]]]]]]}', '{"a":[[[[[[[1]]]]]]]}', '{"a":}', '{"a":1}x', '{"a":"\\u0041"}',
    '{"a":[01]}', '{"a":"\\"}', '{"a":true,"b":false,"c":null}', '{}', '{"k":"a:b{c["}',
  ])('matches the exact parser on %s', (text) => agree(text));

  it('takes the fast path on a clean header (numbers come back as numbers)', () => {
    const { root, rootKeys } = parseHeaderJson('{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}', 8);
    expect(root instanceof Map).toBe(false);
    expect(rootKeys).toEqual(['w']);
    expect(safeIntegerOf(((root as Record<string, HeaderJson>).w as Record<string, HeaderJson[]>).shape![1])).toBe(3);
  });

  it('keeps document order for integer-like keys (exact path)', () => {
    expect(parseHeaderJson('{"2":1,"1":2}', 8).rootKeys).toEqual(['2', '1']);
  });

  it('agrees with the exact parser on random JSON, with duplicated keys and mutations', () => {
    const text = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.tuple(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 4 })).map(([j, k]) => `{${JSON.stringify(k)}:${j},${JSON.stringify(k)}:${j}}`),
      fc.tuple(fc.json({ maxDepth: 3 }), fc.nat(), fc.constantFrom('', ',', ':', '"', '\\', '[', '{', '}', ']', '-', '.', 'e'))
        .map(([j, at, c]) => j.slice(0, at % (j.length + 1)) + c + j.slice(at % (j.length + 1))),
    );
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 5 }), (t, depth) => agree(t, depth)), { seed: SEED, numRuns: 2000 });
  });
});
