import { describe, expect, it } from 'vitest';
import type { Role } from '../../generated/prisma/enums.ts';
import { ACTIONS, can, rolesThatCan, sectionsFor, type Action } from '../../policy.ts';
import { appRouter } from '../../router.ts';
import { failure, useHarness } from '../../test/harness.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9500' });

const people: Record<Role, { telegramId: number; firstName: string }> = {
  OWNER: { telegramId: 9500, firstName: 'Olga' },
  ADMIN: { telegramId: 9501, firstName: 'Adam' },
  FINANCE: { telegramId: 9502, firstName: 'Fay' },
  MODERATOR: { telegramId: 9503, firstName: 'Max' },
  PARTICIPANT: { telegramId: 9504, firstName: 'Pia' },
};
const ROLES = Object.keys(people) as Role[];

/** Every admin procedure and the action it needs: a new procedure must be added here (the test below checks). */
const PROCEDURES: Record<string, Action> = {
  'admin.sections': 'backoffice.open',
  'admin.payments.invoices': 'payments.view',
  'admin.payments.tonTransfers': 'payments.view',
  'admin.payments.refund': 'payments.refund',
  'admin.payments.resolveTon': 'payments.resolve',
  'admin.payments.retryTonReturn': 'payments.resolve',
  'admin.payments.starBalance': 'payments.view',
  'admin.orders.list': 'shop.view',
  'admin.orders.purchased': 'shop.view',
  'admin.withdrawals.list': 'withdrawals.view',
  'admin.withdrawals.history': 'withdrawals.view',
  'admin.withdrawals.approve': 'withdrawals.approve',
  'admin.withdrawals.reject': 'withdrawals.approve',
  'admin.ledger.award': 'ledger.award',
  'admin.ledger.audit': 'ledger.view',
  'admin.ledger.summary': 'ledger.view',
  'admin.ledger.accounts': 'ledger.view',
  'admin.ledger.adjust': 'ledger.adjust',
  'admin.participants.list': 'participants.view',
  'admin.participants.get': 'participants.view',
  'admin.participants.tags': 'participants.view',
  'admin.participants.addNote': 'participants.note',
  'admin.participants.ban': 'participants.ban',
  'admin.participants.unban': 'participants.ban',
  'admin.participants.bans': 'participants.ban',
  'admin.segments.list': 'participants.view',
  'admin.segments.preview': 'participants.view',
  'admin.segments.save': 'segments.manage',
  'admin.segments.delete': 'segments.manage',
  'admin.participants.setTags': 'participants.tag',
  'admin.participants.setRole': 'roles.manage',
  'admin.roles.list': 'roles.manage',
  'admin.roles.set': 'roles.manage',
  'admin.sessions.list': 'backoffice.open',
  'admin.sessions.revoke': 'backoffice.open',
  'admin.overview.get': 'overview.view',
  'admin.overview.cohorts': 'overview.view',
  'admin.overview.funnel': 'overview.view',
  'admin.overview.trends': 'overview.view',
  'admin.overview.audit': 'audit.view',
  'admin.analytics.navigation': 'analytics.view',
  'admin.analytics.products': 'analytics.view',
  'admin.analytics.participants': 'analytics.view',
  'admin.analytics.finance': 'analytics.view',
  'admin.analytics.dialogs': 'analytics.view',
  'admin.catalog.tasks': 'tasks.manage',
  'admin.catalog.saveTask': 'tasks.manage',
  'admin.catalog.taskKinds': 'tasks.manage',
  'admin.catalog.taskStats': 'tasks.manage',
  'admin.catalog.products': 'shop.view',
  'admin.catalog.paymentMethods': 'shop.view',
  'admin.catalog.saveProduct': 'shop.manage',
  'admin.collectibles.createCollection': 'collectibles.manage',
  'admin.collectibles.createDrop': 'collectibles.manage',
  'admin.collectibles.award': 'collectibles.manage',
  'admin.collectibles.setNftAddress': 'collectibles.manage',
  'admin.collectibles.setMarketFee': 'collectibles.fee',
  'admin.collectibles.collections': 'collectibles.manage',
  'admin.collectibles.updateCollection': 'collectibles.manage',
  'admin.collectibles.drops': 'collectibles.manage',
  'admin.collectibles.updateDrop': 'collectibles.manage',
  'admin.collectibles.commitSeed': 'collectibles.manage',
  'admin.collectibles.endDrop': 'collectibles.manage',
  'admin.collectibles.revealSeed': 'collectibles.manage',
  'admin.collectibles.editions': 'collectibles.manage',
  'admin.collectibles.marketActivity': 'collectibles.fee',
  'admin.collectibles.sales': 'collectibles.fee',
  'admin.collectibles.mintRequests': 'collectibles.manage',
  'admin.collectibles.retryMint': 'collectibles.manage',
  'admin.gifts.catalogue': 'gifts.send',
  'admin.gifts.send': 'gifts.send',
  'admin.mailings.list': 'mailings.view',
  'admin.mailings.get': 'mailings.view',
  'admin.mailings.audience': 'mailings.view',
  'admin.mailings.create': 'mailings.send',
  'admin.mailings.update': 'mailings.send',
  'admin.mailings.test': 'mailings.send',
  'admin.mailings.start': 'mailings.send',
  'admin.mailings.schedule': 'mailings.send',
  'admin.mailings.unschedule': 'mailings.send',
  'admin.mailings.pause': 'mailings.send',
  'admin.mailings.resume': 'mailings.send',
  'admin.mailings.cancel': 'mailings.send',
  'admin.dialogs.list': 'dialogs.answer',
  'admin.dialogs.get': 'dialogs.answer',
  'admin.dialogs.read': 'dialogs.answer',
  'admin.dialogs.reply': 'dialogs.answer',
  'admin.dialogs.close': 'dialogs.answer',
  'admin.dialogs.reopen': 'dialogs.answer',
  'admin.dialogs.team': 'dialogs.answer',
  'admin.dialogs.assign': 'dialogs.answer',
  'admin.dialogs.quickReplies': 'dialogs.answer',
  'admin.dialogs.saveQuickReply': 'dialogs.answer',
  'admin.dialogs.deleteQuickReply': 'dialogs.answer',
  'admin.contacts.list': 'contacts.view',
  'admin.contacts.export': 'contacts.view',
  'admin.news.list': 'news.publish',
  'admin.news.save': 'news.publish',
  'admin.news.publish': 'news.publish',
  'admin.news.unpublish': 'news.publish',
  'admin.calendar.list': 'calendar.manage',
  'admin.calendar.save': 'calendar.manage',
  'admin.calendar.publish': 'calendar.manage',
  'admin.calendar.cancel': 'calendar.manage',
  'admin.calendar.attendees': 'calendar.manage',
  'admin.calendar.markAttendance': 'calendar.manage',
  'admin.events.list': 'events.view',
  'admin.events.retry': 'events.retry',
  'admin.ratings.seasons': 'ratings.manage',
  'admin.ratings.season': 'ratings.manage',
  'admin.ratings.saveSeason': 'ratings.manage',
  'admin.ratings.endSeason': 'ratings.manage',
};

