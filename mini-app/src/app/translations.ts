import { initReactI18next } from 'react-i18next';
import type { BackendModule } from 'i18next';
import { i18next, type Lang } from '../lib/i18n.ts';
import common from '../kit/i18n.ts';
import home from '../features/home/i18n.ts';

type Strings = { en: Record<string, unknown>; ru: Record<string, unknown> };

// One namespace per feature; `common` holds the kit's and the shell's words. Home's and the shell's are in the
// first chunk; every other feature's load with its screens (a screen waits for them under its skeleton).
const bundled = { common, home };
const lazy = import.meta.glob<{ default: Strings }>(['../features/*/i18n.ts', '!../features/home/i18n.ts']);
const folder: Record<string, string> = { collect: 'collectibles' };

const featureStrings: BackendModule = {
  type: 'backend',
  init() {},
  read(lang, ns, done) {
    const load = lazy[`../features/${folder[ns] ?? ns}/i18n.ts`];
    if (!load) return done(new Error(`no strings for the namespace "${ns}"`), false);
    load().then(
      (m) => done(null, m.default[lang as Lang] ?? {}),
      (e: Error) => done(e, false),
    );
  },
};

export function setupI18n(lang: Lang) {
  const build = (l: Lang) => Object.fromEntries(Object.entries(bundled).map(([ns, r]) => [ns, r[l]]));
  return i18next
    .use(featureStrings)
    .use(initReactI18next)
    .init({
      resources: { en: build('en'), ru: build('ru') },
      partialBundledLanguages: true,
      lng: lang,
      fallbackLng: 'en',
      ns: Object.keys(bundled),
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
}

/** Loads features' strings ahead of their screens (in the current language and the English fallback). */
export const preloadStrings = (...ns: string[]) => i18next.loadNamespaces(ns);
