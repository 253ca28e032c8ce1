// One place for what a back-office table holds: its filters, search, sort and page (all in the route, so a
// link or the back button brings the same view back), the query for the page shown, and a CSV export of
// every page under the current filter.
import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { useDebounced } from './index.ts';
import { allPages, type DataTableProps, type Sort } from './DataTable.tsx';
import { setParams, useAdminRoute } from './route.ts';

export type Page<R> = { items: R[]; total: number };

export interface TableQuery<F> {
  filters: F;
  /** What was typed in the search box, trimmed; undefined when empty. */
  search: string | undefined;
  sort: Sort;
  page: number;
  limit: number;
}

export interface ServerTableOptions<F extends Record<string, string>, D extends Page<unknown>> {
  testId: string;
  csvName?: string;
  /** Each filter's name and the value it has when the URL says nothing ('' for "any"). */
  filters?: F;
  /** The order a table opens in; columns marked sortable change it. */
  sort?: Sort;
  limit?: number;
  /** Rows a page of the export asks for (the procedure's maximum). */
  exportLimit?: number;
  /** Names this table's params apart from another table in the same section. */
  prefix?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query: (q: TableQuery<F>) => UseQueryOptions<D, any, D, any>;
}

/** "Any" for a filter whose default is something else: kept in the URL so the default does not come back. */
const ANY = '*';

/** The table's state and query; `props` go to <DataTable> as they are. */
export function useServerTable<F extends Record<string, string>, D extends Page<unknown>>(o: ServerTableOptions<F, D>) {
  type R = D['items'][number];
  const route = useAdminRoute();
  const qc = useQueryClient();
  const pre = o.prefix ?? '';
  const limit = o.limit ?? 20;
  const defaults = (o.filters ?? {}) as F;
  const defaultSort = o.sort ?? { by: 'id', dir: 'desc' };

  const read = (k: string) => route.params[pre + k];
  const filters = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [k, d] of Object.entries(defaults)) {
      const v = read(k);
      out[k] = v === undefined ? d : v === ANY ? '' : v;
    }
    return out as F;
  }, [route.params, pre]);
  const sort = parseSort(read('sort')) ?? defaultSort;
  const page = Math.max(1, Math.min(100_000, Number(read('page')) || 1));
  const committed = read('q') ?? '';

  // The box shows what is typed at once; the route (and the query) take it once typing pauses.
  const [text, setText] = useState(committed);
  const settled = useDebounced(text, 300);
  useEffect(() => {
    if (settled.trim() !== committed) setParams({ [pre + 'q']: settled.trim(), [pre + 'page']: null });
  }, [settled]);
  // A link or the back button changed the search: the box follows.
  useEffect(() => {
    if (committed !== settled.trim()) setText(committed);
  }, [committed]);

  const state: TableQuery<F> = { filters, search: committed || undefined, sort, page, limit };
  const q = useQuery({ ...o.query(state), placeholderData: keepPreviousData });

  const setFilter = (k: keyof F & string, v: string) =>
    setParams({ [pre + k]: v === defaults[k] ? null : v === '' ? ANY : v, [pre + 'page']: null });
  const setSort = (s: Sort) => setParams({ [pre + 'sort']: s.by === defaultSort.by && s.dir === defaultSort.dir ? null : `${s.by}.${s.dir}`, [pre + 'page']: null });
  const setPage = (p: number) => setParams({ [pre + 'page']: p <= 1 ? null : String(p) });

  const props = {
    testId: o.testId,
    rows: q.data?.items as R[] | undefined,
    total: q.data?.total ?? 0,
    page,
    limit,
    onPage: setPage,
    sort,
    onSort: setSort,
    search: text,
    onSearch: setText,
    fetchAll: () => allPages<R>((p) => qc.fetchQuery(o.query({ ...state, page: p, limit: o.exportLimit ?? 100 })) as Promise<Page<R>>),
    csvName: o.csvName ?? o.testId,
    loading: q.isPending,
    error: q.error,
    onRetry: () => void q.refetch(),
  } satisfies Partial<DataTableProps<R>>;
  return { filters, setFilter, sort, page, query: q, props };
}

const parseSort = (v: string | undefined): Sort | null => {
  const m = v && /^([A-Za-z]{1,32})\.(asc|desc)$/.exec(v);
  return m ? { by: m[1], dir: m[2] as Sort['dir'] } : null;
};

export interface LocalTableOptions<R> {
  testId: string;
  csvName?: string;
  rows: R[] | undefined;
  /** The text a row is found by. */
  searchText?: (row: R) => string;
  /** Each sortable column's value. */
  sortBy: Record<string, (row: R) => number | string>;
  sort: Sort;
  limit?: number;
  prefix?: string;
}

/**
 * The same table over rows the server sends whole (an analytics window's top 100): search, sort and pages
 * are done here, the state still in the route.
 */
export function useLocalTable<R>(o: LocalTableOptions<R>) {
  const all = o.rows;
  return useServerTable<Record<string, string>, Page<R>>({
    testId: o.testId,
    csvName: o.csvName,
    sort: o.sort,
    limit: o.limit ?? 25,
    prefix: o.prefix,
    query: (q) => ({
      queryKey: ['local-table', o.testId, all, q],
      queryFn: () => Promise.resolve(pageOf(all ?? [], q, o)),
      enabled: all !== undefined,
      staleTime: Infinity,
    }),
  });
}

function pageOf<R>(rows: R[], q: TableQuery<Record<string, string>>, o: LocalTableOptions<R>): Page<R> {
  const term = q.search?.toLowerCase();
  const found = term && o.searchText ? rows.filter((r) => o.searchText!(r).toLowerCase().includes(term)) : rows;
  const value = o.sortBy[q.sort.by];
  const sorted = value
    ? [...found].sort((a, b) => {
        const x = value(a);
        const y = value(b);
        const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return q.sort.dir === 'asc' ? c : -c;
      })
    : found;
  return { items: sorted.slice((q.page - 1) * q.limit, q.page * q.limit), total: found.length };
}
