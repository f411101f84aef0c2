// scikit-learn's nested parameter names for composite estimators: 'step__param' sets `param` on
// the sub-estimator named `step` (deeper names pass on: 'a__b__c' sets 'b__c' on a).
import { ArgumentError } from '@neurite/tensor';
import type { Params } from '../base/protocol.ts';

export interface SplitParams {
  /** Parameters of the composite itself. */
  own: Params;
  /** Sub-estimator parameters by sub-estimator name. */
  nested: Map<string, Params>;
}

export function splitNestedParams(owner: string, params: Params, ownNames: readonly string[], subNames: readonly string[]): SplitParams {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new ArgumentError(`${owner}.setParams: parameters must be an object`);
  const own: Params = {};
  const nested = new Map<string, Params>();
  for (const [key, value] of Object.entries(params)) {
    const at = key.indexOf('__');
    if (at < 0) {
      if (!ownNames.includes(key) && !subNames.includes(key)) throw new ArgumentError(`${owner}: unknown parameter "${key}"; expected one of ${[...ownNames, ...subNames].join(', ')} or "<step>__<parameter>"`);
      own[key] = value;
      continue;
    }
    const name = key.slice(0, at), rest = key.slice(at + 2);
    if (!subNames.includes(name)) throw new ArgumentError(`${owner}: "${key}" names no step "${name}"; steps are ${subNames.join(', ')}`);
    if (!nested.has(name)) nested.set(name, {});
    nested.get(name)![rest] = value;
  }
  return { own, nested };
}

/** An estimator's class name: the type its toJSON writes (minifiers rename classes), else its constructor's name. */
function className(estimator: object): string {
  const toJSON = (estimator as { toJSON?: () => { type?: unknown } }).toJSON;
  if (typeof toJSON === 'function') {
    try {
      const type = toJSON.call(estimator).type;
      if (typeof type === 'string') return type;
    } catch {
      // not serialisable as configured (e.g. a column selection by function): fall back to the constructor
    }
  }
  return estimator.constructor.name;
}

/** scikit-learn's _name_estimators: lower-cased class names, every repeated name numbered 'name-1', 'name-2'. */
export function nameByClass(items: readonly (object | string)[]): string[] {
  const names = items.map((s) => (typeof s === 'string' ? s : className(s).toLowerCase()));
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const seen = new Map<string, number>();
  return names.map((n) => {
    if (counts.get(n) === 1) return n;
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return `${n}-${k}`;
  });
}
