import { describe, expect, it } from 'vitest';
import { foldForSearch } from '../../domain/search-fold.js';

describe('text folded for search', () => {
  it('folds case and French accents', () => {
    expect(foldForSearch('Étude de FAISABILITÉ')).toBe(foldForSearch('etude de faisabilite'));
    expect(foldForSearch('Coopérative Aïn Leuh')).toBe('cooperative ain leuh');
  });

  it('folds Arabic diacritics, tatweel and spelling variants', () => {
    expect(foldForSearch('مَدْرَسَة')).toBe(foldForSearch('مدرسه'));
    expect(foldForSearch('جمعيـــة الأمل')).toBe(foldForSearch('جمعية الامل'));
    expect(foldForSearch('إدارة')).toBe(foldForSearch('ادارة'));
    expect(foldForSearch('مستشفى')).toBe(foldForSearch('مستشفي'));
  });

  it('keeps distinct words distinct and collapses spaces', () => {
    expect(foldForSearch('  Rabat   Salé ')).toBe('rabat sale');
    expect(foldForSearch('Fès')).not.toBe(foldForSearch('Fas'));
  });
});