/** Who may do what, written out by hand (owners may do everything): the table must keep saying exactly this. */
const WHO: Record<Action, Role[]> = {
  'backoffice.open': ['MODERATOR', 'FINANCE', 'ADMIN', 'OWNER'],
  'overview.view': ['MODERATOR', 'FINANCE', 'ADMIN', 'OWNER'],
  'analytics.view': ['FINANCE', 'ADMIN', 'OWNER'],
  'audit.view': ['FINANCE', 'ADMIN', 'OWNER'],
  'participants.view': ['MODERATOR', 'FINANCE', 'ADMIN', 'OWNER'],
  'participants.note': ['MODERATOR', 'FINANCE', 'ADMIN', 'OWNER'],
  'participants.tag': ['MODERATOR', 'ADMIN', 'OWNER'],
  'participants.ban': ['MODERATOR', 'ADMIN', 'OWNER'],
  'segments.manage': ['ADMIN', 'OWNER'],
  'roles.manage': ['OWNER'],
  'sessions.manage': ['OWNER'],
  'withdrawals.view': ['MODERATOR', 'FINANCE', 'ADMIN', 'OWNER'],
  'withdrawals.approve': ['FINANCE', 'OWNER'],
  'payments.view': ['FINANCE', 'ADMIN', 'OWNER'],
  'payments.refund': ['FINANCE', 'OWNER'],
  'ledger.view': ['FINANCE', 'ADMIN', 'OWNER'],
  'ledger.award': ['FINANCE', 'ADMIN', 'OWNER'],
  'ledger.adjust': ['FINANCE', 'OWNER'],
  'payments.resolve': ['FINANCE', 'OWNER'],
  'tasks.manage': ['ADMIN', 'OWNER'],
  'shop.view': ['FINANCE', 'ADMIN', 'OWNER'],
  'shop.manage': ['ADMIN', 'OWNER'],
  'collectibles.manage': ['ADMIN', 'OWNER'],
  'collectibles.fee': ['FINANCE', 'ADMIN', 'OWNER'],
  'gifts.send': ['FINANCE', 'ADMIN', 'OWNER'],
  'mailings.view': ['MODERATOR', 'ADMIN', 'OWNER'],
  'mailings.send': ['ADMIN', 'OWNER'],
  'dialogs.answer': ['MODERATOR', 'ADMIN', 'OWNER'],
  'contacts.view': ['ADMIN', 'OWNER'],
  'news.publish': ['MODERATOR', 'ADMIN', 'OWNER'],
  'calendar.manage': ['MODERATOR', 'ADMIN', 'OWNER'],
  'events.view': ['FINANCE', 'ADMIN', 'OWNER'],
  'events.retry': ['FINANCE', 'ADMIN', 'OWNER'],
  'ratings.manage': ['ADMIN', 'OWNER'],
};

