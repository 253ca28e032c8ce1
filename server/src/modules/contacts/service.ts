import { GrammyError, Keyboard } from 'grammy';
import type { Participant, Prisma as P } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { t } from '../../lib/bot-strings.ts';
import { audit } from '../audit/service.ts';
import { displayName } from '../participants/service.ts';

/** Telegram sends a number with or without the plus; it is kept as + and digits. Null when it is not one. */
export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s()-]/g, '').replace(/^\+/, '');
  return /^\d{5,20}$/.test(digits) ? `+${digits}` : null;
}

/** What the participant is shown when asked for the number, and agrees to by sending it. */
export const consentLine = (lang: string) => t(lang).phoneConsent;

/** The bot's request: the consent line and a reply-keyboard button that sends the participant's own contact. */
export function phoneRequest(lang: string) {
  const s = t(lang);
  return {
    text: `${s.phoneAsk}\n\n${s.phoneConsent}`,
    keyboard: new Keyboard().requestContact(s.phoneButton).resized().oneTime(),
  };
}

/** Has the bot ask the participant for their number in their chat (the Mini App's button, /phone). */
export async function askForPhone(deps: AppDeps, p: Participant) {
  const r = phoneRequest(p.language);
  try {
    await deps.telegram.sendMessage(Number(p.telegramId), r.text, { reply_markup: r.keyboard });
  } catch (e) {
    if (e instanceof GrammyError && e.error_code === 403) {
      throw new DomainError(AppCodes.MESSAGE_NOT_SENT, 'PRECONDITION_FAILED', 'The bot cannot write to you. Open the chat with the bot and press Start, then try again.');
    }
    throw new DomainError(AppCodes.MESSAGE_NOT_SENT, 'BAD_GATEWAY', 'Telegram did not take the request right now. Try again in a minute.');
  }
  return { sent: true };
}

/**
 * The participant sent a contact to the bot. Kept only when it is their own (Telegram's `user_id` is the
 * sender's): a forwarded card of someone else is refused. Sharing again replaces the number.
 */
export async function shareContact(deps: AppDeps, p: Participant, contact: { userId: number | undefined; phone: string }) {
  if (contact.userId == null || BigInt(contact.userId) !== p.telegramId) return { saved: false as const, reason: 'NOT_YOURS' as const };
  const phone = normalizePhone(contact.phone);
  if (!phone) return { saved: false as const, reason: 'INVALID' as const };
  const now = deps.clock.now();
  const consent = consentLine(p.language);
  await inTx(deps.prisma, async (tx) => {
    await tx.participantContact.upsert({
      where: { participantId: p.id },
      create: { participantId: p.id, phone, consent, sharedAt: now },
      update: { phone, consent, sharedAt: now },
    });
    await audit(tx, { actorId: p.id, action: 'contact.shared', subjectType: 'participant', subjectId: p.id });
  });
  return { saved: true as const };
}

/** The participant takes their number back (the Mini App or /forget_phone): it is deleted, not hidden. */
export async function forgetContact(deps: AppDeps, p: Pick<Participant, 'id'>) {
  return inTx(deps.prisma, async (tx) => {
    const n = await tx.participantContact.deleteMany({ where: { participantId: p.id } });
    if (n.count) await audit(tx, { actorId: p.id, action: 'contact.withdrawn', subjectType: 'participant', subjectId: p.id });
    return { deleted: n.count > 0 };
  });
}

/** The participant's own number, as they shared it. */
export async function contactOf(deps: AppDeps, participantId: number) {
  const c = await deps.prisma.participantContact.findUnique({ where: { participantId } });
  return c ? { phone: c.phone, sharedAt: c.sharedAt.toISOString(), consent: c.consent } : null;
}

type ContactRow = { participantId: number; telegramId: bigint; firstName: string; lastName: string | null; username: string | null; phone: string; sharedAt: Date };
const row = (r: ContactRow) => ({
  participantId: r.participantId,
  telegramId: r.telegramId.toString(),
  name: displayName(r),
  username: r.username,
  phone: r.phone,
  sharedAt: r.sharedAt.toISOString(),
  cursor: `${r.sharedAt.toISOString()}|${r.participantId}`,
});

