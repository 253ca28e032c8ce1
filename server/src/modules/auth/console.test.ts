import { createHash, createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { failure, testConfig, useHarness } from '../../test/harness.ts';
import { trpcHttp } from '../../test/http.ts';
import { checkLoginWidget, loginWidgetSchema, signLoginWidget } from './login-widget.ts';
import { shortIp } from './sessions.ts';

const MAX_AGE = 3600;
const HOURS = 12;
const ORIGIN = 'https://console.example';
const OWNER = { id: 5100, first_name: 'Olga', username: 'olga' };
const ADMIN = { id: 5101, first_name: 'Adam' };
const PARTICIPANT = { id: 5102, first_name: 'Pia' };
const h = useHarness({
  ADMIN_TELEGRAM_IDS: String(OWNER.id),
  INIT_DATA_MAX_AGE_SECONDS: String(MAX_AGE),
  ADMIN_SESSION_HOURS: String(HOURS),
  PUBLIC_URL: `${ORIGIN}/`,
  BOT_USERNAME: 'loyalty_test_bot',
});
let app: FastifyInstance;
let call: ReturnType<typeof trpcHttp>;
beforeAll(async () => {
  app = await buildApp({ deps: h.deps, logger: false });
  call = trpcHttp(app);
});
afterAll(() => app?.close());

type WidgetUser = { id: number; first_name: string; username?: string };
const widget = (u: WidgetUser, at = h.clock.now()) => signLoginWidget(h.config.botToken, u, at);

/** Posts a widget payload to /auth/telegram as the console page does. */
// Each from its own address: the sign-in limit counts per address, and bites only where a test means it to.
let host = 0;
const postSignIn = (payload: unknown, headers: Record<string, string> = { origin: ORIGIN }) =>
  app.inject({
    method: 'POST',
    url: '/auth/telegram',
    headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140', ...headers },
    payload: JSON.stringify(payload),
    remoteAddress: `203.0.113.${(host++ % 250) + 1}`,
  });

/** Signs in and returns the `name=value` pair the browser would send back. */
async function signIn(u: WidgetUser): Promise<string> {
  const res = await postSignIn(widget(u));
  expect(res.statusCode, res.body).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0];
}

const asOwner = { telegramId: OWNER.id, firstName: OWNER.first_name };
async function makeAdmin(u: WidgetUser, role: 'ADMIN' | 'MODERATOR' | 'FINANCE' = 'ADMIN') {
  await h.as({ telegramId: u.id, firstName: u.first_name }).profile.me();
  await h.as(asOwner).admin.roles.set({ telegramId: String(u.id), role });
}
const sessionRows = () => h.deps.prisma.adminSession.findMany({ orderBy: { id: 'asc' } });
const auditOf = (action: string) => h.deps.prisma.auditLog.findMany({ where: { action }, orderBy: { id: 'asc' } });

