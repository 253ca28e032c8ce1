// The back office's table: TanStack Table (headless) for the column model, our own markup. Paging,
// sorting and search happen on the server; the caller owns that state and the query.
import { useMemo, useState, type ReactNode } from 'react';
import { createColumnHelper, tableFeatures, useTable, type RowData } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorBox, Skeleton, useFail } from '../../../kit/ui.tsx';
import { toCsv, downloadCsv } from './csv.ts';

export interface DataColumn<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** The cell as CSV text; columns without it are left out of the export. */
  csv?: (row: T) => string;
  /** The server sorts by this column (its id is the server's sort key). */
  sortable?: boolean;
  align?: 'right';
}

export type Sort = { by: string; dir: 'asc' | 'desc' };

export interface DataTableProps<T> {
  columns: DataColumn<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  total: number;
  page: number;
  limit: number;
  onPage: (page: number) => void;
  sort?: Sort;
  onSort?: (sort: Sort) => void;
  search?: string;
  onSearch?: (text: string) => void;
  searchPlaceholder?: string;
  /** Filters shown beside the search box. */
  filters?: ReactNode;
  /** Every row under the current filter, for the CSV export (all pages, fetched as the admin asks). */
  fetchAll: () => Promise<T[]>;
  csvName: string;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  onRowClick?: (row: T) => void;
  /** What a row shows under the table when it is chosen (actions, a form). */
  expanded?: (row: T) => ReactNode;
  expandedKey?: string | null;
  testId: string;
  /** A row's test id, when a section's stories name rows their own way (default `<testId>-row-<key>`). */
  rowTestId?: (row: T) => string;
}

const features = tableFeatures({});

export function DataTable<T extends RowData>(p: DataTableProps<T>) {
  const { t } = useTranslation('admin');
  const fail = useFail();
  const [exporting, setExporting] = useState(false);
  const helper = useMemo(() => createColumnHelper<typeof features, T>(), []);
  const columns = useMemo(
    () => p.columns.map((c) => helper.display({ id: c.id, header: c.header, cell: (ctx) => c.cell(ctx.row.original as T) })),
    [p.columns, helper],
  );
  const data = useMemo(() => p.rows ?? [], [p.rows]);
  const table = useTable({ features, columns, data, getRowId: (row) => p.rowKey(row as T) });
  const byId = useMemo(() => new Map(p.columns.map((c) => [c.id, c])), [p.columns]);
  const pages = Math.max(1, Math.ceil(p.total / p.limit));

  const exportCsv = async () => {
    setExporting(true);
    try {
      const all = await p.fetchAll();
      const cols = p.columns.filter((c) => c.csv);
      downloadCsv(p.csvName, toCsv(cols.map((c) => c.header), all.map((r) => cols.map((c) => c.csv!(r)))));
    } catch (e) {
      fail(e);
    } finally {
      setExporting(false);
    }
  };

  const sortBy = (id: string) => {
    if (!p.onSort) return;
    const dir = p.sort?.by === id && p.sort.dir === 'desc' ? 'asc' : 'desc';
    p.onSort({ by: id, dir });
  };

  return (
    <div className="data-table" data-testid={p.testId}>
      <div className="data-table-bar">
        {p.onSearch && (
          <input
            type="search"
            className="data-table-search"
            placeholder={p.searchPlaceholder ?? t('table.search')}
            value={p.search ?? ''}
            onChange={(e) => p.onSearch!(e.target.value)}
            data-testid={`${p.testId}-search`}
          />
        )}
        {p.filters}
        <button className="btn btn-secondary btn-small" onClick={exportCsv} disabled={exporting} data-testid={`${p.testId}-csv`}>
          {exporting ? <span className="spinner" /> : t('table.csv')}
        </button>
      </div>
      {p.error ? <ErrorBox error={p.error} onRetry={p.onRetry} /> : null}
      {p.loading && !p.rows ? <Skeleton lines={5} /> : null}
      {p.rows && p.rows.length === 0 ? <Empty text={t('table.empty')} icon="🔍" /> : null}
      {p.rows && p.rows.length > 0 && (
        <div className="data-table-scroll">
          <table>
            <thead>
              {table.getHeaderGroups().map((g) => (
                <tr key={g.id}>
                  {g.headers.map((h) => {
                    const col = byId.get(h.column.id)!;
                    const sorted = p.sort?.by === col.id ? p.sort.dir : null;
                    return (
                      <th key={h.id} className={col.align === 'right' ? 'num' : ''} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                        {col.sortable && p.onSort ? (
                          <button className="data-table-sort" onClick={() => sortBy(col.id)} data-testid={`${p.testId}-sort-${col.id}`}>
                            {col.header} {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                          </button>
                        ) : (
                          col.header
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody>
              {table.getRowModel().rows.map((row) => {
                const original = row.original as T;
                const open = p.expandedKey != null && p.expandedKey === row.id;
                return (
                  <RowPair key={row.id}>
                    <tr className={p.onRowClick ? 'clickable' : ''} onClick={p.onRowClick ? () => p.onRowClick!(original) : undefined} data-testid={p.rowTestId ? p.rowTestId(original) : `${p.testId}-row-${row.id}`}>
                      {row.getAllCells().map((cell) => {
                        const col = byId.get(cell.column.id)!;
                        return (
                          <td key={cell.id} className={col.align === 'right' ? 'num' : ''} data-label={col.header}>
                            {col.cell(original)}
                          </td>
                        );
                      })}
                    </tr>
                    {open && p.expanded && (
                      <tr className="data-table-expanded">
                        <td colSpan={p.columns.length}>{p.expanded(original)}</td>
                      </tr>
                    )}
                  </RowPair>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="data-table-pager">
        <span className="hint small" data-testid={`${p.testId}-count`}>{t('table.count', { count: p.total })}</span>
        <button className="btn btn-ghost btn-small" disabled={p.page <= 1} onClick={() => p.onPage(p.page - 1)} data-testid={`${p.testId}-prev`}>‹</button>
        <span className="small">{t('table.page', { page: p.page, pages })}</span>
        <button className="btn btn-ghost btn-small" disabled={p.page >= pages} onClick={() => p.onPage(p.page + 1)} data-testid={`${p.testId}-next`}>›</button>
      </div>
    </div>
  );
}

const RowPair = ({ children }: { children: ReactNode }) => <>{children}</>;

/** Every page of a paged list, fetched one after another (at most `max` rows), for an export. */
export async function allPages<T>(fetchPage: (page: number) => Promise<{ items: T[]; total: number }>, max = 10_000): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const r = await fetchPage(page);
    out.push(...r.items);
    if (r.items.length === 0 || out.length >= r.total || out.length >= max) return out;
  }
}
