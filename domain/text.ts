/**
 * What a free text a person typed may hold, in every field of every route and case type. Never
 * NUL or another control character (tab and line breaks only where a text may span lines), nor a
 * lone surrogate: PostgreSQL refuses both in jsonb, so they are refused at the door and cannot
 * wedge a case. Never a bidirectional embedding, override or isolate, which make a text read
 * otherwise than it is stored (the marks U+200E/U+200F stay allowed).
 */
const FORBIDDEN = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069\\uD800-\\uDFFF';
const LINE_BREAKS_AND_TAB = '\\u0009\\u000A\\u000D';

/** JSON Schema patterns (checked with the `u` flag, as Ajv does, so a surrogate pair is one allowed character). */
export const MULTI_LINE_TEXT_PATTERN = `^[^${FORBIDDEN}]*$`;
export const SINGLE_LINE_TEXT_PATTERN = `^[^${FORBIDDEN}${LINE_BREAKS_AND_TAB}]*$`;
/** A single line with at least one character that is not a space. */
export const NAME_TEXT_PATTERN = `^(?=.*\\S)[^${FORBIDDEN}${LINE_BREAKS_AND_TAB}]*$`;

export const TEXT_PATTERNS: readonly string[] = [MULTI_LINE_TEXT_PATTERN, SINGLE_LINE_TEXT_PATTERN, NAME_TEXT_PATTERN];

/** What a person reads when a text is refused. */
export const TEXT_RULE = 'must be plain text: no NUL or other control characters, no unpaired surrogates, no bidirectional overrides';

const multiLine = new RegExp(MULTI_LINE_TEXT_PATTERN, 'u');
const singleLine = new RegExp(SINGLE_LINE_TEXT_PATTERN, 'u');

export function isPlainText(value: string, lines: 'single' | 'multi' = 'multi'): boolean {
  return (lines === 'multi' ? multiLine : singleLine).test(value);
}
