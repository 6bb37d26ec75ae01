/** `text` with its `%`, `_` and `\` escaped for LIKE (backslash is PostgreSQL's default escape): matched as themselves. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern finding `text` anywhere; a trigram index serves it. */
export function containing(text: string): string {
  return `%${likeLiteral(text)}%`;
}
