import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../../../lib/trpc.ts';

// What the collectibles views share (kept apart so the views do not import each other in a loop).
export const titleIn = (lang: string, title: { en: string; ru: string } | undefined) => (title ? (lang.startsWith('ru') ? title.ru : title.en) : '—');
export const when = (iso: string | null, lang: string) => (iso ? new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' }) : '—');

/** A choice of collection for the views that filter by one. */
export function CollectionPicker({ value, onChange, any }: { value: number | undefined; onChange: (id: number | undefined) => void; any?: boolean }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.collectibles.collections.queryOptions());
  return (
    <select value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : undefined)} aria-label={t('coll.pickCollection')} data-testid="coll-collection">
      {any && <option value="">{t('coll.anyCollection')}</option>}
      {q.data?.map((c) => <option key={c.id} value={c.id}>{titleIn(i18n.language, c.title)}</option>)}
    </select>
  );
}
