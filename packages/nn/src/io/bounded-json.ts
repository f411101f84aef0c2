/**
 * A strict RFC 8259 JSON parser for untrusted headers. Unlike JSON.parse it
 * - rejects duplicate keys in any object (JSON.parse keeps the last one silently),
 * - bounds the nesting depth (no deep recursion: the parser keeps an explicit stack),
 * - keeps numbers as their source text, so callers can demand exact integers.
 * Errors are reported through `JsonSyntaxError` with a byte position and a kind.
 */

export class JsonNumber {
  constructor(readonly text: string) {}
  /** The value if the text is a plain non-negative integer (no sign, fraction or exponent) <= 2^53 - 1. */
  safeInteger(): number | undefined {
    if (!/^(0|[1-9][0-9]{0,15})$/.test(this.text)) return undefined;
    const value = Number(this.text);
    return Number.isSafeInteger(value) ? value : undefined;
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
/** Objects keep key order; keys are unique by construction. */
export type JsonObject = Map<string, JsonValue>;

export type JsonErrorKind = 'syntax' | 'depth' | 'duplicate';

export class JsonSyntaxError extends Error {
  constructor(
    readonly kind: JsonErrorKind,
    readonly position: number,
    message: string,
    /** For 'duplicate': the key and the depth of its object (1 = top level). */
    readonly key?: string,
    readonly depth?: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

interface Frame {
  container: JsonValue[] | JsonObject;
  key: string | undefined; // pending key of an object frame
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Parses `text` as one JSON value with objects nested at most `maxDepth` deep. */
export function parseBoundedJson(text: string, maxDepth: number): JsonValue {
  let i = 0;
  const n = text.length;
  const stack: Frame[] = [];
  const fail = (message: string): never => {
    throw new JsonSyntaxError('syntax', i, `${message} at position ${i}`);
  };
  const skipWhitespace = () => {
    while (i < n && WHITESPACE.has(text.charCodeAt(i))) i++;
  };
  const expectLiteral = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected character ${JSON.stringify(text[i] ?? 'end of input')}`);
  };
  let result: JsonValue | undefined;
  let done = false;

  // Attaches a finished value to the enclosing container (or makes it the result).
  const attach = (value: JsonValue) => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      result = value;
      done = true;
      return;
    }
    if (Array.isArray(top.container)) top.container.push(value);
    else {
      top.container.set(top.key!, value);
      top.key = undefined;
    }
  };

  // After a value inside a container: ',' or the closing bracket. Returns true when a new value follows.
  const afterValue = (): void => {
    while (!done) {
      skipWhitespace();
      const top = stack[stack.length - 1]!;
      const isArray = Array.isArray(top.container);
      const c = text[i];
      if (c === ',') {
        i++;
        if (!isArray) readKey(top);
        return;
      }
      if ((isArray && c === ']') || (!isArray && c === '}')) {
        i++;
        stack.pop();
        attach(top.container);
        continue;
      }
      fail(`expected ',' or '${isArray ? ']' : '}'}'`);
    }
  };

  const readKey = (frame: Frame) => {
    skipWhitespace();
    if (text[i] !== '"') fail('expected a string key');
    const key = readString();
    const object = frame.container as JsonObject;
    if (object.has(key)) {
      throw new JsonSyntaxError('duplicate', i, `duplicate key ${JSON.stringify(key)} at position ${i}`, key, stack.length);
    }
    skipWhitespace();
    if (text[i] !== ':') fail("expected ':'");
    i++;
    frame.key = key;
  };

  const readString = (): string => {
    i++; // opening quote
    let out = '';
    let start = i;
    for (;;) {
      if (i >= n) fail('unterminated string');
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (code < 0x20) fail('control character in string');
      if (code === 0x5c) {
        out += text.slice(start, i);
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            i -= 2;
            fail('invalid escape');
        }
        start = i;
        continue;
      }
      i++;
    }
  };

  const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

  while (!done) {
    skipWhitespace();
    if (i >= n) fail('unexpected end of input');
    const c = text[i]!;
    if (c === '{' || c === '[') {
      if (stack.length >= maxDepth) {
        throw new JsonSyntaxError('depth', i, `nesting deeper than ${maxDepth} at position ${i}`);
      }
      i++;
      const frame: Frame = { container: c === '{' ? new Map() : [], key: undefined };
      stack.push(frame);
      skipWhitespace();
      if (text[i] === (c === '{' ? '}' : ']')) {
        i++;
        stack.pop();
        attach(frame.container);
        if (!done) afterValue();
        continue;
      }
      if (c === '{') readKey(frame);
      continue;
    }
    if (c === '"') attach(readString());
    else if (c === 't') {
      expectLiteral('true');
      attach(true);
    } else if (c === 'f') {
      expectLiteral('false');
      attach(false);
    } else if (c === 'n') {
      expectLiteral('null');
      attach(null);
    } else {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null || match[0].length === 0) fail(`unexpected character ${JSON.stringify(c)}`);
      i += match![0].length;
      attach(new JsonNumber(match![0]));
    }
    if (!done) afterValue();
  }
  skipWhitespace();
  if (i !== n) fail('trailing characters after the JSON value');
  return result!;
}
