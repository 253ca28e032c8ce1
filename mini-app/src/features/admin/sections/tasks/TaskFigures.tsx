import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Card } from '../../../../kit/ui.tsx';
import { formatAmount } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { useLocalTable } from '../../kit/useServerTable.ts';

type Figures = inferRouterOutputs<AppRouter>['admin']['catalog']['taskStats'][number];
const WINDOWS = ['7', '30', '90', 'all'] as const;
type Window = (typeof WINDOWS)[number];

/** Per task: claims, distinct participants, points paid (from the ledger) and the last claim, over a window. */
export function TaskFigures() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const [window, setWindow] = useState<Window>('30');
  const input = window === 'all' ? {} : { days: Number(window) };
  const q = useQuery({ ...trpc.admin.catalog.taskStats.queryOptions(input), placeholderData: keepPreviousData });
  const lang = i18n.language;
  const short = lang.startsWith('ru') ? 'ru' : 'en';
  const n = (x: number) => x.toLocaleString(lang);
  const titleOf = (f: Figures) => {
    const title = f.title as Record<string, string> | null;
    return title?.[short] || title?.en || f.slug;
  };
  // The server sends every task's figures at once: sorted and searched here.
  const table = useLocalTable({
    testId: 'task-figures',
    csvName: `task-figures-${window}`,
    rows: q.data,
    limit: 100,
    searchText: (f) => `${titleOf(f)} ${f.slug}`,
    sort: { by: 'claims', dir: 'desc' },
    sortBy: { task: titleOf, claims: (f) => f.claims, participants: (f) => f.participants, points: (f) => Number(f.pointsPaid), last: (f) => f.lastClaimAt ?? '' },
  });
  const columns: DataColumn<Figures>[] = [
    { id: 'task', sortable: true, header: t('fig.col.task'), cell: (f) => <>{titleOf(f)} {!f.active && <span className="pill danger">{t('off')}</span>}</>, csv: (f) => `${titleOf(f)} (${f.slug})` },
    { id: 'claims', sortable: true, header: t('fig.col.claims'), align: 'right', cell: (f) => n(f.claims), csv: (f) => String(f.claims) },
    { id: 'participants', sortable: true, header: t('fig.col.participants'), align: 'right', cell: (f) => n(f.participants), csv: (f) => String(f.participants) },
    { id: 'points', sortable: true, header: t('fig.col.points'), align: 'right', cell: (f) => formatAmount('POINTS', f.pointsPaid, lang), csv: (f) => f.pointsPaid },
    { id: 'last', sortable: true, header: t('fig.col.last'), cell: (f) => (f.lastClaimAt ? new Date(f.lastClaimAt).toLocaleString(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : '—'), csv: (f) => f.lastClaimAt ?? '' },
  ];
  return (
    <Card>
      <DataTable
        {...table.props}
        columns={columns}
        rowKey={(f) => String(f.taskId)}
        filters={
          <select value={window} onChange={(e) => setWindow(e.target.value as Window)} aria-label={t('fig.window')} data-testid="task-figures-window">
            {WINDOWS.map((w) => <option key={w} value={w}>{t(`fig.windows.${w}`)}</option>)}
          </select>
        }
      />
    </Card>
  );
}
