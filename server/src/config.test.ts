import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

/** The sentence a bad environment stops the server with. */
function refusal(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const message = (e as Error).message;
    expect(message).toMatch(/^[A-Z].*\.$/s);
    return message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('configuration', () => {
  it('starts with defaults from an empty environment', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      port: 3000,
      production: false,
      botMode: 'polling',
      botTokenIsDev: true,
      publicUrl: 'http://localhost:3000',
      telegramApiRoot: 'https://api.telegram.org',
      adminTelegramIds: [],
      initDataMaxAgeSeconds: 86_400,
      rateLimitPerMinute: 600,
      devAuth: true,
    });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('refuses a bad PORT, naming it', () => {
    for (const PORT of ['abc', '70000', '-1', '80.5']) expect(refusal({ PORT })).toMatch(/\bPORT\b/);
    expect(parseConfig({ PORT: '0' }).port).toBe(0);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, naming it', () => {
    expect(refusal({ DATABASE_URL: 'mysql://root@localhost/app' })).toMatch(/DATABASE_URL.*postgres/);
    expect(parseConfig({ DATABASE_URL: 'postgresql://u@db:5432/app' }).databaseUrl).toBe('postgresql://u@db:5432/app');
  });

  it('requires WEBHOOK_SECRET (and PUBLIC_URL) for BOT_MODE=webhook', () => {
    expect(refusal({ BOT_MODE: 'webhook', PUBLIC_URL: 'https://app.example' })).toMatch(/WEBHOOK_SECRET.*BOT_MODE=webhook/);
    expect(refusal({ BOT_MODE: 'webhook', WEBHOOK_SECRET: 's3cret' })).toMatch(/PUBLIC_URL/);
    expect(refusal({ BOT_MODE: 'webhook', WEBHOOK_SECRET: 'not allowed!', PUBLIC_URL: 'https://app.example' })).toMatch(/WEBHOOK_SECRET/);
    expect(refusal({ BOT_MODE: 'sometimes' })).toMatch(/BOT_MODE/);
    const ok = parseConfig({ BOT_MODE: 'webhook', WEBHOOK_SECRET: 's3cret', PUBLIC_URL: 'https://app.example/' });
    expect(ok).toMatchObject({ botMode: 'webhook', webhookSecret: 's3cret', publicUrl: 'https://app.example' });
  });

  it('requires a real BOT_TOKEN in production and turns the mocked Telegram environment off', () => {
    expect(refusal({ NODE_ENV: 'production', PUBLIC_URL: 'https://app.example' })).toMatch(/BOT_TOKEN.*production/);
    expect(refusal({ BOT_TOKEN: 'not-a-token' })).toMatch(/BOT_TOKEN/);
    const prod = parseConfig({ NODE_ENV: 'production', BOT_TOKEN: '123456:ABCDEFGHIJKLMNOP', PUBLIC_URL: 'https://app.example' });
    expect(prod).toMatchObject({ production: true, devAuth: false, botTokenIsDev: false, botToken: '123456:ABCDEFGHIJKLMNOP' });
  });

  it('reads ADMIN_TELEGRAM_IDS as a comma-separated list of Telegram ids', () => {
    expect(parseConfig({ ADMIN_TELEGRAM_IDS: '1, 22 ,333,' }).adminTelegramIds).toEqual([1n, 22n, 333n]);
    expect(parseConfig({ ADMIN_TELEGRAM_IDS: '9007199254740993' }).adminTelegramIds).toEqual([9007199254740993n]);
    expect(parseConfig({ ADMIN_TELEGRAM_IDS: '' }).adminTelegramIds).toEqual([]);
    const bad = refusal({ ADMIN_TELEGRAM_IDS: '12,@boss' });
    expect(bad).toMatch(/ADMIN_TELEGRAM_IDS/);
    expect(bad).toContain('"@boss" is not a Telegram user id');
  });

  it('names every bad variable at once', () => {
    const message = refusal({ PORT: 'x', RATE_LIMIT_PER_MINUTE: '0', INIT_DATA_MAX_AGE_SECONDS: 'soon' });
    for (const name of ['PORT', 'RATE_LIMIT_PER_MINUTE', 'INIT_DATA_MAX_AGE_SECONDS']) expect(message).toContain(name);
  });
});
