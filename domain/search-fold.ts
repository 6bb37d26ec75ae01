/**
 * Text folded for search, so "Etude" finds "étude" and "مدرسة" finds "مَدْرَسَة": case, accents and
 * Arabic diacritics, tatweel and the spelling variants people type interchangeably (hamza on alef,
 * alef maqsura, ta marbuta) are folded. Hand-written because PostgreSQL's unaccent extension is not
 * available in the embedded database and it does not fold Arabic.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\u0640/g, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/\u0649/g, '\u064A')
    .replace(/\u0629/g, '\u0647')
    .toLocaleLowerCase('fr')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}
