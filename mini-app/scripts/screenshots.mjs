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
const openMailings = async (p) => (
  await p.getByTestId('tab-profile').click(), await p.getByTestId('open-admin').click(), await p.getByTestId('admin-mailings').click(),
  await p.getByTestId('mailing-new').waitFor(), await p.waitForFunction(() => !document.querySelector('.skeleton')));
// A fresh database has no mailings: one is written through the form so the list is not empty.
const ensureMailing = async (p) => {
  if (await p.locator('[data-testid^="mailing-"].card').count()) return;
  await p.getByTestId('mailing-new').click();
  await p.getByTestId('mailing-title').fill('Welcome to the community');
  await p.getByTestId('mailing-text-en').fill('Hi! Check in every day to keep your streak and climb the leaderboard.');
  await p.getByTestId('mailing-save').click();
  await p.getByTestId('mailing-status').waitFor();
  await p.getByTestId('mailing-back').click();
  await p.locator('[data-testid^="mailing-"].card').first().waitFor();
};
const openAdmin = async (p, tab) => (
  await p.getByTestId('tab-profile').click(), await p.getByTestId('open-admin').click(), await p.getByTestId(tab).click(),
  await p.waitForFunction(() => !document.querySelector('.skeleton')));
// Conversations come from people writing to the bot: a fresh database has none, and the inbox shows so.
const openDialog = async (p) => {
  await openAdmin(p, 'admin-inbox');
  await p.getByTestId('inbox-filter-ALL').click();
  await p.waitForTimeout(400);
  await p.waitForFunction(() => !document.querySelector('.skeleton'));
  const items = p.getByTestId('dialog-item');
  if (!(await items.count())) return;
  // Opening marks a conversation read: one without unread messages keeps the inbox's badges for the other shots.
  const read = items.filter({ hasNot: p.getByTestId('dialog-unread') });
  await ((await read.count()) ? read : items).first().click();
  await p.getByTestId('dialog-messages').waitFor();
};
// People with tags, notes, a ban and a deleted account, made through the UI once (a fresh database has none).
const CRM = [
  ['Kirill', ['vip', 'whale', 'early-adopter'], ['Bought three drops this week; offered him the partner discount.', 'Asked about withdrawals to a new wallet — answered in the inbox.']],
  ['Julia', ['vip', 'ru-community'], []],
  ['Hanna', ['whale'], ['Runs a TON meetup in Berlin; interested in a co-branded task.']],
  ['Lena', ['new'], []],
];
const openPeople = async (p) => (await openAdmin(p, 'admin-people'), await p.getByTestId('person-row').first().waitFor());
const openPerson = async (p, name) => {
  await p.getByTestId('people-search').fill(name);
  const row = p.getByTestId('person-row').filter({ hasText: name });
  await row.first().waitFor();
  await p.waitForTimeout(400);
  await row.first().click();
  await p.getByTestId('tag-input').waitFor();
};
const ensureCrm = async (p) => {
  if (await p.locator('[data-testid^="tag-filter-"]').count()) return;
  for (const [name, tags, notes] of CRM) {
    await openPerson(p, name);
    for (const [i, tag] of tags.entries()) {
      await p.getByTestId('tag-input').fill(tag);
      await p.getByTestId('tag-add').click();
      await p.waitForFunction((n) => document.querySelectorAll('[data-testid="person-tag"]').length === n, i + 1);
    }
    for (const [i, note] of notes.entries()) {
      await p.getByTestId('note-input').fill(note);
      await p.getByTestId('note-add').click();
      await p.waitForFunction((n) => document.querySelectorAll('[data-testid="person-note"]').length === n, i + 1);
    }
    if (name === 'Hanna') {
      await p.getByTestId('person-ban').click();
      await p.getByTestId('ban-reason').fill('Spam links in the community chat');
      await p.getByTestId('ban-confirm').click();
      await p.getByTestId('person-unban').waitFor();
    }
    await p.getByTestId('person-back').click();
  }
  await p.getByTestId('people-search').fill('');
  // Someone who deleted their account: the list marks it.
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const q = await ctx.newPage();
  await q.goto(`${base}/?lang=en&tid=100077&name=Gone`);
  await q.getByTestId('tab-profile').click();
  await q.getByTestId('delete-account').click();
  await q.getByTestId('delete-understood').check();
  await q.getByTestId('delete-confirm').click();
  await q.getByTestId('account-deleted').waitFor();
  await ctx.close();
  await p.reload();
  await openPeople(p);
};
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
  ['admin-events', async (p) => openAdmin(p, 'admin-events')],
  ['admin-product-form', async (p) => (
    await p.getByTestId('tab-profile').click(), await p.getByTestId('open-admin').click(), await p.getByTestId('admin-shop').click(),
    await p.getByTestId('product-new').click(), await p.getByTestId('product-kind').selectOption('BOOST'))],
  ['admin-task-form', async (p) => (
    await p.getByTestId('tab-profile').click(), await p.getByTestId('open-admin').click(), await p.getByTestId('admin-tasks').click(),
    await p.getByTestId('task-new').click(), await p.getByTestId('task-slug').fill('ton-quiz'), await p.getByTestId('task-title-en').fill('What powers TON?'))],
  ['admin-mailings', async (p) => (await openMailings(p), await ensureMailing(p))],
  // An A/B mailing when there is one: its figures side by side.
  ['admin-mailing-detail', async (p) => {
    await openMailings(p);
    await ensureMailing(p);
    const cards = p.locator('[data-testid^="mailing-"].card');
    await ((await cards.filter({ hasText: 'A/B' }).count()) ? cards.filter({ hasText: 'A/B' }) : cards).first().click();
    await p.getByTestId('mailing-status').waitFor();
  }],
  ['admin-mailing-form', async (p) => (
    await openMailings(p), await p.getByTestId('mailing-new').click(),
    await p.getByTestId('mailing-title').fill('Weekend drop teaser'),
    await p.getByTestId('mailing-ab').check(),
    await p.getByTestId('mailing-text-en').fill('TON Critters drop opens on Saturday at 18:00. Set a reminder!'),
    await p.getByTestId('mailing-text-en-b').fill('Saturday 18:00: 300 new TON Critters. Who gets #1?'),
    await p.getByTestId('mailing-language').selectOption('en'),
    await p.getByTestId('mailing-days').fill('30'),
    await p.waitForTimeout(600),
    await p.evaluate(() => window.scrollTo(0, 0)))],
  ['admin-mailing-form-audience', async (p) => (
    await openMailings(p), await p.getByTestId('mailing-new').click(),
    await p.getByTestId('mailing-title').fill('Partner discount'),
    await p.getByTestId('mailing-category').selectOption('EVENTS'),
    await p.getByTestId('mailing-button').check(),
    await p.getByTestId('mailing-label-en').fill('Open the app'),
    await p.getByTestId('mailing-days').fill('30'),
    await p.getByTestId('mailing-min-points').fill('100'),
    await p.waitForTimeout(600),
    await p.evaluate(() => window.scrollTo(0, document.body.scrollHeight)))],
  ['admin-inbox', async (p) => openAdmin(p, 'admin-inbox')],
  ['admin-dialog', openDialog],
  ['admin-analytics', async (p) => {
    await openAdmin(p, 'admin-overview');
    await p.getByTestId('cohorts').or(p.getByText(/Nobody has joined|никто не пришёл/)).first().waitFor();
    await p.evaluate(() => (document.querySelector('[data-testid="cohorts"]')?.closest('.section')?.scrollIntoView(), window.scrollBy(0, -12)));
  }],
  ['admin-people', async (p) => (await openPeople(p), await ensureCrm(p), await p.locator('[data-testid^="tag-filter-"]').first().waitFor())],
  ['admin-person', async (p) => (await openPeople(p), await ensureCrm(p), await openPerson(p, 'Kirill'))],
  ['admin-person-notes', async (p) => (
    await openPeople(p), await ensureCrm(p), await openPerson(p, 'Kirill'),
    await p.evaluate(() => (document.querySelector('[data-testid="person-tags"]')?.closest('.section')?.scrollIntoView(), window.scrollBy(0, -12))))],
  // The ban list (Hanna is banned by ensureCrm), the ban dialog's end, the mailing's segment picker and the task figures.
  ['admin-bans', async (p) => (await openPeople(p), await ensureCrm(p), await openAdmin(p, 'admin-bans'), await p.getByTestId('bans-row-1').or(p.getByTestId('bans')).first().waitFor())],
  ['admin-ban-dialog', async (p) => (
    await openPeople(p), await ensureCrm(p), await openPerson(p, 'Julia'), await p.getByTestId('person-ban').click(),
    await p.getByTestId('ban-reason').fill('Flooding the chat'), await p.getByTestId('ban-term-30').click(),
    await p.evaluate(() => (document.querySelector('[data-testid="ban-reason"]')?.closest('.section')?.scrollIntoView(), window.scrollBy(0, -12))))],
  ['admin-mailing-segment', async (p) => {
    await openPeople(p);
    await ensureCrm(p);
    await openMailings(p);
    await p.getByTestId('mailing-new').click();
    await p.getByTestId('mailing-title').fill('VIP evening');
    if (!(await p.getByTestId('mailing-segment').locator('option', { hasText: 'VIP members' }).count())) {
      await p.getByTestId('mailing-tag').selectOption('vip');
      await p.getByTestId('segment-save-as').click();
      await p.getByTestId('segment-name').fill('VIP members');
      await p.getByTestId('segment-save').click();
    }
    await p.getByTestId('mailing-segment').selectOption({ label: 'VIP members' });
    await p.waitForTimeout(800);
    await p.evaluate(() => (document.querySelector('[data-testid="mailing-segment"]')?.closest('.section')?.scrollIntoView(), window.scrollBy(0, -12)));
  }],
  ['admin-task-figures', async (p) => {
    const check = p.getByTestId('checkin');
    if (await check.isEnabled().catch(() => false)) await check.click();
    await openAdmin(p, 'admin-tasks');
    await p.getByTestId('figures-view').click();
    await p.getByTestId('task-figures').waitFor();
    await p.waitForFunction(() => !document.querySelector('.skeleton'));
  }],
  ['admin-task-schedule', async (p) => {
    await openAdmin(p, 'admin-tasks');
    await p.locator('[data-testid^="task-edit-open-"]').first().click();
    await p.getByTestId('task-ends').fill('2027-01-31T20:00');
  }],
  // News needs published posts (write them in the News tab of the back office first): Home scrolled to its section,
  // the full list, and the back office's list of posts.
  ['home-news', async (p) => {
    await p.getByTestId('news-section').waitFor();
    await p.evaluate(() => (document.querySelector('[data-testid="news-section"]')?.scrollIntoView(), window.scrollBy(0, -12)));
  }],
  ['news-list', async (p) => (await p.getByTestId('news-all').click(), await p.getByTestId('news-list').waitFor(),
    await p.waitForFunction(() => !document.querySelector('.skeleton')))],
  ['news-post', async (p) => (await p.getByTestId('news-event').click(), await p.getByTestId('news-post').waitFor())],
  ['admin-news', async (p) => (await openAdmin(p, 'admin-news'), await p.getByTestId('news-new').waitFor())],
  ['admin-news-form', async (p) => (
    await openAdmin(p, 'admin-news'), await p.locator('[data-testid^="news-post-"]').first().click(), await p.getByTestId('news-form').waitFor())],
  ['profile-consents', async (p) => (await p.getByTestId('tab-profile').click(), await p.getByTestId('consent-OFFERS').scrollIntoViewIfNeeded(),
    await p.evaluate(() => window.scrollBy(0, 160)))],
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
      // Once a participant exists their saved language wins over ?lang=, so it is set to the one wanted.
      await page.getByTestId('tab-profile').click();
      const want = page.getByTestId(`lang-${lang}`);
      if (!(await want.getAttribute('class'))?.includes('active')) {
        await want.click();
        await page.waitForFunction((l) => document.querySelector('[data-testid="lang-' + l + '"]')?.classList.contains('active'), lang);
      }
      await page.getByTestId('tab-home').click();
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
