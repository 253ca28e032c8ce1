import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { useServer } from '../../test/server-harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

const TON = 1_000_000_000n;
const h = useServer({ ADMIN_TELEGRAM_IDS: '9200,9201', ADMIN_CHAT_ID: '-100555', WITHDRAW_SECOND_APPROVAL_NANO: String(10n * TON) });
const pat = { telegramId: 8701, firstName: 'Pat' };

async function pending(amount: bigint) {
  for (const id of [9200, 9201, 9202]) await h.call({ telegramId: id }, 'profile.me');
  await h.call(pat, 'profile.me');
  const p = await h.db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(pat.telegramId) } });
  await h.db.prisma.wallet.create({ data: { participantId: p.id, address: `0:${'c'.repeat(64)}`, chain: '-3', publicKey: 'ab'.repeat(32) } });
  await inTx(h.db.prisma, (tx) =>
    transfer(tx, { key: 'prize', debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'TON', amount: 20n * TON, kind: 'AWARD' }),
  );
  const res = await h.call(pat, 'withdrawals.request', { amount: String(amount) });
  expect(res.status).toBe(200);
  return res.body.result.data as { id: number };
}

const press = (fromId: number, data: string) =>
  h.update({
    callback_query: {
      id: `cb-${Math.random()}`,
      from: { id: fromId, is_bot: false, first_name: 'Admin' },
      chat_instance: '1',
      data,
      message: { message_id: 1, date: 1, chat: { id: -100555, type: 'supergroup', title: 'Admins' } },
    },
  });

describe('approving withdrawals from the bot', () => {
  it('two owners approve a large request with the inline buttons; the posted message follows every step', async () => {
    const w = await pending(12n * TON);
    // Approvers are told, and their message kept current, by the outbox worker.
    await h.drain();
    const post = h.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === -100555)!;
    expect(post.params.reply_markup.inline_keyboard[0].map((b: { callback_data: string }) => b.callback_data)).toEqual([`wd:approve:${w.id}`, `wd:reject:${w.id}`]);

    expect(await press(9200, `wd:approve:${w.id}`)).toBe(200);
    expect(h.telegram.callsOf('answerCallbackQuery').at(-1)!.params.text).toMatch(/1\/2/);
    await h.drain();
    expect(h.telegram.callsOf('editMessageText').at(-1)!.params.text).toMatch(/Approvals: 1\/2/);
    await press(9200, `wd:approve:${w.id}`);
    expect(h.telegram.callsOf('answerCallbackQuery').at(-1)!.params).toMatchObject({ show_alert: true, text: expect.stringMatching(/another admin/) });
    await press(9201, `wd:approve:${w.id}`);
    await h.drain();
    const edited = h.telegram.callsOf('editMessageText').at(-1)!.params;
    expect(edited.text).toMatch(/#\d+ — approved/);
    expect(edited.reply_markup.inline_keyboard).toEqual([]);
    const row = await h.db.prisma.withdrawal.findUniqueOrThrow({ where: { id: w.id } });
    expect(row.status).toBe('APPROVED');
  });

  it('ignores the buttons from someone who is not a finance admin, and rejects from the bot', async () => {
    const w = await pending(TON);
    await press(9202, `wd:approve:${w.id}`);
    expect(h.telegram.callsOf('answerCallbackQuery').at(-1)!.params).toMatchObject({ show_alert: true });
    // The policy decides, not the bot: an admin without withdrawals.approve is refused too.
    await h.db.prisma.participant.update({ where: { telegramId: 9202n }, data: { role: 'ADMIN' } });
    await press(9202, `wd:approve:${w.id}`);
    expect(h.telegram.callsOf('answerCallbackQuery').at(-1)!.params).toMatchObject({ show_alert: true, text: expect.stringMatching(/Only finance admins and owners/) });
    expect((await h.db.prisma.withdrawal.findUniqueOrThrow({ where: { id: w.id } })).status).toBe('REQUESTED');
    await press(9201, `wd:reject:${w.id}`);
    expect((await h.db.prisma.withdrawal.findUniqueOrThrow({ where: { id: w.id } })).status).toBe('REJECTED');
    await h.expectLedgerBalanced();
  });
});
