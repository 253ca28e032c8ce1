import i18next from 'i18next';

// The runtime only: which strings are loaded is the shell's business (app/translations.ts), so that
// features can import this without importing one another.
export type Lang = 'en' | 'ru';
export const languages: Lang[] = ['en', 'ru'];
export const pickLanguage = (code: string | null | undefined): Lang => (code && /^(ru|uk|be|kk)/i.test(code) ? 'ru' : 'en');

export { i18next };
