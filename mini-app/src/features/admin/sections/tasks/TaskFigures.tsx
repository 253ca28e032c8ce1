import { useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Card } from '../../../../kit/ui.tsx';
import { formatAmount } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';

type Figures = inferRouterOutputs<AppRouter>['admin']['catalog']['taskStats'][number];
const WINDOWS = ['7', '30', '90', 'all'] as const;
type Window = (typeof WINDOWS)[number];

/** Per task: claims, distinct participants, points paid (from the ledger) and the last claim, over a window. */
export function TaskFigures() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
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
  const columns: DataColumn<Figures>[] = [
    { id: 'task', header: t('fig.col.task'), cell: (f) => <>{titleOf(f)} {!f.active && <span className="pill danger">{t('off')}</span>}</>, csv: (f) => `${titleOf(f)} (${f.slug})` },
    { id: 'claims', header: t('fig.col.claims'), align: 'right', cell: (f) => n(f.claims), csv: (f) => String(f.claims) },
    { id: 'participants', header: t('fig.col.participants'), align: 'right', cell: (f) => n(f.participants), csv: (f) => String(f.participants) },
    { id: 'points', header: t('fig.col.points'), align: 'right', cell: (f) => formatAmount('POINTS', f.pointsPaid, lang), csv: (f) => f.pointsPaid },
    { id: 'last', header: t('fig.col.last'), cell: (f) => (f.lastClaimAt ? new Date(f.lastClaimAt).toLocaleString(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : '—'), csv: (f) => f.lastClaimAt ?? '' },
  ];
  const rows = q.data;
  return (
    <Card>
      <DataTable
        testId="task-figures"
        columns={columns}
        rows={rows}
        rowKey={(f) => String(f.taskId)}
        total={rows?.length ?? 0}
        page={1}
        limit={Math.max(1, rows?.length ?? 1)}
        onPage={() => undefined}
        filters={
          <select value={window} onChange={(e) => setWindow(e.target.value as Window)} aria-label={t('fig.window')} data-testid="task-figures-window">
            {WINDOWS.map((w) => <option key={w} value={w}>{t(`fig.windows.${w}`)}</option>)}
          </select>
        }
        fetchAll={async () => rows ?? (await qc.fetchQuery(trpc.admin.catalog.taskStats.queryOptions(input)))}
        csvName={`task-figures-${window}`}
        loading={q.isPending}
        error={q.error}
        onRetry={() => q.refetch()}
      />
    </Card>
  );
}
