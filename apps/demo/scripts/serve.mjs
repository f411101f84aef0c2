// Serves the built demo on 127.0.0.1 with the COOP/COEP headers of vite.config.ts (cross-origin
// isolation) and prints its URL. PORT=0 (the default 4173 if free) picks any free port.
import { preview } from 'vite';

const port = process.env.PORT === undefined ? 4173 : Number(process.env.PORT);
const server = await preview({ preview: { host: '127.0.0.1', port, strictPort: false, open: false } });
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
console.log(`Neurite demo: ${url}  (Ctrl+C to stop)`);
