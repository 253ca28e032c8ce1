import { InputFile } from 'grammy';
import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { balancesOf, historyOf, type HistoryItem } from '../ledger/queries.ts';
import { transfer } from '../ledger/service.ts';
import { consentsOf } from '../mailings/service.ts';
import { t } from '../../lib/bot-strings.ts';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** Everything the product keeps about a participant, as they may ask to see it. */
export async function exportData(deps: AppDeps, p: Participant) {
  const id = p.id;
  const [consents, balances, claims, orders, invoices, withdrawals, wallet, editions, boosts, dialog, mailings, invitedBy, invited, notes, contact] = await Promise.all([
    consentsOf(deps, id),
    balancesOf(deps.db, id),
    deps.prisma.taskClaim.findMany({ where: { participantId: id }, orderBy: { createdAt: 'asc' } }),
    deps.prisma.order.findMany({ where: { participantId: id }, orderBy: { id: 'asc' }, include: { product: { select: { slug: true } } } }),
    deps.prisma.invoice.findMany({ where: { participantId: id }, orderBy: { createdAt: 'asc' } }),
    deps.prisma.withdrawal.findMany({ where: { participantId: id }, orderBy: { id: 'asc' } }),
    deps.prisma.wallet.findUnique({ where: { participantId: id } }),
    deps.prisma.edition.findMany({ where: { ownerId: id }, orderBy: { id: 'asc' }, include: { collection: { select: { slug: true } } } }),
    deps.prisma.boost.findMany({ where: { participantId: id }, orderBy: { startsAt: 'asc' } }),
    deps.prisma.dialog.findUnique({ where: { participantId: id }, include: { messages: { orderBy: { id: 'asc' } } } }),
    deps.prisma.mailingDelivery.findMany({ where: { participantId: id }, include: { mailing: { select: { title: true } } } }),
    p.invitedById ? deps.prisma.participant.findUnique({ where: { id: p.invitedById }, select: { referralCode: true } }) : null,
    deps.prisma.participant.count({ where: { invitedById: id } }),
    deps.prisma.participantNote.findMany({ where: { participantId: id }, orderBy: { id: 'asc' } }),
    deps.prisma.participantContact.findUnique({ where: { participantId: id } }),
  ]);
  const rsvps = await deps.prisma.eventRsvp.findMany({ where: { participantId: id }, orderBy: { answeredAt: 'asc' }, include: { event: { select: { title: true, startsAt: true } } } });
  const tasks = new Map((await deps.prisma.task.findMany({ select: { id: true, slug: true } })).map((t) => [t.id, t.slug]));
  const transfers: HistoryItem[] = [];
  for (let cursor: bigint | null = null; ; ) {
    const page: Awaited<ReturnType<typeof historyOf>> = await historyOf(deps.prisma, id, cursor, 500);
    transfers.push(...page.items);
    if (!page.nextCursor) break;
    cursor = BigInt(page.nextCursor);
  }
  return {
    exportedAt: deps.clock.now().toISOString(),
    profile: {
      telegramId: p.telegramId.toString(),
      username: p.username,
      firstName: p.firstName,
      lastName: p.lastName,
      photoUrl: p.photoUrl,
      languageCode: p.languageCode,
      language: p.language,
      isPremium: p.isPremium,
      role: p.role,
      referralCode: p.referralCode,
      invitedByCode: invitedBy?.referralCode ?? null,
      friendsInvited: invited,
      streak: p.streak,
      bestStreak: p.bestStreak,
      lastCheckinDay: p.lastCheckinDay,
      joinedAt: iso(p.createdAt),
      lastSeenAt: iso(p.lastSeenAt),
      banned: p.bannedAt != null,
      tags: p.tags,
    },
    notesByTheTeam: notes.map((n) => ({ text: n.text, at: iso(n.createdAt) })),
    consents,
    balances,
    transfers: transfers.reverse(),
    claims: claims.map((c) => ({ task: tasks.get(c.taskId) ?? String(c.taskId), period: c.periodKey, reward: c.reward.toString(), at: iso(c.createdAt) })),
    orders: orders.map((o) => ({ id: o.id, product: o.product.slug, currency: o.currency, price: o.price.toString(), status: o.status, at: iso(o.createdAt) })),
    invoices: invoices.map((i) => ({ id: i.id, purpose: i.purpose, currency: i.currency, amount: i.amount.toString(), status: i.status, at: iso(i.createdAt), paidAt: iso(i.paidAt) })),
    withdrawals: withdrawals.map((w) => ({ id: w.id, amount: w.amount.toString(), fee: w.fee.toString(), address: w.address, status: w.status, at: iso(w.createdAt), txHash: w.payoutTxHash })),
    wallet: wallet ? { address: wallet.address, linkedAt: iso(wallet.linkedAt) } : null,
    phone: contact ? { number: contact.phone, sharedAt: iso(contact.sharedAt), consent: contact.consent } : null,
    collectibles: editions.map((e) => ({ collection: e.collection.slug, number: e.number, model: e.model, backdrop: e.backdrop, symbol: e.symbol, nft: e.nftAddress })),
    boosts: boosts.map((b) => ({ multiplierBps: b.multiplierBps, startsAt: iso(b.startsAt), endsAt: iso(b.endsAt) })),
    messages: (dialog?.messages ?? []).map((m) => ({ direction: m.direction === 'IN' ? 'from you' : 'from the team', text: m.text, at: iso(m.createdAt) })),
    mailings: mailings.map((d) => ({ title: d.mailing.title, status: d.status, sentAt: iso(d.sentAt), openedAt: iso(d.openedAt) })),
    eventAnswers: rsvps.map((r) => ({ event: (r.event.title as { en: string }).en, startsAt: iso(r.event.startsAt), answer: r.answer, answeredAt: iso(r.answeredAt), attended: r.attended, remindedAt: iso(r.remindedAt) })),
  };
}

