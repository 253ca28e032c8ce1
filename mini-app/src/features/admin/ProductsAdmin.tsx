import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, ErrorBox, Field, Section, Skeleton, useFail, useOk } from '../../kit/ui.tsx';
import { money, parseTon } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';

type Localized = { en: string; ru: string };
type Kind = 'ITEM' | 'POINTS_PACK' | 'BOOST';
/** Collectibles are listed too, but made with their drop (the Collect back office), not here. */
type AnyKind = Kind | 'COLLECTIBLE';
/** A product as the back office lists it (bigints and dates already strings). */
interface AdminProduct {
  id: number;
  slug: string;
  kind: AnyKind;
  title: Localized;
  description: Localized;
  imageUrl: string | null;
  priceStars: string | null;
  priceTon: string | null;
  pricePoints: string | null;
  stock: number | null;
  perParticipantLimit: number | null;
  startsAt: string | null;
  endsAt: string | null;
  active: boolean;
  sortOrder: number;
  pointsAmount: string | null;
  boostMultiplierBps: number | null;
  boostSeconds: number | null;
}

const blank = { kind: 'ITEM' as Kind, slug: '', titleEn: '', titleRu: '', stars: '', points: '', ton: '', stock: '', pack: '', boost: '1.5', hours: '24' };
const digits = (v: string) => v.replace(/\D/g, '');

