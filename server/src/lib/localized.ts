// Localized texts (tasks, products, collectibles, posts): { en, ru }, picked by the reader's language.

export type Lang = 'en' | 'ru';
export function pick(text: unknown, lang: Lang): string {
  const t = text as Partial<Record<Lang, string>> | null;
  return t?.[lang] ?? t?.en ?? '';
}
