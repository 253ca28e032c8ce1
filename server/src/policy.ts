import type { Role } from './generated/prisma/enums.ts';

/**
 * Who may do what in the back office, as data: procedures (`adminProcedure(action)`), the bot's buttons
 * and the sections the Mini App shows all ask `can`. Imports no domain, so every layer may use it.
 */
export const ACTIONS = [
  'backoffice.open',
  'overview.view',
  /** Analytics by navigation, products, participants and money. */
  'analytics.view',
  'audit.view',
  'participants.view',
  'participants.note',
  'participants.tag',
  'participants.ban',
  /** Create, edit and delete saved segments (anyone who sees people may list and preview them). */
  'segments.manage',
  'roles.manage',
  /** See and end everyone's back-office sessions (one's own need only backoffice.open). */
  'sessions.manage',
  'withdrawals.view',
  /** Approve or reject a withdrawal request. */
  'withdrawals.approve',
  'payments.view',
  'payments.refund',
  'ledger.view',
  'ledger.award',
  /** Credit or debit a participant's balance by hand, with a reason. */
  'ledger.adjust',
  /** Resolve incoming TON that matched no invoice: credit a participant or mark it to return. */
  'payments.resolve',
  'tasks.manage',
  'shop.view',
  'shop.manage',
  'collectibles.manage',
  'collectibles.fee',
  'gifts.send',
  'mailings.view',
  'mailings.send',
  'dialogs.answer',
  /** See and export the phone numbers participants chose to share. */
  'contacts.view',
  'news.publish',
  /** Community events: write, publish, cancel, see answers and mark attendance. */
  'calendar.manage',
  /** See after-commit work (the outbox) and send a failed event again. */
  'events.view',
  'events.retry',
  /** Rating seasons: set up, end and pay. */
  'ratings.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

export type AdminRole = Exclude<Role, 'PARTICIPANT'>;
export const ADMIN_ROLES: readonly AdminRole[] = ['MODERATOR', 'FINANCE', 'ADMIN', 'OWNER'];
export const isAdminRole = (r: Role): r is AdminRole => r !== 'PARTICIPANT';

const SEE_PEOPLE: Action[] = ['backoffice.open', 'overview.view', 'participants.view', 'participants.note', 'withdrawals.view'];

/** Owners may do everything; the other roles exactly this. Participants nothing. */
const GRANTS: Record<Exclude<AdminRole, 'OWNER'>, readonly Action[]> = {
  ADMIN: [
    ...SEE_PEOPLE,
    'analytics.view',
    'audit.view',
    'participants.tag',
    'participants.ban',
    'segments.manage',
    'payments.view',
    'ledger.view',
    'ledger.award',
    'tasks.manage',
    'shop.view',
    'shop.manage',
    'collectibles.manage',
    'collectibles.fee',
    'gifts.send',
    'mailings.view',
    'mailings.send',
    'dialogs.answer',
    'contacts.view',
    'news.publish',
    'calendar.manage',
    'events.view',
    'events.retry',
    'ratings.manage',
  ],
  FINANCE: [
    ...SEE_PEOPLE,
    'analytics.view',
    'audit.view',
    'withdrawals.approve',
    'payments.view',
    'payments.refund',
    'ledger.view',
    'ledger.award',
    'ledger.adjust',
    'payments.resolve',
    'shop.view',
    'collectibles.fee',
    'gifts.send',
    'events.view',
    'events.retry',
  ],
  MODERATOR: [...SEE_PEOPLE, 'participants.tag', 'participants.ban', 'mailings.view', 'dialogs.answer', 'news.publish', 'calendar.manage'],
};

const TABLE = new Map<Role, ReadonlySet<Action>>([
  ['OWNER', new Set(ACTIONS)],
  ['ADMIN', new Set(GRANTS.ADMIN)],
  ['FINANCE', new Set(GRANTS.FINANCE)],
  ['MODERATOR', new Set(GRANTS.MODERATOR)],
  ['PARTICIPANT', new Set()],
]);

export const can = (role: Role, action: Action): boolean => TABLE.get(role)?.has(action) ?? false;

/** The roles allowed an action, e.g. who is told of a withdrawal request. */
export const rolesThatCan = (action: Action): AdminRole[] => ADMIN_ROLES.filter((r) => can(r, action));

/** The back office's sections, in the order the Mini App shows them, and what opening each needs. */
export const SECTIONS = [
  { id: 'overview', needs: 'overview.view' },
  { id: 'analytics', needs: 'analytics.view' },
  { id: 'inbox', needs: 'dialogs.answer' },
  { id: 'withdrawals', needs: 'withdrawals.view' },
  { id: 'people', needs: 'participants.view' },
  { id: 'contacts', needs: 'contacts.view' },
  { id: 'bans', needs: 'participants.ban' },
  { id: 'finance', needs: 'ledger.view' },
  { id: 'invoices', needs: 'payments.view' },
  { id: 'orders', needs: 'shop.view' },
  { id: 'tasks', needs: 'tasks.manage' },
  { id: 'ratings', needs: 'ratings.manage' },
  { id: 'shop', needs: 'shop.view' },
  { id: 'collectibles', needs: 'collectibles.manage' },
  { id: 'mailings', needs: 'mailings.view' },
  { id: 'news', needs: 'news.publish' },
  { id: 'calendar', needs: 'calendar.manage' },
  { id: 'gifts', needs: 'gifts.send' },
  { id: 'events', needs: 'events.view' },
  { id: 'sessions', needs: 'backoffice.open' },
  { id: 'roles', needs: 'roles.manage' },
] as const satisfies readonly { id: string; needs: Action }[];
export type SectionId = (typeof SECTIONS)[number]['id'];

export const sectionsFor = (role: Role): SectionId[] => SECTIONS.filter((s) => can(role, s.needs)).map((s) => s.id);
