import { initReactI18next } from 'react-i18next';
import { i18next, type Lang } from '../lib/i18n.ts';
import common from '../kit/i18n.ts';
import home from '../features/home/i18n.ts';
import tasks from '../features/tasks/i18n.ts';
import leaderboard from '../features/leaderboard/i18n.ts';
import profile from '../features/profile/i18n.ts';
import history from '../features/history/i18n.ts';
import shop from '../features/shop/i18n.ts';
import wallet from '../features/wallet/i18n.ts';
import collect from '../features/collectibles/i18n.ts';
import admin from '../features/admin/i18n.ts';
import consoleStrings from '../features/console/i18n.ts';

/** One namespace per feature; `common` holds the kit's and the shell's words. */
const namespaces = { common, home, tasks, leaderboard, profile, history, shop, wallet, collect, admin, console: consoleStrings };
const build = (lang: Lang) => Object.fromEntries(Object.entries(namespaces).map(([ns, r]) => [ns, r[lang]]));

export function setupI18n(lang: Lang) {
  return i18next.use(initReactI18next).init({
    resources: { en: build('en'), ru: build('ru') },
    lng: lang,
    fallbackLng: 'en',
    ns: Object.keys(namespaces),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}
