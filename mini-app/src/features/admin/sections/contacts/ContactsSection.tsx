import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Card } from '../../../../kit/ui.tsx';
import { useTRPC } from '../../../../lib/trpc.ts';
import { useDebounced } from '../../kit/index.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';

type Contact = inferRouterOutputs<AppRouter>['admin']['contacts']['list']['items'][number];
const LIMIT = 25;

/** Phone numbers participants chose to share through the bot; owners and admins only (contacts.view). */
export function ContactsSection() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  // Pages follow the server's cursor: the cursor that opened each page is kept, so ‹ goes back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const text = useDebounced(search.trim(), 300);
  const page = cursors.length;
  const q = useQuery({
    ...trpc.admin.contacts.list.queryOptions({ search: text || undefined, cursor: cursors[page - 1], limit: LIMIT }),
    placeholderData: keepPreviousData,
  });
  const exportAll = useMutation(trpc.admin.contacts.export.mutationOptions());
  const lang = i18n.language;
  const columns: DataColumn<Contact>[] = [
    { id: 'name', header: t('contacts.col.name'), cell: (c) => c.name, csv: (c) => c.name },
    { id: 'username', header: t('contacts.col.username'), cell: (c) => (c.username ? <span className="hint">@{c.username}</span> : '—'), csv: (c) => (c.username ? `@${c.username}` : '') },
    { id: 'phone', header: t('contacts.col.phone'), cell: (c) => <a className="mono contact-phone" href={`tel:${c.phone}`}>{c.phone}</a>, csv: (c) => c.phone },
    { id: 'telegramId', header: t('contacts.col.telegramId'), cell: (c) => <span className="mono small">{c.telegramId}</span>, csv: (c) => c.telegramId },
    { id: 'sharedAt', header: t('contacts.col.sharedAt'), cell: (c) => new Date(c.sharedAt).toLocaleDateString(lang, { day: 'numeric', month: 'short', year: 'numeric' }), csv: (c) => c.sharedAt },
  ];
  return (
    <div data-testid="contacts">
      <div className="hint small" style={{ margin: '0 4px 10px' }}>{t('contacts.intro')}</div>
      <Card>
        <DataTable
          testId="contacts-table"
          columns={columns}
          rows={q.data?.items}
          rowKey={(c) => String(c.participantId)}
          total={q.data?.total ?? 0}
          page={page}
          limit={LIMIT}
          onPage={(p) => setCursors((cs) => (p < cs.length ? cs.slice(0, p) : q.data?.nextCursor ? [...cs, q.data.nextCursor] : cs))}
          search={search}
          onSearch={(s) => (setSearch(s), setCursors([undefined]))}
          searchPlaceholder={t('contacts.search')}
          fetchAll={async () => (await exportAll.mutateAsync({ search: text || undefined })).items}
          csvName={`contacts-${new Date().toISOString().slice(0, 10)}`}
          loading={q.isPending}
          error={q.error}
          onRetry={() => q.refetch()}
        />
      </Card>
      <div className="hint small" style={{ margin: '8px 4px' }}>{t('contacts.exportNote')}</div>
    </div>
  );
}
