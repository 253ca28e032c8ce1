import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../../../lib/trpc.ts';
import { go, useAdminRoute } from '../../kit/route.ts';

// What the collectibles views share (kept apart so the views do not import each other in a loop).
export const titleIn = (lang: string, title: { en: string; ru: string } | undefined) => (title ? (lang.startsWith('ru') ? title.ru : title.en) : '—');
export const when = (iso: string | null, lang: string) => (iso ? new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' }) : '—');
// Two columns where they fit, one on a phone (a date input does not shrink below its own width).
export const FORM_GRID = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 190px), 1fr))', gap: '0 10px' } as const;

/** A filter's collection id ('' for none) as the API takes it. */
export const collectionParam = (v: string) => (/^\d{1,9}$/.test(v) ? Number(v) : undefined);

/** Every collection by name, for the pickers (the API's largest page; a community has far fewer). */
export function useCollectionNames() {
  const trpc = useTRPC();
  return useQuery(trpc.admin.collectibles.collections.queryOptions({ sort: { by: 'slug', dir: 'asc' }, limit: 200 }));
}

/** A choice of collection for the views that filter by one; the value is the id as text ('' for any). */
export function CollectionPicker({ value, onChange, any }: { value: string; onChange: (id: string) => void; any?: boolean }) {
  const { t, i18n } = useTranslation('admin');
  const q = useCollectionNames();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={t('coll.pickCollection')} data-testid="coll-collection">
      {any && <option value="">{t('coll.anyCollection')}</option>}
      {q.data?.items.map((c) => <option key={c.id} value={String(c.id)}>{titleIn(i18n.language, c.title)}</option>)}
    </select>
  );
}

export const VIEWS = ['collections', 'drops', 'editions', 'market', 'mints'] as const;
export type View = (typeof VIEWS)[number];

/** The tab shown is the route's (#/collectibles?view=mints); switching tabs starts the new one's table afresh. */
export function useView(): [View, (v: View) => void] {
  const route = useAdminRoute();
  const view = (VIEWS as readonly string[]).includes(route.params.view ?? '') ? (route.params.view as View) : 'collections';
  return [view, (v) => go({ section: route.section, params: v === 'collections' ? {} : { view: v } })];
}
