import { ArgumentError } from '@neurite/tensor';

/**
 * A dotted submodule path ("encoder.layers.0.attention") that is malformed or names no submodule.
 * It is an ArgumentError; `path` is the whole path and `segment` the first part that failed.
 */
export class ModulePathError extends ArgumentError {
  override readonly name: string = 'ModulePathError';
  constructor(readonly path: string, readonly segment: string, reason: string) {
    super(`submodule path ${JSON.stringify(path)}: ${reason}`);
  }
}

/** The segments of a dotted path ('' is the module itself: no segments), else ModulePathError. */
export function splitPath(path: unknown): string[] {
  if (typeof path !== 'string') throw new ModulePathError(String(path), String(path), `expected a string, got ${path === null ? 'null' : typeof path}`);
  if (path === '') return [];
  const segments = path.split('.');
  const empty = segments.findIndex((s) => s === '');
  if (empty >= 0) throw new ModulePathError(path, '', `segment ${empty} is empty`);
  return segments;
}
