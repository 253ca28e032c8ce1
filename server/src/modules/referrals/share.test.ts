import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';

const h = useHarness();
const ann = { telegramId: 9701, firstName: 'Ann', language: 'ru' };

describe('sharing an invitation through Telegram’s picker', () => {
  it('has the bot prepare the invite message for the participant, in their language, with the invite link', async () => {
    const me = await h.as(ann).profile.me();
    const r = await h.as(ann).referrals.prepareShare();
    expect(r.id).toMatch(/^prep\d+$/);
    expect(new Date(r.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const [call] = h.telegram.acceptedOf('savePreparedInlineMessage');
    expect(Number(call.params.user_id)).toBe(ann.telegramId);
    const result = typeof call.params.result === 'string' ? JSON.parse(call.params.result) : call.params.result;
    expect(result).toMatchObject({ type: 'article', title: 'Приглашение в приложение' });
    expect(result.input_message_content.message_text).toContain('Ann приглашает вас');
    expect(result.input_message_content.message_text).toContain(r.link);
    expect(r.link).toContain(`ref_${me.referralCode}`);
    expect(result.reply_markup.inline_keyboard[0][0]).toEqual({ text: 'Присоединиться', url: r.link });
  });

  it('answers with a stable code when Telegram cannot prepare it', async () => {
    await h.as(ann).profile.me();
    h.telegram.fail('savePreparedInlineMessage', { status: 502 }, { status: 502 }, { status: 502 });
    expect(await failure(h.as(ann).referrals.prepareShare())).toMatchObject({ appCode: 'MESSAGE_NOT_SENT', code: 'SERVICE_UNAVAILABLE' });
  });
});