/** At most one export by the bot per participant in this long. */
const EXPORT_EVERY_MS = 10 * 60_000;

/** The export as a JSON file in the participant's chat with the bot: Telegram clients keep and open files. */
export async function sendExport(deps: AppDeps, p: Participant) {
  const now = deps.clock.now();
  const recent = await deps.prisma.auditLog.findFirst({
    where: { subjectType: 'participant', subjectId: String(p.id), action: 'privacy.exported', createdAt: { gt: new Date(now.getTime() - EXPORT_EVERY_MS) } },
  });
  if (recent) {
    const at = new Date(recent.createdAt.getTime() + EXPORT_EVERY_MS);
    throw new DomainError(AppCodes.EXPORT_TOO_SOON, 'TOO_MANY_REQUESTS', 'Your data was sent to the chat a few minutes ago. Try again later.', { availableAt: at.toISOString() });
  }
  const data = await exportData(deps, p);
  const file = new InputFile(Buffer.from(JSON.stringify(data, null, 2)), `my-data-${now.toISOString().slice(0, 10)}.json`);
  try {
    await deps.telegram.sendDocument(Number(p.telegramId), file, { caption: t(p.language).exportCaption });
  } catch {
    throw new DomainError(AppCodes.MESSAGE_NOT_SENT, 'BAD_GATEWAY', 'The bot could not send you the file. Start the bot, then try again.');
  }
  await deps.prisma.auditLog.create({ data: { actorId: p.id, action: 'privacy.exported', subjectType: 'participant', subjectId: String(p.id), createdAt: now } });
  return { sent: true };
}

type Refusal = 'ADMIN_ROLE' | 'MONEY_ON_BALANCE' | 'WITHDRAWAL_OPEN' | 'LISTING_ACTIVE' | 'PAYMENT_OPEN';
/** `details.reason` says which rule refused, for clients to explain it in the participant's language. */
const cannot = (reason: Refusal, msg: string, details?: Record<string, unknown>) =>
  new DomainError(AppCodes.ACCOUNT_NOT_DELETABLE, 'PRECONDITION_FAILED', msg, { reason, ...details });

