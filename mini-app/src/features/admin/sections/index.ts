import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';

/** A section the server's policy may grant (`admin.sections`). */
export type SectionId = inferRouterOutputs<AppRouter>['admin']['sections']['sections'][number];

export interface SectionDef {
  id: SectionId;
  /** Key of the tab's label in the 'admin' namespace. */
  labelKey: string;
  icon: string;
  Screen: LazyExoticComponent<ComponentType>;
}

// Each screen loads when its tab is first opened: the charts of the overview, say, only for who looks.
const load = <M,>(importer: () => Promise<M>, pick: (m: M) => ComponentType) => lazy(async () => ({ default: pick(await importer()) }));

/** The back office's sections in the order the tabs show them; the server decides which a role gets. */
export const SECTIONS: readonly SectionDef[] = [
  { id: 'overview', labelKey: 'overview', icon: '📊', Screen: load(() => import('./overview/OverviewSection.tsx'), (m) => m.Overview) },
  { id: 'analytics', labelKey: 'statsTab', icon: '📈', Screen: load(() => import('./analytics/AnalyticsSection.tsx'), (m) => m.AnalyticsSection) },
  { id: 'inbox', labelKey: 'inboxTab', icon: '💬', Screen: load(() => import('./inbox/InboxAdmin.tsx'), (m) => m.InboxAdmin) },
  { id: 'withdrawals', labelKey: 'withdrawals', icon: '💸', Screen: load(() => import('./withdrawals/WithdrawalsSection.tsx'), (m) => m.Withdrawals) },
  { id: 'people', labelKey: 'people', icon: '👥', Screen: load(() => import('./people/PeopleAdmin.tsx'), (m) => m.PeopleAdmin) },
  { id: 'contacts', labelKey: 'contactsTab', icon: '📇', Screen: load(() => import('./contacts/ContactsSection.tsx'), (m) => m.ContactsSection) },
  { id: 'bans', labelKey: 'bansTab', icon: '⛔', Screen: load(() => import('./bans/BansSection.tsx'), (m) => m.Bans) },
  { id: 'finance', labelKey: 'finance', icon: '🏦', Screen: load(() => import('./finance/FinanceSection.tsx'), (m) => m.Finance) },
  { id: 'invoices', labelKey: 'invoicesTab', icon: '🧾', Screen: load(() => import('./invoices/InvoicesSection.tsx'), (m) => m.Invoices) },
  { id: 'orders', labelKey: 'ordersTab', icon: '📦', Screen: load(() => import('./orders/OrdersSection.tsx'), (m) => m.Orders) },
  { id: 'tasks', labelKey: 'tasks', icon: '✅', Screen: load(() => import('./tasks/TasksAdmin.tsx'), (m) => m.TasksAdmin) },
  { id: 'ratings', labelKey: 'ratingsTab', icon: '🏆', Screen: load(() => import('./ratings/RatingsSection.tsx'), (m) => m.RatingsSection) },
  { id: 'shop', labelKey: 'shop', icon: '🛍️', Screen: load(() => import('./shop/ProductsAdmin.tsx'), (m) => m.ProductsAdmin) },
  { id: 'collectibles', labelKey: 'collectiblesTab', icon: '🖼️', Screen: load(() => import('./collectibles/CollectiblesSection.tsx'), (m) => m.CollectiblesSection) },
  { id: 'mailings', labelKey: 'mailingsTab', icon: '✉️', Screen: load(() => import('./mailings/MailingsAdmin.tsx'), (m) => m.MailingsAdmin) },
  { id: 'news', labelKey: 'newsTab', icon: '📰', Screen: load(() => import('./news/NewsAdmin.tsx'), (m) => m.NewsAdmin) },
  { id: 'calendar', labelKey: 'calendarTab', icon: '📅', Screen: load(() => import('./calendar/CalendarSection.tsx'), (m) => m.CalendarSection) },
  { id: 'gifts', labelKey: 'gifts', icon: '🎁', Screen: load(() => import('./gifts/GiftsSection.tsx'), (m) => m.Gifts) },
  { id: 'events', labelKey: 'eventsTab', icon: '⚙️', Screen: load(() => import('./events/EventsSection.tsx'), (m) => m.Events) },
  { id: 'sessions', labelKey: 'sessionsTab', icon: '🖥️', Screen: load(() => import('./sessions/SessionsSection.tsx'), (m) => m.Sessions) },
  { id: 'roles', labelKey: 'rolesTab', icon: '🔑', Screen: load(() => import('./roles/RolesSection.tsx'), (m) => m.Roles) },
];

// Every section the server can grant has a screen here (a compile error names the one missing).
type Missing = Exclude<SectionId, (typeof SECTIONS)[number]['id']>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;