describe('the Login Widget check', () => {
  it('accepts what Telegram signs: HMAC-SHA-256 of the sorted data-check-string, keyed by SHA-256 of the bot token', () => {
    const auth_date = Math.floor(h.clock.now().getTime() / 1000);
    // Written out as Telegram's page describes it, not through our own helper.
    const checkString = `auth_date=${auth_date}\nfirst_name=Olga\nid=5100\nphoto_url=https://t.me/i/userpic/320/olga.jpg\nusername=olga`;
    const key = createHash('sha256').update(h.config.botToken).digest();
    const hash = createHmac('sha256', key).update(checkString).digest('hex');
    const data = loginWidgetSchema.parse({ id: 5100, first_name: 'Olga', username: 'olga', photo_url: 'https://t.me/i/userpic/320/olga.jpg', auth_date, hash });
    expect(checkLoginWidget(data, h.config.botToken, MAX_AGE, h.clock.now())).toMatchObject({ id: 5100, first_name: 'Olga', username: 'olga' });
    expect(widget({ ...OWNER, photo_url: 'https://t.me/i/userpic/320/olga.jpg' } as WidgetUser).hash).toBe(hash);

    // Every field is covered, a field Telegram might add later included.
    const withExtra = { ...data, allows_write_to_pm: true };
    expect(() => checkLoginWidget(loginWidgetSchema.parse(withExtra), h.config.botToken, MAX_AGE, h.clock.now())).toThrow(expect.objectContaining({ appCode: 'UNAUTHORIZED' }));
    for (const tampered of [{ ...data, id: 5101 }, { ...data, username: 'mallory' }, { ...data, auth_date: auth_date + 1 }]) {
      expect(() => checkLoginWidget(tampered, h.config.botToken, MAX_AGE, h.clock.now())).toThrow(expect.objectContaining({ appCode: 'UNAUTHORIZED' }));
    }
    expect(() => checkLoginWidget(data, '2000000002:another-bots-token-BBBBBBBBBBBB', MAX_AGE, h.clock.now())).toThrow(expect.objectContaining({ appCode: 'UNAUTHORIZED' }));
  });

  it('shortens addresses to their network', () => {
    expect(shortIp('203.0.113.77')).toBe('203.0.113.0/24');
    expect(shortIp('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
    expect(shortIp('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3::/48');
    expect(shortIp('2001:db8::1')).toBe('2001:db8:0::/48');
  });
});

describe('signing in to the back office from a desktop browser', () => {
  it('tells the page which bot the widget signs in with', async () => {
    const res = await app.inject({ method: 'GET', url: '/auth/config' });
    expect(res.json()).toEqual({ botUsername: 'loyalty_test_bot', devSignIn: true });
  });

  it('offers the development sign-in only outside production', async () => {
    expect((await app.inject({ method: 'GET', url: '/dev/login-widget?telegramId=5100' })).json()).toMatchObject({ id: 5100, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const prod = await buildApp({ deps: { ...h.deps, config: testConfig({ NODE_ENV: 'production', PUBLIC_URL: ORIGIN }) }, logger: false });
    try {
      expect((await prod.inject({ method: 'GET', url: '/dev/login-widget?telegramId=5100' })).statusCode).toBe(404);
      expect((await prod.inject({ method: 'GET', url: '/auth/config' })).json()).toMatchObject({ devSignIn: false });
    } finally {
      await prod.close();
    }
  });

  it('gives an owner an HttpOnly, SameSite=Strict, Secure session cookie and keeps only the token’s hash', async () => {
    const res = await postSignIn(widget(OWNER));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, role: 'OWNER' });
    expect(res.headers['cache-control']).toBe('no-store');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-admin_session=[A-Za-z0-9_-]{43}; /);
    const attrs = cookie.split('; ').slice(1).sort();
    expect(attrs).toEqual(['HttpOnly', `Max-Age=${HOURS * 3600}`, 'Path=/', 'SameSite=Strict', 'Secure']);

    const token = cookie.split(';')[0].split('=')[1];
    const [row] = await sessionRows();
    expect(row).toMatchObject({
      tokenHash: createHash('sha256').update(token).digest('hex'),
      ip: '203.0.113.0/24',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140',
      revokedAt: null,
      expiresAt: new Date(h.clock.now().getTime() + HOURS * 3_600_000),
    });
    expect(JSON.stringify(await h.deps.prisma.adminSession.findMany())).not.toContain(token);
    expect((await auditOf('session.created')).map((a) => a.subjectId)).toEqual([String(row.id)]);
  });

  it('leaves Secure off (and the __Host- prefix) when PUBLIC_URL is plain http', async () => {
    const local = await buildApp({ deps: { ...h.deps, config: testConfig({ ADMIN_TELEGRAM_IDS: String(OWNER.id), PUBLIC_URL: 'http://localhost:3000' }) }, logger: false });
    try {
      const res = await local.inject({ method: 'POST', url: '/auth/telegram', headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' }, payload: JSON.stringify(widget(OWNER)) });
      expect(res.statusCode).toBe(200);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^admin_session=/);
      expect(cookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Max-Age=43200', 'Path=/', 'SameSite=Strict']);
    } finally {
      await local.close();
    }
  });

  it('refuses a bad hash and a stale auth_date with 401, and writes nothing', async () => {
    const forged = { ...widget(OWNER), first_name: 'Mallory' };
    const bad = await postSignIn(forged);
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.data).toMatchObject({ appCode: 'UNAUTHORIZED', httpStatus: 401 });
    expect(bad.headers['set-cookie']).toBeUndefined();

    const stale = await postSignIn(widget(OWNER, new Date(h.clock.now().getTime() - (MAX_AGE + 60) * 1000)));
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error).toMatchObject({ message: expect.stringMatching(/expired/), data: { appCode: 'UNAUTHORIZED' } });
    expect(stale.headers['set-cookie']).toBeUndefined();
    const fresh = await postSignIn(widget(OWNER, new Date(h.clock.now().getTime() - (MAX_AGE - 60) * 1000)));
    expect(fresh.statusCode).toBe(200);

    const malformed = await postSignIn({ id: 'x', hash: 'nope' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.data.appCode).toBe('VALIDATION');
    expect(await sessionRows()).toHaveLength(1);
    expect(await h.deps.prisma.participant.count()).toBe(1);
  });

  it('refuses someone without an admin role with 403, though their participant row is made as initData sign-in makes it', async () => {
    const res = await postSignIn(widget(PARTICIPANT));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.data.appCode).toBe('FORBIDDEN');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await h.deps.prisma.participant.findUnique({ where: { telegramId: BigInt(PARTICIPANT.id) } })).toMatchObject({ role: 'PARTICIPANT', firstName: 'Pia' });
    expect(await sessionRows()).toEqual([]);

    // A banned admin is refused too.
    await makeAdmin(ADMIN);
    await h.deps.prisma.participant.update({ where: { telegramId: BigInt(ADMIN.id) }, data: { bannedAt: h.clock.now() } });
    const banned = await postSignIn(widget(ADMIN));
    expect(banned.statusCode).toBe(403);
    expect(banned.json().error.data.appCode).toBe('BANNED');
  });

  it('a sign-in posted from another site is refused (login CSRF); more than ten attempts a minute are too', async () => {
    const foreign = await postSignIn(widget(OWNER), { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.data.appCode).toBe('ORIGIN_FORBIDDEN');
    const statuses: number[] = [];
    const from = { origin: ORIGIN, 'x-forwarded-for': '198.51.100.1' };
    for (let i = 0; i < 10; i++) statuses.push((await postSignIn({ ...widget(OWNER), first_name: `x${i}` }, from)).statusCode);
    expect(statuses).toEqual(Array(10).fill(401));
    const limited = await postSignIn(widget(OWNER), from);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.data.appCode).toBe('RATE_LIMITED');
    // Another address still gets in.
    expect((await postSignIn(widget(OWNER))).statusCode).toBe(200);
  });
});

describe('the session cookie', () => {
  it('works for the back office without the tma header; without it the call is 401', async () => {
    const cookie = await signIn(OWNER);
    expect(await call('admin.sections', { headers: { cookie } })).toMatchObject({ status: 200, data: { role: 'OWNER' } });
    expect(await call('profile.me', { headers: { cookie } })).toMatchObject({ status: 200, data: { telegramId: String(OWNER.id) } });
    expect(await call('admin.sections')).toMatchObject({ status: 401, appCode: 'UNAUTHORIZED' });
    expect(await call('admin.sections', { headers: { cookie: 'admin_session=nonsense; __Host-admin_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } })).toMatchObject({ status: 401, appCode: 'UNAUTHORIZED' });
  });

  it('is the caller’s role as initData would be: a moderator is refused what the policy refuses them', async () => {
    await makeAdmin(ADMIN, 'MODERATOR');
    const cookie = await signIn(ADMIN);
    expect(await call('admin.sections', { headers: { cookie } })).toMatchObject({ status: 200, data: { role: 'MODERATOR' } });
    expect(await call('admin.catalog.tasks', { headers: { cookie } })).toMatchObject({ status: 403, appCode: 'FORBIDDEN' });
    expect(await call('admin.roles.list', { headers: { cookie } })).toMatchObject({ status: 403, appCode: 'FORBIDDEN' });
  });

  it('is refused after sign-out, and signing out twice changes nothing', async () => {
    const cookie = await signIn(OWNER);
    const out = await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie, origin: ORIGIN } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^__Host-admin_session=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    expect(await call('admin.sections', { headers: { cookie } })).toMatchObject({ status: 401, appCode: 'UNAUTHORIZED' });
    expect((await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie, origin: ORIGIN } })).statusCode).toBe(200);
    expect(await auditOf('session.ended')).toHaveLength(1);
    expect((await sessionRows())[0].revokedAt).toEqual(h.clock.now());
  });

  it('is refused once it expires, ADMIN_SESSION_HOURS after the sign-in, by the app’s clock', async () => {
    const cookie = await signIn(OWNER);
    h.clock.advance({ hours: HOURS, seconds: -1 });
    expect(await call('admin.sections', { headers: { cookie } })).toMatchObject({ status: 200 });
    expect((await sessionRows())[0].lastSeenAt).toEqual(h.clock.now());
    h.clock.advance({ seconds: 1 });
    const expired = await call('admin.sections', { headers: { cookie } });
    expect(expired).toMatchObject({ status: 401, appCode: 'UNAUTHORIZED' });
    expect(expired.body.error.message).toMatch(/session has ended/);
  });

  it('refuses a change sent from a foreign origin with 403; the same from our own page goes through', async () => {
    await h.as({ telegramId: PARTICIPANT.id, firstName: PARTICIPANT.first_name }).profile.me();
    const cookie = await signIn(OWNER);
    const tag = (headers: Record<string, string>, tags: string[]) => call('admin.participants.setTags', { headers: { cookie, ...headers }, input: { telegramId: String(PARTICIPANT.id), tags } });
    const tagsNow = async () => (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(PARTICIPANT.id) } })).tags;

    expect(await tag({ origin: 'https://evil.example' }, ['pwned'])).toMatchObject({ status: 403, appCode: 'ORIGIN_FORBIDDEN' });
    expect(await tag({ origin: 'http://console.example' }, ['pwned'])).toMatchObject({ status: 403, appCode: 'ORIGIN_FORBIDDEN' });
    expect(await tag({ referer: 'https://evil.example/admin' }, ['pwned'])).toMatchObject({ status: 403, appCode: 'ORIGIN_FORBIDDEN' });
    expect(await tag({}, ['pwned'])).toMatchObject({ status: 403, appCode: 'ORIGIN_FORBIDDEN' });
    // A batch of mutations is one POST: refused as a whole.
    const batch = await app.inject({
      method: 'POST',
      url: '/trpc/admin.participants.setTags?batch=1',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      payload: JSON.stringify({ 0: { telegramId: String(PARTICIPANT.id), tags: ['pwned'] } }),
    });
    expect(batch.statusCode).toBe(403);
    expect(await tagsNow()).toEqual([]);

    expect(await tag({ origin: ORIGIN }, ['vip'])).toMatchObject({ status: 200, data: { tags: ['vip'] } });
    expect(await tag({ referer: `${ORIGIN}/admin` }, ['vip', 'team'])).toMatchObject({ status: 200 });
    expect(await tagsNow()).toEqual(['team', 'vip']);

    // Signing out from another site is refused as well, and the session lives on.
    expect((await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie, origin: 'https://evil.example' } })).statusCode).toBe(403);
    expect(await call('admin.sections', { headers: { cookie } })).toMatchObject({ status: 200 });
  });

  it('leaves initData callers as they were: the tma header wins over any cookie and needs no Origin', async () => {
    await h.as({ telegramId: PARTICIPANT.id, firstName: PARTICIPANT.first_name }).profile.me();
    const cookie = await signIn(OWNER);
    const initData = h.initData({ telegramId: OWNER.id, firstName: OWNER.first_name });
    expect(await call('admin.participants.setTags', { initData, input: { telegramId: String(PARTICIPANT.id), tags: ['a'] } })).toMatchObject({ status: 200 });
    expect(await call('admin.participants.setTags', { initData, headers: { cookie, origin: 'https://evil.example' }, input: { telegramId: String(PARTICIPANT.id), tags: ['b'] } })).toMatchObject({
      status: 200,
    });
    // A participant's initData with an owner's cookie is still only the participant.
    const pia = h.initData({ telegramId: PARTICIPANT.id, firstName: PARTICIPANT.first_name });
    expect(await call('admin.sections', { initData: pia, headers: { cookie } })).toMatchObject({ status: 403, appCode: 'FORBIDDEN' });
  });
});

