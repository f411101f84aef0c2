// Hugging Face's ByteFallback decoder: runs of <0xXX> tokens become the text their bytes spell in
// UTF-8; a run that is not valid UTF-8 gives one U+FFFD per byte token. Other tokens pass through.
import type { ChainDecoder } from './chain.ts';

const BYTE = /^<0x([0-9A-Fa-f]{2})>$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export const byteFallbackDecoder: ChainDecoder = (tokens) => {
  const out: string[] = [];
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    try {
      out.push(utf8.decode(Uint8Array.from(bytes)));
    } catch {
      for (let i = 0; i < bytes.length; i++) out.push('\ufffd');
    }
    bytes = [];
  };
  for (const token of tokens) {
    const m = token.length === 6 ? BYTE.exec(token) : null;
    if (m) bytes.push(parseInt(m[1]!, 16));
    else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out;
};
