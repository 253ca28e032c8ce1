import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Card } from '../../../../kit/ui.tsx';
import { useTRPC } from '../../../../lib/trpc.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { useServerTable } from '../../kit/useServerTable.ts';

type Contact = inferRouterOutputs<AppRouter>['admin']['contacts']['list']['items'][number];
type ContactSort = NonNullable<Exclude<inferRouterInputs<AppRouter>['admin']['contacts']['list'], void>['sort']>;
const LIMIT = 25;

/** Phone numbers participants chose to share through the bot; owners and admins only (contacts.view). */
export function ContactsSection() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const table = useServerTable({
    testId: 'contacts-table',
    limit: LIMIT,
    sort: { by: 'sharedAt', dir: 'desc' },
    query: (q) => trpc.admin.contacts.list.queryOptions({ search: q.search, page: q.page, limit: q.limit, sort: q.sort as ContactSort }),
  });
  const exportAll = useMutation(trpc.admin.contacts.export.mutationOptions());
  const lang = i18n.language;
  const columns: DataColumn<Contact>[] = [
    { id: 'name', sortable: true, header: t('contacts.col.name'), cell: (c) => c.name, csv: (c) => c.name },
    { id: 'username', sortable: true, header: t('contacts.col.username'), cell: (c) => (c.username ? <span className="hint">@{c.username}</span> : '—'), csv: (c) => (c.username ? `@${c.username}` : '') },
    { id: 'phone', sortable: true, header: t('contacts.col.phone'), cell: (c) => <a className="mono contact-phone" href={`tel:${c.phone}`}>{c.phone}</a>, csv: (c) => c.phone },
    { id: 'telegramId', header: t('contacts.col.telegramId'), cell: (c) => <span className="mono small">{c.telegramId}</span>, csv: (c) => c.telegramId },
    { id: 'sharedAt', sortable: true, header: t('contacts.col.sharedAt'), cell: (c) => new Date(c.sharedAt).toLocaleDateString(lang, { day: 'numeric', month: 'short', year: 'numeric' }), csv: (c) => c.sharedAt },
  ];
  return (
    <div data-testid="contacts">
      <div className="hint small" style={{ margin: '0 4px 10px' }}>{t('contacts.intro')}</div>
      <Card>
        <DataTable
          {...table.props}
          columns={columns}
          rowKey={(c) => String(c.participantId)}
          searchPlaceholder={t('contacts.search')}
          // The export goes through its own procedure, which puts it in the audit log.
          fetchAll={async () => (await exportAll.mutateAsync({ search: table.props.search.trim() || undefined, sort: table.sort as ContactSort })).items}
          csvName={`contacts-${new Date().toISOString().slice(0, 10)}`}
        />
      </Card>
      <div className="hint small" style={{ margin: '8px 4px' }}>{t('contacts.exportNote')}</div>
    </div>
  );
}