async function signInEveryone() {
  for (const role of ROLES) {
    await h.as(people[role]).profile.me();
    if (role !== 'OWNER' && role !== 'PARTICIPANT') {
      await h.as(people.OWNER).admin.participants.setRole({ telegramId: String(people[role].telegramId), role });
    }
  }
}

/** Calls a procedure by its dotted path, with an input too empty to do anything past the role check. */
function call(role: Role, path: string): Promise<unknown> {
  const fn = path.split('.').reduce<any>((node, key) => node[key], h.as(people[role]));
  return fn(undefined);
}

/** The router's admin procedures, as it builds them. */
const adminPaths = () => Object.keys(appRouter._def.procedures).filter((p) => p.startsWith('admin.'));
/** The action a procedure was built with (`adminProcedure(action)` records it as the procedure's meta). */
const actionOf = (path: string) => (appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { action?: Action } } }>)[path]._def.meta?.action as Action;

const refusedForRole = (e: { code: string; message: string }) => e.code === 'FORBIDDEN' && e.message === 'Your role does not allow this action.';

describe('role policy', () => {
  it('says who may do what, as the roles could before the policy was data', () => {
    for (const action of ACTIONS) {
      expect([...rolesThatCan(action)].sort(), action).toEqual(WHO[action].filter((r) => r !== 'PARTICIPANT').sort());
      expect(can('OWNER', action)).toBe(true);
      expect(can('PARTICIPANT', action)).toBe(false);
    }
  });

  it('lists every admin procedure with its action', () => {
    const paths = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith('admin.'));
    expect(paths.sort()).toEqual(Object.keys(PROCEDURES).sort());
  });

  it('builds every admin procedure with the action listed for it', () => {
    const declared = Object.fromEntries(adminPaths().map((path) => [path, actionOf(path)]));
    expect(declared).toEqual(PROCEDURES);
  });

  it('lets each role through exactly the admin procedures its actions allow, and refuses the rest', async () => {
    await signInEveryone();
    const seen: string[] = [];
    // Generated from the router: every admin.* procedure, called as a participant and as each role.
    for (const path of adminPaths()) {
      for (const role of ROLES) {
        const outcome = await call(role, path).then(
          () => 'passed',
          (e) => (refusedForRole(e) ? 'refused' : 'passed'),
        );
        seen.push(`${path} ${role} ${outcome}`);
      }
    }
    const expected = adminPaths().flatMap((path) => ROLES.map((role) => `${path} ${role} ${can(role, actionOf(path)) ? 'passed' : 'refused'}`));
    expect(seen).toEqual(expected);
  }, 60_000);

  it('tells the Mini App which sections each role may open; a participant gets none', async () => {
    await signInEveryone();
    expect(await h.as(people.OWNER).admin.sections()).toEqual({
      role: 'OWNER',
      sections: ['overview', 'analytics', 'inbox', 'withdrawals', 'people', 'contacts', 'bans', 'finance', 'invoices', 'orders', 'tasks', 'ratings', 'shop', 'collectibles', 'mailings', 'news', 'calendar', 'gifts', 'events', 'sessions', 'roles'],
    });
    expect(await h.as(people.ADMIN).admin.sections()).toEqual({
      role: 'ADMIN',
      sections: ['overview', 'analytics', 'inbox', 'withdrawals', 'people', 'contacts', 'bans', 'finance', 'invoices', 'orders', 'tasks', 'ratings', 'shop', 'collectibles', 'mailings', 'news', 'calendar', 'gifts', 'events', 'sessions'],
    });
    expect(await h.as(people.FINANCE).admin.sections()).toEqual({ role: 'FINANCE', sections: ['overview', 'analytics', 'withdrawals', 'people', 'finance', 'invoices', 'orders', 'shop', 'gifts', 'events', 'sessions'] });
    expect(await h.as(people.MODERATOR).admin.sections()).toEqual({ role: 'MODERATOR', sections: ['overview', 'inbox', 'withdrawals', 'people', 'bans', 'mailings', 'news', 'calendar', 'sessions'] });
    expect(await failure(h.as(people.PARTICIPANT).admin.sections())).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN' });
    expect(sectionsFor('PARTICIPANT')).toEqual([]);
  });
});
