// Each section's strings, kept apart from the registry so loading the strings does not load the screens.
import overview from './overview/i18n.ts';
import analytics from './analytics/i18n.ts';
import inbox from './inbox/i18n.ts';
import withdrawals from './withdrawals/i18n.ts';
import people from './people/i18n.ts';
import tasks from './tasks/i18n.ts';
import shop from './shop/i18n.ts';
import mailings from './mailings/i18n.ts';
import news from './news/i18n.ts';
import gifts from './gifts/i18n.ts';
import events from './events/i18n.ts';
import sessions from './sessions/i18n.ts';
import roles from './roles/i18n.ts';
import finance from './finance/i18n.ts';
import invoices from './invoices/i18n.ts';
import orders from './orders/i18n.ts';
import collectibles from './collectibles/i18n.ts';
import ratings from './ratings/i18n.ts';
import calendar from './calendar/i18n.ts';
import contacts from './contacts/i18n.ts';
import bans from './bans/i18n.ts';

export const SECTION_STRINGS = [overview, analytics, inbox, withdrawals, people, tasks, shop, mailings, news, gifts, events, sessions, roles, finance, invoices, orders, collectibles, ratings, calendar, contacts, bans];
