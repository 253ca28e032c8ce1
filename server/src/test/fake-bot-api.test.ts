import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../bot/index.ts';
import { BotApiError, FakeBotApi, TEST_BOT_TOKEN } from './fake-bot-api.ts';

// The fake must refuse what Telegram refuses, or a wrong call in the product passes its tests.
describe('the loopback Bot API', () => {
  const telegram = new FakeBotApi();
  let root = '';
  const post = async (method: string, body: unknown, token = TEST_BOT_TOKEN) => {
    const res = await fetch(`${root}/bot${token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  beforeAll(async () => {
    root = await telegram.start();
  });
  afterAll(() => telegram.stop());

  it('answers another token 401 Unauthorized, as Telegram does, and counts it as a problem', async () => {
    expect(await post('getMe', {}, '1000000001:some-other-token-AAAAAAAAAAAAAAAA')).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(() => telegram.verify()).toThrow(/getMe answered 401 Unauthorized/);
    expect(() => telegram.verify()).not.toThrow();
  });

  it('answers a method Telegram lacks 404 Not Found', async () => {
    expect(await post('sendTelepathy', { chat_id: 1 })).toEqual({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    expect(() => telegram.verify()).toThrow(/sendTelepathy answered 404/);
  });

  it('answers 400 for a missing required parameter, a wrong type or a documented limit', async () => {
    const bad = async (method: string, params: unknown) => (await post(method, params)).body;
    expect(await bad('sendMessage', { text: 'hi' })).toEqual({ ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
    expect(await bad('sendMessage', { chat_id: 5 })).toEqual({ ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    expect(await bad('sendMessage', { chat_id: 5, text: 'x'.repeat(4097) })).toMatchObject({ error_code: 400, description: 'Bad Request: message is too long' });
    expect(await bad('sendMessage', { chat_id: { id: 5 }, text: 'hi' })).toMatchObject({ error_code: 400, description: 'Bad Request: field "chat_id" must be of type ChatId' });
    expect(await bad('sendMessage', { chat_id: 5, text: 'hi', reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'x'.repeat(65) }]] } })).toMatchObject({ description: 'Bad Request: BUTTON_DATA_INVALID' });
    expect(await bad('sendMessage', { chat_id: 5, text: 'hi', reply_markup: { inline_keyboard: [[{ text: 'Open', web_app: { url: 'http://localhost:3000/' } }]] } })).toMatchObject({
      description: "Bad Request: inline keyboard button Web App URL 'http://localhost:3000/' is invalid: Only HTTPS links are allowed",
    });
    expect(await bad('refundStarPayment', { user_id: 'vera', telegram_payment_charge_id: 'c-1' })).toMatchObject({ description: 'Bad Request: field "user_id" must be of type Integer' });
    expect(await bad('createInvoiceLink', { title: 'Pack', description: 'Top-up', payload: 'inv', currency: 'XTR', prices: [{ label: 'a', amount: 1 }, { label: 'b', amount: 2 }] })).toMatchObject({
      description: 'Bad Request: STARS_INVOICE_INVALID',
    });
    expect(await bad('answerPreCheckoutQuery', { pre_checkout_query_id: 'q', ok: false })).toMatchObject({ description: 'Bad Request: error_message must be non-empty if ok is false' });
    expect(await bad('sendGift', { gift_id: '1' })).toMatchObject({ description: 'Bad Request: user_id is empty' });
    expect(await bad('setWebhook', { url: 'http://loyalty.example/telegram/webhook' })).toMatchObject({ description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook' });
    expect(telegram.problems).toHaveLength(11);
    telegram.problems.length = 0;
  });

  it('takes a valid call in any of the encodings clients use (JSON, form, multipart through grammY)', async () => {
    expect(await post('sendMessage', { chat_id: '42', text: 'hi', reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Go', url: 'https://t.me/x' }]] }) })).toMatchObject({ status: 200, body: { ok: true } });
    const form = await fetch(`${root}/bot${TEST_BOT_TOKEN}/answerCallbackQuery`, { method: 'POST', body: new URLSearchParams({ callback_query_id: '77', show_alert: 'true' }) });
    expect(form.status).toBe(200);
    const api = createApi(TEST_BOT_TOKEN, root);
    const { InputFile } = await import('grammy');
    await api.sendPhoto(42, new InputFile(Buffer.from('png'), 'a.png'), { caption: 'A caption' });
    expect(telegram.fileOf(telegram.callsOf('sendPhoto')[0], 'photo').content.toString()).toBe('png');
    expect(await api.createInvoiceLink('Pack', 'Top-up', 'inv-1', '', 'XTR', [{ label: 'Pack', amount: 50 }])).toMatch(/^https:\/\/t\.me\/\$/);
    expect(() => telegram.verify()).not.toThrow();
  });

  it('fails the test, not the product, when an assertion inside a scripted answer fails', async () => {
    telegram.on('getChatMember', (p) => {
      expect(p.user_id).toBe(1);
      return { status: 'member', user: { id: 1, is_bot: false, first_name: 'A' } };
    });
    expect((await post('getChatMember', { chat_id: -100, user_id: 2 })).status).toBe(500);
    expect(() => telegram.verify()).toThrow(/the getChatMember handler threw: AssertionError/);
    // A scripted refusal is Telegram's answer, not a problem of the test.
    telegram.on('getChatMember', () => {
      throw new BotApiError(400, 'Bad Request: member not found');
    });
    expect((await post('getChatMember', { chat_id: -100, user_id: 2 })).body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: member not found' });
    expect(() => telegram.verify()).not.toThrow();
  });
});