/**
 * Deletes the account: personal data and conversations are erased, remaining points leave circulation
 * through the ledger, and the Telegram id is released (a later sign-in starts afresh). Money records stay,
 * with no one's name on them. Refused while real money or an open deal would be lost with it.
 */
export async function deleteAccount(deps: AppDeps, p: Participant) {
  if (p.role !== 'PARTICIPANT') throw cannot('ADMIN_ROLE', 'Hand your admin role over before deleting your account.');
  const now = deps.clock.now();
  await inTx(deps.prisma, async (tx) => {
    // The row lock keeps a concurrent purchase, withdrawal or listing from slipping in meanwhile.
    await tx.$queryRawUnsafe('SELECT 1 FROM "Participant" WHERE id = $1 FOR UPDATE', p.id);
    const accounts = await tx.account.findMany({ where: { participantId: p.id } });
    const money = accounts.filter((a) => a.currency !== 'POINTS' && a.balance > 0n);
    if (money.length) {
      throw cannot('MONEY_ON_BALANCE', 'Withdraw or spend your TON and Stars first: they would be lost with the account.', {
        balances: Object.fromEntries(money.map((a) => [a.currency, a.balance.toString()])),
      });
    }
    if (await tx.withdrawal.count({ where: { participantId: p.id, status: { in: ['REQUESTED', 'APPROVED', 'SENDING'] } } })) {
      throw cannot('WITHDRAWAL_OPEN', 'A withdrawal of yours is still in progress. Wait for it to finish or cancel it.');
    }
    if (await tx.listing.count({ where: { sellerId: p.id, status: 'ACTIVE' } })) throw cannot('LISTING_ACTIVE', 'Take your collectibles off the market first.');
    // A payment still on its way would land on an account nobody can use.
    if (await tx.invoice.count({ where: { participantId: p.id, status: { in: ['PENDING', 'UNDERPAID'] } } })) {
      throw cannot('PAYMENT_OPEN', 'A payment of yours is still open. Wait until it completes or expires.');
    }
    const points = accounts.find((a) => a.currency === 'POINTS')?.balance ?? 0n;
    if (points > 0n) {
      await transfer(tx, {
        key: `account-deleted:${p.id}`,
        debit: { participantId: p.id },
        credit: { system: SystemAccount.SINK },
        currency: 'POINTS',
        amount: points,
        kind: 'ACCOUNT_DELETED',
      });
    }
    const dialog = await tx.dialog.findUnique({ where: { participantId: p.id } });
    if (dialog) {
      await tx.dialogMessage.deleteMany({ where: { dialogId: dialog.id } });
      await tx.dialog.delete({ where: { id: dialog.id } });
    }
    await tx.mailingConsent.deleteMany({ where: { participantId: p.id } });
    await tx.wallet.deleteMany({ where: { participantId: p.id } });
    await tx.taskStart.deleteMany({ where: { participantId: p.id } });
    await tx.score.deleteMany({ where: { participantId: p.id } });
    await tx.telegramGift.deleteMany({ where: { participantId: p.id } });
    await tx.participantNote.deleteMany({ where: { participantId: p.id } });
    await tx.participantContact.deleteMany({ where: { participantId: p.id } });
    // Dialogs they looked after as a team member stay, with nobody assigned.
    await tx.dialog.updateMany({ where: { assigneeId: p.id }, data: { assigneeId: null } });
    await tx.participant.update({
      where: { id: p.id },
      data: {
        telegramId: BigInt(-p.id),
        username: null,
        firstName: '',
        lastName: null,
        photoUrl: null,
        languageCode: null,
        isPremium: false,
        referralCode: `deleted-${p.id}`,
        deletedAt: now,
        bannedAt: now,
        banReason: 'account deleted by its owner',
        botBlockedAt: now,
        tags: [],
      },
    });
    await audit(tx, { actorId: null, action: 'participant.deleted', subjectType: 'participant', subjectId: p.id, data: { pointsRemoved: points } });
  });
  return { deleted: true };
}
