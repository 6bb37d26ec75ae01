import { describe, expect, it } from 'vitest';
import { isPlainText, NAME_TEXT_PATTERN } from '../../domain/text.js';

describe('plain text', () => {
  it('takes what people write: accents, Arabic with its marks, emoji, line breaks in messages', () => {
    for (const text of ['Aïd al-Fitr', 'عيد الفطر \u200f(مؤقت)', 'Merci 🙏', 'Ligne 1\nLigne 2\r\n\tfin']) expect(isPlainText(text)).toBe(true);
    expect(isPlainText('Ligne 1\nLigne 2', 'single')).toBe(false);
  });

  it('refuses NUL, other control characters, lone surrogates and bidirectional overrides', () => {
    for (const text of ['a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u0085b', 'a\ud800b', 'a\udfffb', '\ud83d', 'abc\u202ecba', 'x\u2066y']) {
      expect(isPlainText(text), JSON.stringify(text)).toBe(false);
      expect(isPlainText(text, 'single'), JSON.stringify(text)).toBe(false);
    }
  });

  it('asks a name for one character that is not a space', () => {
    const name = new RegExp(NAME_TEXT_PATTERN, 'u');
    expect(name.test('  ')).toBe(false);
    expect(name.test(' Amina ')).toBe(true);
  });
});
