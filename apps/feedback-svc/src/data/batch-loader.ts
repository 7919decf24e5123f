/**
 * Per-request batching: every key asked for in the same turn of the event loop (a gateway
 * `_entities` call carries many) is loaded with one call of `load`; a key it does not return gets
 * `missing`. Each key is loaded at most once per loader (so per request).
 */
export function createBatchLoader<V>(load: (keys: string[]) => Promise<Map<string, V>>, missing: V): (key: string) => Promise<V> {
  const cache = new Map<string, Promise<V>>();
  let batch: Map<string, { resolve: (v: V) => void; reject: (e: unknown) => void }> | undefined;
  return (key) => {
    const cached = cache.get(key);
    if (cached) return cached;
    const promise = new Promise<V>((resolve, reject) => {
      if (!batch) {
        const current = new Map<string, { resolve: (v: V) => void; reject: (e: unknown) => void }>();
        batch = current;
        setImmediate(() => {
          batch = undefined;
          load([...current.keys()]).then(
            (found) => current.forEach((waiter, k) => waiter.resolve(found.has(k) ? found.get(k)! : missing)),
            (error: unknown) => current.forEach((waiter) => waiter.reject(error)),
          );
        });
      }
      batch.set(key, { resolve, reject });
    });
    cache.set(key, promise);
    return promise;
  };
}
