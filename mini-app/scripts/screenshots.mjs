// Screenshots of every screen in light and dark Telegram themes at a phone size, for a person to look at.
// Usage: node mini-app/scripts/screenshots.mjs [baseUrl] (the server must run in development mode).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = join(import.meta.dirname, '..', '.screenshots');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const shots = [
  ['home', async () => {}],
  ['tasks', async (p) => p.getByTestId('tab-tasks').click()],
  ['leaderboard', async (p) => p.getByTestId('tab-leaderboard').click()],
  ['profile', async (p) => p.getByTestId('tab-profile').click()],
  ['shop', async (p) => p.getByTestId('tab-shop').click()],
  ['collect', async (p) => p.getByTestId('tab-collect').click()],
  ['drops', async (p) => (await p.getByTestId('tab-collect').click(), await p.getByTestId('collect-drops').click())],
  ['wallet', async (p) => (await p.getByTestId('tab-profile').click(), await p.getByTestId('open-wallet').click())],
  ['admin', async (p) => (await p.getByTestId('tab-profile').click(), await p.getByTestId('open-admin').click())],
  ['admin-tasks', async (p) => (await p.getByTestId('tab-profile').click(), await p.getByTestId('open-admin').click(), await p.getByTestId('admin-tasks').click())],
  ['admin-shop', async (p) => (await p.getByTestId('tab-profile').click(), await p.getByTestId('open-admin').click(), await p.getByTestId('admin-shop').click())],
  ['admin-product-form', async (p) => (
    await p.getByTestId('tab-profile').click(), await p.getByTestId('open-admin').click(), await p.getByTestId('admin-shop').click(),
    await p.getByTestId('product-new').click(), await p.getByTestId('product-kind').selectOption('BOOST'))],
  ['admin-task-form', async (p) => (
    await p.getByTestId('tab-profile').click(), await p.getByTestId('open-admin').click(), await p.getByTestId('admin-tasks').click(),
    await p.getByTestId('task-new').click(), await p.getByTestId('task-slug').fill('ton-quiz'), await p.getByTestId('task-title-en').fill('What powers TON?'))],
];
const only = process.env.ONLY?.split(',');
for (const theme of ['light', 'dark']) {
  for (const lang of process.env.LANGS?.split(',') ?? ['en']) {
    for (const [name, go] of shots) {
      if (only && !only.includes(name)) continue;
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
      const page = await ctx.newPage();
      await page.goto(`${base}/?theme=${theme}&lang=${lang}&tid=${process.env.TID ?? 100001}`);
      await page.getByTestId('tab-home').waitFor();
      await go(page);
      await page.waitForTimeout(900);
      const file = join(out, `${name}-${theme}-${lang}.png`);
      await page.screenshot({ path: file, fullPage: false });
      console.log(file);
      await ctx.close();
    }
  }
}
await browser.close();