describe('sessions and roles in the back office', () => {
  it('lists one’s own sessions (owners see everyone’s) and ends them, audited; an ended one stops working', async () => {
    await makeAdmin(ADMIN);
    const ownerCookie = await signIn(OWNER);
    const adminCookie = await signIn(ADMIN);
    const adminCookie2 = await signIn(ADMIN);
    const list = (cookie: string) => call('admin.sessions.list', { headers: { cookie } });

    const mine = (await list(adminCookie)).data;
    expect(mine).toHaveLength(2);
    expect(mine.every((s: any) => s.name === 'Adam' && s.own)).toBe(true);
    expect(mine.filter((s: any) => s.current)).toHaveLength(1);
    const everyone = (await list(ownerCookie)).data;
    expect(everyone.map((s: any) => s.name).sort()).toEqual(['Adam', 'Adam', 'Olga']);
    const ownerSession = everyone.find((s: any) => s.name === 'Olga');

    // An admin cannot end an owner's session (it looks as if it were not there); an owner ends anyone's.
    const cross = await call('admin.sessions.revoke', { headers: { cookie: adminCookie, origin: ORIGIN }, input: { id: ownerSession.id } });
    expect(cross).toMatchObject({ status: 404, appCode: 'SESSION_NOT_FOUND' });
    const adminSession2 = mine.find((s: any) => !s.current);
    expect(await call('admin.sessions.revoke', { headers: { cookie: ownerCookie, origin: ORIGIN }, input: { id: adminSession2.id } })).toMatchObject({ status: 200 });
    expect(await call('admin.sections', { headers: { cookie: adminCookie2 } })).toMatchObject({ status: 401, appCode: 'UNAUTHORIZED' });
    expect(await call('admin.sections', { headers: { cookie: adminCookie } })).toMatchObject({ status: 200 });
    // One's own, from inside Telegram too.
    const current = mine.find((s: any) => s.current);
    expect(await h.as({ telegramId: ADMIN.id, firstName: 'Adam' }).admin.sessions.revoke({ id: current.id })).toEqual({ ok: true });
    expect(await call('admin.sections', { headers: { cookie: adminCookie } })).toMatchObject({ status: 401 });

    const revoked = await auditOf('session.revoked');
    const owner = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(OWNER.id) } });
    const adam = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(ADMIN.id) } });
    expect(revoked.map((a) => [a.actorId, a.subjectId])).toEqual([
      [owner.id, String(adminSession2.id)],
      [adam.id, String(current.id)],
    ]);
    expect((await list(ownerCookie)).data.map((s: any) => s.name)).toEqual(['Olga']);
    expect(await failure(h.as({ telegramId: PARTICIPANT.id, firstName: 'Pia' }).admin.sessions.list())).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN' });
  });

  it('owners give and take roles, audited; taking one away ends that person’s sessions', async () => {
    await h.as({ telegramId: PARTICIPANT.id, firstName: 'Pia' }).profile.me();
    await makeAdmin(ADMIN, 'FINANCE');
    const owner = h.as(asOwner);
    expect(await owner.admin.roles.list()).toEqual([
      expect.objectContaining({ telegramId: String(OWNER.id), role: 'OWNER', fixed: true }),
      expect.objectContaining({ telegramId: String(ADMIN.id), name: 'Adam', role: 'FINANCE', fixed: false }),
    ]);
    const adminCookie = await signIn(ADMIN);
    await owner.admin.roles.set({ telegramId: String(ADMIN.id), role: null });
    expect(await call('admin.sections', { headers: { cookie: adminCookie } })).toMatchObject({ status: 401, appCode: 'UNAUTHORIZED' });
    // Taking the role away ended the session signed in above (and any other), not none of them.
    const rows = await sessionRows();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((s) => !s.revokedAt)).toEqual([]);
    await owner.admin.roles.set({ telegramId: String(PARTICIPANT.id), role: 'MODERATOR' });
    expect((await owner.admin.roles.list()).map((p) => [p.name, p.role])).toEqual([
      ['Olga', 'OWNER'],
      ['Pia', 'MODERATOR'],
    ]);
    const changes = await auditOf('participant.role');
    expect(changes.map((a) => a.data)).toEqual([
      { from: 'PARTICIPANT', to: 'FINANCE' },
      { from: 'FINANCE', to: 'PARTICIPANT', sessionsEnded: 1 },
      { from: 'PARTICIPANT', to: 'MODERATOR' },
    ]);

    expect(await failure(h.as({ telegramId: PARTICIPANT.id, firstName: 'Pia' }).admin.roles.set({ telegramId: String(ADMIN.id), role: 'ADMIN' }))).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'FORBIDDEN',
    });
    expect(await failure(owner.admin.roles.set({ telegramId: String(OWNER.id), role: 'ADMIN' }))).toMatchObject({ code: 'FORBIDDEN', appCode: 'ROLE_LOCKED' });
    expect(await failure(owner.admin.roles.set({ telegramId: '999999', role: 'ADMIN' }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'PARTICIPANT_NOT_FOUND' });
    expect(await failure(owner.admin.roles.set({ telegramId: String(ADMIN.id), role: 'PARTICIPANT' as never }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await auditOf('participant.role')).toHaveLength(3);
  });

  it('an owner made in the console can be removed, but never the last owner', async () => {
    await makeAdmin(ADMIN, 'ADMIN');
    const owner = h.as(asOwner);
    await owner.admin.roles.set({ telegramId: String(ADMIN.id), role: 'OWNER' });
    const adam = h.as({ telegramId: ADMIN.id, firstName: 'Adam' });
    // Now an owner, Adam passes the policy (Pia has never signed in, so there is no one to change).
    expect(await failure(adam.admin.roles.set({ telegramId: String(PARTICIPANT.id), role: 'ADMIN' }))).toMatchObject({ appCode: 'PARTICIPANT_NOT_FOUND' });
    await owner.admin.roles.set({ telegramId: String(ADMIN.id), role: 'ADMIN' });
    expect((await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(ADMIN.id) } })).role).toBe('ADMIN');

    // Olga leaves ADMIN_TELEGRAM_IDS and Adam is the only owner left: he cannot step down.
    await owner.admin.roles.set({ telegramId: String(ADMIN.id), role: 'OWNER' });
    await h.deps.prisma.participant.update({ where: { telegramId: BigInt(OWNER.id) }, data: { role: 'PARTICIPANT' } });
    expect(await failure(adam.admin.roles.set({ telegramId: String(ADMIN.id), role: null }))).toMatchObject({ code: 'CONFLICT', appCode: 'LAST_OWNER' });
    expect((await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(ADMIN.id) } })).role).toBe('OWNER');
  });
});
