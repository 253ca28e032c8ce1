import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Field, useErrorText, useOk } from '../../../../kit/ui.tsx';
import { appCodeOf, useTRPC } from '../../../../lib/trpc.ts';
import { badUrl } from '../../kit/index.ts';
import { setParams } from '../../kit/route.ts';
import { FORM_GRID } from './shared.tsx';

// The server's rules for a collection (collectibles/schemas.ts, editions/roll.ts), checked as the admin types.
const SLUG = /^[a-z0-9-]{2,64}$/;
const KINDS = ['model', 'backdrop', 'symbol'] as const;
type Kind = (typeof KINDS)[number];
type Row = { value: string; permille: number };

/** "Gold: 100" per line → the attribute table, or what is wrong with it. */
export function parseTable(text: string): { rows: Row[]; sum: number; bad: boolean } {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const rows: Row[] = [];
  let bad = lines.length === 0 || lines.length > 100;
  for (const line of lines) {
    const m = /^(.{1,60}?)\s*[:=]\s*(\d{1,4})$/.exec(line);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 1000) bad = true;
    else rows.push({ value: m[1].trim(), permille: Number(m[2]) });
  }
  const sum = rows.reduce((a, r) => a + r.permille, 0);
  return { rows, sum, bad: bad || sum !== 1000 };
}

const blank = { slug: '', titleEn: '', titleRu: '', descriptionEn: '', descriptionRu: '', cover: '', cap: '1000', royalty: '500', model: '', backdrop: '', symbol: '' };
type Form = typeof blank;
const whole = (v: string, min: number, max: number) => /^\d{1,7}$/.test(v) && Number(v) >= min && Number(v) <= max;

/** A new collection: its short name (in NFT links, never changed), titles, supply cap, royalty and attribute tables. */
export function NewCollection() {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const errorText = useErrorText();
  const [shown, setShown] = useState(false);
  const [form, setForm] = useState<Form>(blank);
  const field = (k: keyof Form) => ({ value: form[k], onChange: (e: { target: { value: string } }) => (setForm((f) => ({ ...f, [k]: e.target.value })), create.reset()) });
  const create = useMutation(
    trpc.admin.collectibles.createCollection.mutationOptions({
      onSuccess: (c) => {
        ok(t('coll.collectionCreated'));
        setShown(false);
        setForm(blank);
        void qc.invalidateQueries({ queryKey: trpc.admin.collectibles.collections.pathKey() });
        setParams({}, { replace: false, record: String(c.id) });
      },
    }),
  );
  const tables = Object.fromEntries(KINDS.map((k) => [k, parseTable(form[k])])) as Record<Kind, ReturnType<typeof parseTable>>;
  const slugBad = form.slug !== '' && !SLUG.test(form.slug);
  const coverBad = badUrl(form.cover);
  const capBad = !whole(form.cap, 1, 1_000_000);
  const royaltyBad = !whole(form.royalty, 0, 5000);
  const incomplete = !SLUG.test(form.slug) || !form.titleEn.trim() || !form.titleRu.trim() || coverBad || capBad || royaltyBad || KINDS.some((k) => tables[k].bad);
  const taken = create.error && appCodeOf(create.error) === 'ALREADY_EXISTS';

  if (!shown) {
    return (
      <div style={{ marginBottom: 10 }}>
        <Button variant="secondary" small onClick={() => setShown(true)} testId="coll-new-collection">+ {t('coll.newCollection')}</Button>
      </div>
    );
  }
  const submit = () =>
    create.mutate({
      slug: form.slug,
      title: { en: form.titleEn.trim(), ru: form.titleRu.trim() },
      description: { en: form.descriptionEn.trim(), ru: form.descriptionRu.trim() },
      coverUrl: form.cover.trim() || null,
      supplyCap: Number(form.cap),
      royaltyBps: Number(form.royalty),
      attributes: { model: tables.model.rows, backdrop: tables.backdrop.rows, symbol: tables.symbol.rows },
    });
  return (
    <Card testId="coll-collection-form">
      <div className="strong">{t('coll.newCollection')}</div>
      <div style={FORM_GRID}>
        <Field label={t('coll.slugLabel')}>
          <input {...field('slug')} maxLength={64} autoCapitalize="off" spellCheck={false} aria-invalid={slugBad || !!taken} data-testid="coll-new-slug" />
        </Field>
        <Field label={t('coll.supplyCap')}><input {...field('cap')} inputMode="numeric" aria-invalid={capBad} data-testid="coll-new-cap" /></Field>
        <Field label={t('titleEn')}><input {...field('titleEn')} maxLength={200} data-testid="coll-new-en" /></Field>
        <Field label={t('titleRu')}><input {...field('titleRu')} maxLength={200} data-testid="coll-new-ru" /></Field>
      </div>
      {taken ? (
        <div className="notice danger small" data-testid="coll-new-taken">{t('coll.slugTaken', { slug: form.slug })}</div>
      ) : (
        <div className={`small ${slugBad ? 'danger' : 'hint'}`}>{t('coll.slugHint')}</div>
      )}
      <div style={FORM_GRID}>
        <Field label={t('coll.descriptionEn')}><textarea {...field('descriptionEn')} rows={2} maxLength={2000} /></Field>
        <Field label={t('coll.descriptionRu')}><textarea {...field('descriptionRu')} rows={2} maxLength={2000} /></Field>
        <Field label={t('coll.coverUrl')}><input {...field('cover')} type="url" inputMode="url" placeholder="https://" maxLength={500} aria-invalid={coverBad} /></Field>
        <Field label={t('coll.royaltyBps')}><input {...field('royalty')} inputMode="numeric" aria-invalid={royaltyBad} data-testid="coll-new-royalty" /></Field>
      </div>
      <div className="hint small" style={{ marginTop: 8 }}>{t('coll.tablesHint')}</div>
      <div style={FORM_GRID}>
        {KINDS.map((k) => (
          <Field key={k} label={t(`coll.attr.${k}`)}>
            <textarea {...field(k)} rows={4} placeholder={t('coll.tablePlaceholder')} spellCheck={false} data-testid={`coll-new-${k}`} />
            <div className={`small ${form[k] && tables[k].bad ? 'danger' : 'hint'}`} data-testid={`coll-new-${k}-sum`}>{t('coll.tableSum', { sum: tables[k].sum })}</div>
          </Field>
        ))}
      </div>
      {create.error && !taken && <div className="notice danger small" data-testid="coll-new-error">{errorText(create.error)}</div>}
      <div className="row" style={{ marginTop: 10 }}>
        <Button busy={create.isPending} disabled={incomplete} onClick={submit} testId="coll-new-create">{t('coll.createCollection')}</Button>
        <Button variant="ghost" onClick={() => (setShown(false), create.reset())}>{t('coll.cancel')}</Button>
      </div>
    </Card>
  );
}
