/**
 * A short memory of whole statistics pages, per filter set: a dashboard opened by several managers,
 * or reloaded, reads its dozen aggregate queries once per `ttlMs` instead of once per request, and
 * requests arriving while a page is being read wait for that same read. A failed read is forgotten
 * at once. At most `capacity` filter sets are kept, the oldest going first.
 */
export function pageCache<T>(ttlMs: number, capacity: number, now: () => number = Date.now) {
  const entries = new Map<string, { at: number; page: Promise<T> }>();
  return async (key: string, read: () => Promise<T>): Promise<{ page: T; at: number }> => {
    const time = now();
    for (const [k, entry] of entries) if (time - entry.at >= ttlMs) entries.delete(k);
    let entry = entries.get(key);
    if (!entry) {
      if (entries.size >= capacity) entries.delete(entries.keys().next().value!);
      entry = { at: time, page: read() };
      entries.set(key, entry);
      const kept = entry;
      kept.page.catch(() => {
        if (entries.get(key) === kept) entries.delete(key);
      });
    }
    return { page: await entry.page, at: entry.at };
  };
}
