import { createHash } from 'node:crypto';

/** A strong validator of a body: equal bodies, equal tags, whichever instance answered. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** RFC 9110's weak comparison for If-None-Match: `*`, or any listed tag, with or without W/. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((raw) => {
    const tag = raw.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/**
 * Computes each key at most once at a time and keeps the result `ttlMs`: a burst of identical
 * public requests costs one reading of the database. At most `maxEntries` are kept, the oldest
 * dropped first.
 */
export function sharedResults<T>(ttlMs: number, maxEntries: number) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key: string, compute: () => Promise<T>): Promise<T> => {
    const now = Date.now();
    const found = entries.get(key);
    if (found && now - found.at < ttlMs) return found.value;
    const value = compute();
    entries.delete(key);
    entries.set(key, { at: now, value });
    // A failure (the database away) is not kept: the next request tries again.
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return value;
  };
}
