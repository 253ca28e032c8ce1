// What the headless-Chromium stories share: the browser, opening the Mini App as Telegram does, a grant
// through the ledger, and the Login Widget as the desktop console meets it. Nothing leaves the machine.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { signInitData } from '../../server/src/modules/auth/init-data.ts';
import { signLoginWidget } from '../../server/src/modules/auth/login-widget.ts';
import { inTx } from '../../server/src/db/tx.ts';
import { transfer } from '../../server/src/modules/ledger/service.ts';
import { SystemAccount } from '../../server/src/modules/ledger/accounts.ts';
import type { openTestDatabase } from '../../server/src/test/db.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** The stories need the built Mini App and Debian's Chromium (RECIPES.md). */
export const canRunBrowser = existsSync(join(import.meta.dirname, '..', 'dist', 'index.html')) && existsSync(CHROMIUM);

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

export const THEMES = {
  light: { bg_color: '#ffffff', secondary_bg_color: '#f1f1f4', section_bg_color: '#ffffff', text_color: '#000000', hint_color: '#8e8e93', button_color: '#2481cc', button_text_color: '#ffffff' },
  dark: { bg_color: '#17212b', secondary_bg_color: '#0e1621', section_bg_color: '#17212b', text_color: '#f5f5f5', hint_color: '#708499', button_color: '#5288c1', button_text_color: '#ffffff' },
};

type Opening = {
  username?: string;
  startParam?: string;
  language?: 'en' | 'ru';
  dark?: boolean;
  width?: number;
  /** More of the URL's query, as a bot's button adds it (`event=3`). */
  query?: Record<string, string>;
  /** The test id that says the first screen is drawn (Home's balance unless the query opens another). */
  ready?: string;
};

/** The Mini App opened as Telegram opens it (initData in the URL hash); resolves once the balance shows. */
export async function openInTelegram(browser: Browser, base: string, botToken: string, telegramId: number, firstName: string, o: Opening = {}): Promise<Page> {
  const initData = signInitData(botToken, { telegramId, firstName, username: o.username, language: o.language ?? 'en', startParam: o.startParam });
  const page = await browser.newPage({ viewport: { width: o.width ?? 390, height: 844 } });
  await page.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (r) => r.abort());
  const hash = new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppPlatform: 'tdesktop', tgWebAppThemeParams: JSON.stringify(o.dark ? THEMES.dark : THEMES.light) });
  const query = new URLSearchParams({ ...(o.language === 'ru' ? { lang: 'ru' } : {}), ...o.query }).toString();
  await page.goto(`${base}/${query ? `?${query}` : ''}#${hash}`);
  // The profile has loaded (and the participant exists) once the balance shows.
  await page.getByTestId(o.ready ?? 'balance-POINTS').waitFor();
  return page;
}

/** Money for a story's participant, issued through the ledger like any award. */
export async function grant(db: Awaited<ReturnType<typeof openTestDatabase>>, telegramId: number, currency: 'POINTS' | 'TON', amount: bigint) {
  const p = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } });
  await inTx(db.prisma, (tx) =>
    transfer(tx, { key: `browser-grant:${telegramId}:${currency}:${amount}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency, amount, kind: 'AWARD' }),
  );
}

/** A free port, so PUBLIC_URL (whose origin the server checks) can name it before the server starts. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export const WIDGET = 'https://telegram.org/js/telegram-widget.js?22';

/** What Telegram's widget script does once the person confirms: calls data-onauth with the signed user. */
export const widgetStub = (payload: unknown) => `(() => {
  const script = document.currentScript;
  const button = document.createElement('button');
  button.textContent = 'Log in with Telegram';
  button.dataset.testid = 'telegram-login-button';
  button.dataset.bot = script.getAttribute('data-telegram-login');
  button.onclick = () => new Function('user', script.getAttribute('data-onauth'))(${JSON.stringify(payload)});
  script.after(button);
})();`;

/** The widget's script as Telegram serves it once `user` confirms: their fields signed with the bot's token, now. */
export const widgetSignedFor = (botToken: string, user: { telegramId: number; firstName: string }) =>
  widgetStub(signLoginWidget(botToken, { id: user.telegramId, first_name: user.firstName }, new Date()));
