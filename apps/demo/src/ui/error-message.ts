// Errors as a person reads them in the demo: one short sentence, without class names or the chain a
// worker adds ("train failed in the worker: WorkerArgumentError: epochs is 0; ..."). The full error
// (name, code, stack) stays available to the console.

const MAX_LENGTH = 200;

/** A short, readable message for anything thrown: "Cancelled.", or the innermost error's message. */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'JobCancelledError') return 'Cancelled.';
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);
  // Everything up to the last "SomethingError: " is the chain's wrapping.
  let text = raw.replace(/^[\s\S]*\b[A-Z][A-Za-z]*Error: /, '').split('\n')[0]!.trim();
  if (text === '') text = error instanceof Error && error.name !== '' ? `${error.name} (no message)` : 'Something went wrong.';
  if (text.length > MAX_LENGTH) {
    const cut = text.lastIndexOf(' ', MAX_LENGTH - 1);
    text = `${text.slice(0, cut > MAX_LENGTH / 2 ? cut : MAX_LENGTH - 1)}…`;
  }
  return text[0]!.toUpperCase() + text.slice(1);
}
