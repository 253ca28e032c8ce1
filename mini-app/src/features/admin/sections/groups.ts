// How the console's sidebar groups the sections: data beside the registry. A section not named here (one
// added later) still shows, under System, so none is ever lost.
import type { SectionDef } from './index.ts';

export const GROUPS = ['people', 'money', 'content', 'analytics', 'system'] as const;
export type GroupId = (typeof GROUPS)[number];

/** Shown above every group: the first screen. */
export const PINNED = ['overview'];

export const GROUP_OF: Record<string, GroupId> = {
  people: 'people',
  inbox: 'people',
  contacts: 'people',
  bans: 'people',
  withdrawals: 'money',
  finance: 'money',
  invoices: 'money',
  orders: 'money',
  tasks: 'content',
  shop: 'content',
  collectibles: 'content',
  mailings: 'content',
  news: 'content',
  calendar: 'content',
  gifts: 'content',
  analytics: 'analytics',
  ratings: 'analytics',
  events: 'system',
  sessions: 'system',
  roles: 'system',
};

/** The allowed sections in the sidebar's order: the pinned ones, then each group's in the registry's order. */
export function grouped(sections: readonly SectionDef[]) {
  const pinned = sections.filter((s) => PINNED.includes(s.id));
  const groups = GROUPS.map((g) => ({ id: g, sections: sections.filter((s) => !PINNED.includes(s.id) && (GROUP_OF[s.id] ?? 'system') === g) })).filter((g) => g.sections.length > 0);
  return { pinned, groups };
}
