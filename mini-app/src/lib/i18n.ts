import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import common from '../app/i18n.ts';
import home from '../features/home/i18n.ts';
import tasks from '../features/tasks/i18n.ts';
import leaderboard from '../features/leaderboard/i18n.ts';
import profile from '../features/profile/i18n.ts';
import history from '../features/history/i18n.ts';
import shop from '../features/shop/i18n.ts';
import wallet from '../features/wallet/i18n.ts';
import collect from '../features/collectibles/i18n.ts';
import admin from '../features/admin/i18n.ts';

const features = { common, home, tasks, leaderboard, profile, history, shop, wallet, collect, admin };
type Lang = 'en' | 'ru';
const build = (lang: Lang) => Object.fromEntries(Object.entries(features).map(([ns, r]) => [ns, r[lang]]));

export const languages: Lang[] = ['en', 'ru'];
export const pickLanguage = (code: string | null | undefined): Lang => (code && /^(ru|uk|be|kk)/i.test(code) ? 'ru' : 'en');

export function setupI18n(lang: Lang) {
  return i18next.use(initReactI18next).init({
    resources: { en: build('en'), ru: build('ru') },
    lng: lang,
    fallbackLng: 'en',
    ns: Object.keys(features),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export { i18next };
