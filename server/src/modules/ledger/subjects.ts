// What a history row is about (the product, the task, the friend, the reason), read from the tables its
// transfer's reference points at: one query per kind of reference for a whole page.
import type { Prisma } from '../../db/client.ts';
import { pick, type Lang } from '../../lib/localized.ts';

type Ref = { kind: 'order' | 'invoice' | 'task' | 'friend' | 'listing' | 'season'; key: string };

const INT = /^[1-9]\d{0,9}$/;
const fitsInt = (s: string) => INT.test(s) && Number(s) <= 2_147_483_647;

/** The reference a transfer carries, as something to look up; null when it names nothing to show. */
export function parseReference(reference: string | null): Ref | null {
  const m = reference?.match(/^(order|invoice|task|friend|listing|season):(.{1,200})$/);
  if (!m) return null;
  const [, kind, key] = m as unknown as [string, Ref['kind'], string];
  if ((kind === 'order' || kind === 'friend' || kind === 'listing' || kind === 'season') && !fitsInt(key)) return null;
  return { kind, key };
}

const nameOf = (p: { firstName: string; lastName: string | null; username: string | null }) =>
  [p.firstName, p.lastName].filter(Boolean).join(' ').trim() || (p.username ? `@${p.username}` : null);

/** Kinds whose reference is the reason itself, as the admin wrote it. */
const REASON_KINDS = new Set(['AWARD']);

/** Per row (same order), what it is about in the reader's language, or null. */
export async function subjectsOf(prisma: Prisma, rows: { kind: string; reference: string | null }[], lang: Lang): Promise<(string | null)[]> {
  const refs = rows.map((r) => (REASON_KINDS.has(r.kind) ? null : parseReference(r.reference)));
  const keys = (kind: Ref['kind']) => [...new Set(refs.filter((r): r is Ref => r?.kind === kind).map((r) => r.key))];
  const ints = (kind: Ref['kind']) => keys(kind).map(Number);
  const [orders, invoices, tasks, friends, listings, seasons] = await Promise.all([
    ints('order').length ? prisma.order.findMany({ where: { id: { in: ints('order') } }, select: { id: true, product: { select: { title: true } } } }) : [],
    keys('invoice').length
      ? prisma.invoice.findMany({ where: { id: { in: keys('invoice') } }, select: { id: true, order: { select: { product: { select: { title: true } } } } } })
      : [],
    keys('task').length ? prisma.task.findMany({ where: { slug: { in: keys('task') } }, select: { slug: true, title: true } }) : [],
    ints('friend').length
      ? prisma.participant.findMany({ where: { id: { in: ints('friend') }, deletedAt: null }, select: { id: true, firstName: true, lastName: true, username: true } })
      : [],
    ints('listing').length
      ? prisma.listing.findMany({ where: { id: { in: ints('listing') } }, select: { id: true, edition: { select: { number: true, collection: { select: { title: true } } } } } })
      : [],
    ints('season').length ? prisma.season.findMany({ where: { id: { in: ints('season') } }, select: { id: true, name: true } }) : [],
  ]);
  const names = {
    order: new Map(orders.map((o) => [String(o.id), pick(o.product.title, lang)])),
    invoice: new Map(invoices.flatMap((i) => (i.order ? [[i.id, pick(i.order.product.title, lang)] as const] : []))),
    task: new Map(tasks.map((t) => [t.slug, pick(t.title, lang)])),
    friend: new Map(friends.map((f) => [String(f.id), nameOf(f)])),
    listing: new Map(listings.map((l) => [String(l.id), `${pick(l.edition.collection.title, lang)} #${l.edition.number}`])),
    season: new Map(seasons.map((x) => [String(x.id), pick(x.name, lang)])),
  };
  return rows.map((r, i) => {
    if (REASON_KINDS.has(r.kind)) return r.reference?.trim() || null;
    const ref = refs[i];
    return (ref && names[ref.kind].get(ref.key)) || null;
  });
}
