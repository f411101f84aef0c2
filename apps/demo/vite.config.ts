import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

// SharedArrayBuffer (a shared cancel flag today, threaded kernels later) needs cross-origin isolation.
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * `/api` (the API reference, `npm run docs`) without its trailing slash: redirected to `/api/`,
 * whose relative links only resolve with the slash. Dev server and preview alike.
 */
function apiTrailingSlash(): Plugin {
  const redirect = (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api') return next();
    response.writeHead(301, { Location: `/api/${url.search}` }).end();
  };
  return {
    name: 'neurite-api-trailing-slash',
    configureServer: (server) => void server.middlewares.use(redirect),
    configurePreviewServer: (server) => void server.middlewares.use(redirect),
  };
}

export default defineConfig({
  plugins: [apiTrailingSlash()],
  // Workspace packages resolve to their TypeScript sources; the kernels' .wasm comes from their dist/.
  resolve: { conditions: ['@neurite/source', ...defaultClientConditions] },
  server: { host: '127.0.0.1', headers: isolationHeaders },
  preview: { host: '127.0.0.1', headers: isolationHeaders },
  // Error classes spell their names; class names are kept for the messages that name a class
  // (e.g. @neurite/ml's "LogisticRegression: X has 3 features, ...").
  worker: { format: 'es', rolldownOptions: { output: { keepNames: true } } },
  build: {
    target: 'es2022',
    rolldownOptions: { output: { keepNames: true } },
    // Keep every .wasm a separate, streamable, cacheable file (small ones would become data: URLs).
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
});
