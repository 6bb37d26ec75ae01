/* global document, localStorage */
// French first, Arabic (right to left) and English on request. The choice is not personal data:
// it is kept across visits in localStorage.

export const LANGUAGES = ['fr', 'ar', 'en'];
const LANGUAGE_NAMES = { fr: 'Français', ar: 'العربية', en: 'English' };
const STORAGE_KEY = 'khidma.language';

let current = 'fr';
const listeners = [];

function storedLanguage() {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(stored) ? stored : 'fr';
  } catch {
    return 'fr';
  }
}

export function language() {
  return current;
}

/** The text of a { fr, ar, en } value in the chosen language, falling back to French. */
export function pick(localized) {
  if (localized === null || localized === undefined) return '';
  if (typeof localized === 'string') return localized;
  return localized[current] ?? localized.fr ?? '';
}

/** A lookup into one page's messages; `{name}` placeholders are filled from `vars`. */
export function translator(messages) {
  return (key, vars = {}) => {
    const template = messages[current]?.[key] ?? messages.fr[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
  };
}

/** Fills every element marked data-i18n (text), data-i18n-placeholder and data-i18n-label (aria-label). */
function translateDocument(t) {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

export function setLanguage(lang, t) {
  current = LANGUAGES.includes(lang) ? lang : 'fr';
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // private browsing may refuse storage; the choice then lasts until the page closes
  }
  document.documentElement.lang = current;
  document.documentElement.dir = current === 'ar' ? 'rtl' : 'ltr';
  translateDocument(t);
  document.title = t('pageTitle');
  for (const button of document.querySelectorAll('[data-language]')) {
    button.setAttribute('aria-pressed', String(button.dataset.language === current));
  }
  for (const listener of listeners) listener(current);
}

export function onLanguageChange(listener) {
  listeners.push(listener);
}

/** Adds the three language buttons to `container`, each named in its own language, and applies the stored choice. */
export function mountLanguageSwitch(container, t) {
  for (const lang of LANGUAGES) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'language-button';
    button.dataset.language = lang;
    button.lang = lang;
    button.textContent = LANGUAGE_NAMES[lang];
    button.addEventListener('click', () => setLanguage(lang, t));
    container.append(button);
  }
  setLanguage(storedLanguage(), t);
}
