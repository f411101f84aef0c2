import 'uplot/dist/uPlot.min.css';
import './style.css';
import { neurite, onWorkerReady } from './neurite.ts';
import { digitsPage } from './pages/digits.ts';
import { homePage } from './pages/home.ts';
import { kernelsPage } from './pages/kernels.ts';
import { spamPage } from './pages/spam.ts';
import { textPage } from './pages/text.ts';
import { tokenizerPage } from './pages/tokenizer.ts';

const PAGES: Record<string, () => HTMLElement> = { home: homePage, kernels: kernelsPage, tokenizer: tokenizerPage, digits: digitsPage, text: textPage, spam: spamPage };
const built = new Map<string, HTMLElement>();
const main = document.getElementById('page')!;
const status = document.getElementById('worker-status')!;

onWorkerReady((info) => {
  if (info instanceof Error) {
    status.textContent = `worker stopped: ${info.message.split(';')[0]} (the next job starts a new one)`;
    status.className = 'status error';
    return;
  }
  const simd = info.relaxedSimd ? 'SIMD + relaxed SIMD' : info.simd ? 'SIMD' : 'no SIMD (reference kernels)';
  status.textContent = `worker ready · ${simd} · ${info.crossOriginIsolated ? 'cross-origin isolated' : 'not isolated'}`;
  status.className = 'status ok';
});
neurite();

function show(): void {
  const name = location.hash.slice(1) in PAGES ? location.hash.slice(1) : 'home';
  let page = built.get(name);
  if (page === undefined) {
    page = PAGES[name]!();
    page.dataset['page'] = name;
    built.set(name, page);
    main.appendChild(page);
  }
  for (const [key, el] of built) el.hidden = key !== name;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) link.classList.toggle('active', link.dataset['page'] === name);
}
window.addEventListener('hashchange', show);
show();