/** The shop in the back office: switch products on and off, restock, add one. */
export function ProductsAdmin() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [form, setForm] = useState(blank);
  const [adding, setAdding] = useState(false);
  const [restock, setRestock] = useState<{ id: number; stock: string } | null>(null);
  const q = useQuery(trpc.admin.catalog.products.queryOptions());
  const save = useMutation(trpc.admin.catalog.saveProduct.mutationOptions({ onError: fail, onSuccess: () => void qc.invalidateQueries() }));
  const lang = i18n.language.startsWith('ru') ? 'ru' : 'en';
  const set = (k: keyof typeof blank, f: (v: string) => string = (v) => v) => (e: { target: { value: string } }) => setForm({ ...form, [k]: f(e.target.value) });

  // saveProduct takes the whole product: the unchanged fields go back as they came.
  const resave = (p: AdminProduct, change: Partial<AdminProduct>, done: string) => {
    const { id, slug, kind, title, description, imageUrl, priceStars, priceTon, pricePoints, stock, perParticipantLimit, startsAt, endsAt, active, sortOrder, pointsAmount, boostMultiplierBps, boostSeconds } = { ...p, ...change };
    save.mutate(
      { id, slug, kind, title, description, imageUrl, priceStars, priceTon, pricePoints, stock, perParticipantLimit, startsAt, endsAt, active, sortOrder, pointsAmount, boostMultiplierBps, boostSeconds },
      { onSuccess: () => (ok(done), setRestock(null)) },
    );
  };

  const tonPrice = form.ton ? parseTon(form.ton) : null;
  const boostBps = Math.round(Number(form.boost.replace(',', '.')) * 10_000);
  const incomplete =
    !form.slug || !form.titleEn.trim() || (!form.stars && !form.points && !tonPrice) || (form.ton !== '' && !tonPrice) ||
    (form.kind === 'POINTS_PACK' && !form.pack) ||
    (form.kind === 'BOOST' && (!(boostBps >= 10_000 && boostBps <= 100_000) || !form.hours));

  const create = () =>
    save.mutate(
      {
        slug: form.slug,
        kind: form.kind,
        title: { en: form.titleEn, ru: form.titleRu || form.titleEn },
        description: { en: '', ru: '' },
        priceStars: form.stars || null,
        pricePoints: form.points || null,
        priceTon: tonPrice,
        stock: form.stock ? Number(form.stock) : null,
        pointsAmount: form.kind === 'POINTS_PACK' ? form.pack : null,
        boostMultiplierBps: form.kind === 'BOOST' ? boostBps : null,
        boostSeconds: form.kind === 'BOOST' ? Number(form.hours) * 3600 : null,
      },
      { onSuccess: () => (ok(t('productCreated')), setForm(blank), setAdding(false)) },
    );

  const prices = (p: AdminProduct) =>
    [
      p.pricePoints && money('POINTS', p.pricePoints, i18n.language),
      p.priceStars && money('STARS', p.priceStars, i18n.language),
      p.priceTon && money('TON', p.priceTon, i18n.language),
    ].filter(Boolean).join(' · ');

  return (
    <>
      {!adding && <Button onClick={() => setAdding(true)} testId="product-new">{t('newProduct')}</Button>}
      {adding && (
        <Card testId="product-form">
          <select value={form.kind} onChange={set('kind')} data-testid="product-kind">
            {(['ITEM', 'POINTS_PACK', 'BOOST'] as const).map((k) => <option key={k} value={k}>{t(`productKind.${k}`)}</option>)}
          </select>
          <Field label={t('slug')}><input value={form.slug} onChange={set('slug', (v) => v.toLowerCase().replace(/[^a-z0-9-]/g, '-'))} data-testid="product-slug" /></Field>
          <Field label={t('titleEn')}><input value={form.titleEn} onChange={set('titleEn')} data-testid="product-title-en" /></Field>
          <Field label={t('titleRu')}><input value={form.titleRu} onChange={set('titleRu')} /></Field>
          <div className="grid3">
            <Field label={t('pricePoints')}><input inputMode="numeric" value={form.points} onChange={set('points', digits)} data-testid="product-points" /></Field>
            <Field label={t('priceStars')}><input inputMode="numeric" value={form.stars} onChange={set('stars', digits)} /></Field>
            <Field label={t('priceTon')}><input inputMode="decimal" value={form.ton} onChange={set('ton')} /></Field>
          </div>
          <Field label={t('stockHint')}><input inputMode="numeric" value={form.stock} onChange={set('stock', digits)} data-testid="product-stock" /></Field>
          {form.kind === 'POINTS_PACK' && <Field label={t('packPoints')}><input inputMode="numeric" value={form.pack} onChange={set('pack', digits)} /></Field>}
          {form.kind === 'BOOST' && (
            <div className="grid2">
              <Field label={t('boostTimes')}><input inputMode="decimal" value={form.boost} onChange={set('boost')} /></Field>
              <Field label={t('boostHours')}><input inputMode="numeric" value={form.hours} onChange={set('hours', digits)} /></Field>
            </div>
          )}
          <div className="grid2" style={{ marginTop: 10 }}>
            <Button variant="secondary" onClick={() => setAdding(false)}>{t('common:cancel')}</Button>
            <Button disabled={incomplete} busy={save.isPending} onClick={create} testId="product-save">{t('common:save')}</Button>
          </div>
        </Card>
      )}
      <Section title={t('products')}>
        {q.isPending && <Skeleton lines={5} />}
        {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
        {q.data && q.data.length === 0 && <Empty text={t('noProducts')} icon="🛍️" />}
        {q.data && q.data.length > 0 && (
          <Card>
            {(q.data as unknown as AdminProduct[]).map((p) => (
              <div key={p.id} data-testid={`admin-product-${p.slug}`} style={{ padding: '10px 0', borderBottom: '1px solid var(--sep)' }}>
                <div className="strong ellipsis">
                  {p.title[lang] || p.title.en} {!p.active && <span className="pill danger">{t('off')}</span>}
                </div>
                <div className="hint small">
                  {t(`productKind.${p.kind}`)} · {prices(p)} · {p.stock == null ? t('unlimited') : t('inStock', { count: p.stock })}
                </div>
                <div className="grid2" style={{ marginTop: 8 }}>
                  {/* A collectible's supply is its drop's. */}
                  {p.kind !== 'COLLECTIBLE' ? (
                    <Button small variant="secondary" onClick={() => setRestock(restock?.id === p.id ? null : { id: p.id, stock: String(p.stock ?? '') })} testId={`restock-${p.slug}`}>{t('stock')}</Button>
                  ) : <span />}
                  <Button small variant={p.active ? 'secondary' : 'primary'} busy={save.isPending && save.variables?.id === p.id && !restock}
                    onClick={() => resave(p, { active: !p.active }, p.active ? t('productOff') : t('productOn'))} testId={`toggle-product-${p.slug}`}>
                    {p.active ? t('switchOff') : t('switchOn')}
                  </Button>
                </div>
                {restock?.id === p.id && (
                  <div className="grid2" style={{ marginTop: 8 }}>
                    <input placeholder={t('stockHint')} inputMode="numeric" value={restock.stock} onChange={(e) => setRestock({ id: p.id, stock: digits(e.target.value) })} data-testid="restock-input" />
                    <Button small busy={save.isPending} onClick={() => resave(p, { stock: restock.stock === '' ? null : Number(restock.stock) }, t('stockSaved'))} testId="restock-save">
                      {t('common:save')}
                    </Button>
                  </div>
                )}
              </div>
            ))}
          </Card>
        )}
      </Section>
    </>
  );
}
