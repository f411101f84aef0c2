// Saved models in IndexedDB: { name, spec, safetensors bytes }.
import type { ModelSpec } from '@neurite/worker';

export interface SavedModel {
  name: string;
  spec: ModelSpec;
  safetensors: Uint8Array;
  savedAt: number;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    // Version 2: specs are @neurite/nn's ModelSpec; models saved by version 1 (an older spec vocabulary) are dropped.
    const request = indexedDB.open('neurite-demo', 2);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (db.objectStoreNames.contains('models')) db.deleteObjectStore('models');
      db.createObjectStore('models', { keyPath: 'name' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function inStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction('models', mode).objectStore('models'));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

export function saveModel(model: SavedModel): Promise<unknown> {
  return inStore('readwrite', (store) => store.put(model));
}

export function loadModel(name: string): Promise<SavedModel | undefined> {
  return inStore('readonly', (store) => store.get(name) as IDBRequest<SavedModel | undefined>);
}