function where(search: string | undefined): P.ParticipantContactWhereInput {
  const s = search?.trim();
  if (!s) return { participant: { deletedAt: null } };
  const digits = s.replace(/[^\d]/g, '');
  return {
    participant: { deletedAt: null },
    OR: [
      { participant: { firstName: { contains: s, mode: 'insensitive' } } },
      { participant: { lastName: { contains: s, mode: 'insensitive' } } },
      { participant: { username: { contains: s.replace(/^@/, ''), mode: 'insensitive' } } },
      ...(digits.length >= 3 ? [{ phone: { contains: digits } }] : []),
    ],
  };
}

const badCursor = () => new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'The cursor is not one this list gave.');

export type ContactSort = { by: 'sharedAt' | 'name' | 'username' | 'phone'; dir: 'asc' | 'desc' };
const NEWEST: ContactSort = { by: 'sharedAt', dir: 'desc' };

/** The order asked for, then the participant, so equal values never swap between pages. */
function orderOf(sort: ContactSort): P.ParticipantContactOrderByWithRelationInput[] {
  const first: P.ParticipantContactOrderByWithRelationInput =
    sort.by === 'name'
      ? { participant: { firstName: sort.dir } }
      : sort.by === 'username'
        ? { participant: { username: { sort: sort.dir, nulls: 'last' } } }
        : { [sort.by]: sort.dir };
  return [first, { participantId: sort.dir }];
}

const include = { participant: { select: { telegramId: true, firstName: true, lastName: true, username: true } } } as const;

/**
 * Shared numbers for the back office: newest first by cursor (the last item's `cursor`), or a numbered
 * `page` in any `sort` (the console's table).
 */
export async function listContacts(deps: AppDeps, input: { search?: string; cursor?: string; page?: number; sort?: ContactSort; limit: number }) {
  if (input.page != null) {
    const where_ = where(input.search);
    const [rows, total] = await Promise.all([
      deps.prisma.participantContact.findMany({ where: where_, orderBy: orderOf(input.sort ?? NEWEST), skip: (input.page - 1) * input.limit, take: input.limit, include }),
      deps.prisma.participantContact.count({ where: where_ }),
    ]);
    return { items: rows.map((c) => row({ ...c.participant, participantId: c.participantId, phone: c.phone, sharedAt: c.sharedAt })), total, nextCursor: null };
  }
  let after: P.ParticipantContactWhereInput = {};
  if (input.cursor) {
    const [at, id] = input.cursor.split('|');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^\d{1,9}$/.test(id)) throw badCursor();
    const when = new Date(at);
    after = { OR: [{ sharedAt: { lt: when } }, { sharedAt: when, participantId: { lt: Number(id) } }] };
  }
  const base = where(input.search);
  const [rows, total] = await Promise.all([
    deps.prisma.participantContact.findMany({
      where: { AND: [base, after] },
      orderBy: [{ sharedAt: 'desc' }, { participantId: 'desc' }],
      take: input.limit + 1,
      include: { participant: { select: { telegramId: true, firstName: true, lastName: true, username: true } } },
    }),
    deps.prisma.participantContact.count({ where: base }),
  ]);
  const items = rows.slice(0, input.limit).map((c) => row({ ...c.participant, participantId: c.participantId, phone: c.phone, sharedAt: c.sharedAt }));
  return { items, total, nextCursor: rows.length > input.limit ? items[items.length - 1].cursor : null };
}

/** At most this many rows in one export. */
export const EXPORT_MAX = 10_000;

/** Every shared number under the search, for a CSV; each export is in the audit log with who and how many. */
export async function exportContacts(deps: AppDeps, admin: Participant, search: string | undefined, sort: ContactSort = NEWEST) {
  const rows = await deps.prisma.participantContact.findMany({ where: where(search), orderBy: orderOf(sort), take: EXPORT_MAX, include });
  await audit(deps.prisma, { actorId: admin.id, action: 'contacts.exported', subjectType: 'contacts', subjectId: 'all', data: { rows: rows.length, search: search ?? null } });
  return { items: rows.map((c) => row({ ...c.participant, participantId: c.participantId, phone: c.phone, sharedAt: c.sharedAt })), truncated: rows.length >= EXPORT_MAX };
}
