import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { useServer } from '../../test/server-harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

// Without an admins' chat, each owner is told privately, in the language their Telegram speaks.
const TON = 1_000_000_000n;
const h = useServer({ ADMIN_TELEGRAM_IDS: '9300,9301' });
const olga = { telegramId: 9300, firstName: 'Olga', language: 'ru' };
const owen = { telegramId: 9301, firstName: 'Owen', language: 'en' };
const pat = { telegramId: 8711, firstName: 'Pat' };

describe('a withdrawal request in each approver’s language', () => {
  it('reaches a Russian-speaking owner in Russian and an English-speaking one in English, and stays so when it changes', async () => {
    await h.call(olga, 'profile.me');
    await h.call(owen, 'profile.me');
    await h.call(pat, 'profile.me');
    const p = await h.db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(pat.telegramId) } });
    await h.db.prisma.wallet.create({ data: { participantId: p.id, address: `0:${'d'.repeat(64)}`, chain: '-3', publicKey: 'cd'.repeat(32) } });
    await inTx(h.db.prisma, (tx) =>
      transfer(tx, { key: 'prize-lang', debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'TON', amount: 5n * TON, kind: 'AWARD' }),
    );
    const res = await h.call(pat, 'withdrawals.request', { amount: String(2n * TON) });
    expect(res.status).toBe(200);
    const id = (res.body.result.data as { id: number }).id;
    await h.drain();

    const to = (chat: number) => h.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === chat)!.params;
    const ru = to(olga.telegramId);
    expect(ru.text).toContain(`💸 Вывод #${id} — запрошен`);
    expect(ru.text).toMatch(/Одобрения: 0\/1/);
    expect(ru.reply_markup.inline_keyboard[0].map((b: { text: string }) => b.text)).toEqual(['✅ Одобрить', '❌ Отклонить']);
    const en = to(owen.telegramId);
    expect(en.text).toContain(`💸 Withdrawal #${id} — requested`);
    expect(en.reply_markup.inline_keyboard[0].map((b: { text: string }) => b.text)).toEqual(['✅ Approve', '❌ Reject']);

    // Owen rejects in the back office: both messages are brought up to date, each in its language.
    await h.call(owen, 'admin.withdrawals.reject', { id, reason: 'address not verified' });
    await h.drain();
    const edits = h.telegram.callsOf('editMessageText').map((c) => c.params);
    expect(edits.find((e) => e.chat_id === olga.telegramId)!.text).toContain(`Вывод #${id} — отклонён`);
    expect(edits.find((e) => e.chat_id === owen.telegramId)!.text).toContain(`Withdrawal #${id} — rejected`);
    await h.expectLedgerBalanced();
  });
});
