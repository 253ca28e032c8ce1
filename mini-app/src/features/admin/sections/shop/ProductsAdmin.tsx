import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, ErrorBox, Field, Section, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { hasDecimals, money, parseAmount, type PayCurrency } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { CsvButton } from '../../kit/CsvButton.tsx';
import { RouteLink } from '../../kit/RouteLink.tsx';
import { back, canGoBack, go, useAdminRoute } from '../../kit/route.ts';

/** Collectibles are listed too, but made with their drop (the Collect back office), not here. */
type Kind = 'ITEM' | 'POINTS_PACK' | 'BOOST';
/** A product as the back office lists it (bigints and dates already strings). */
type AdminProduct = inferRouterOutputs<AppRouter>['admin']['catalog']['products'][number];

const blank = { kind: 'ITEM' as Kind, slug: '', titleEn: '', titleRu: '', prices: {} as Partial<Record<PayCurrency, string>>, stock: '', pack: '', boost: '1.5', hours: '24' };
const digits = (v: string) => v.replace(/\D/g, '');

/** The shop in the back office; a product is #/shop/<id>. */
export function ProductsAdmin() {
  const route = useAdminRoute();
  const open = route.record && /^\d{1,9}$/.test(route.record) ? Number(route.record) : null;
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [open]);
  return <Products key={open ?? 'all'} only={open ?? undefined} />;
}

/** Switch products on and off, restock, add one; with `only`, that product alone. */
function Products({ only }: { only?: number }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [form, setForm] = useState(blank);
  const [adding, setAdding] = useState(false);
  const [restock, setRestock] = useState<{ id: number; stock: string } | null>(null);
  const q = useQuery(trpc.admin.catalog.products.queryOptions());
  // The ways to pay come from the server's payment methods: a new one shows up here by itself.
  const methods = useQuery(trpc.admin.catalog.paymentMethods.queryOptions());
  const save = useMutation(trpc.admin.catalog.saveProduct.mutationOptions({ onError: fail, onSuccess: () => void qc.invalidateQueries() }));
  const lang = i18n.language.startsWith('ru') ? 'ru' : 'en';
  const set = (k: keyof typeof blank, f: (v: string) => string = (v) => v) => (e: { target: { value: string } }) => setForm({ ...form, [k]: f(e.target.value) });

  // saveProduct takes the whole product: the unchanged fields go back as they came.
  const resave = (p: AdminProduct, change: Partial<AdminProduct>, done: string) => {
    const { id, slug, kind, title, description, imageUrl, prices, stock, perParticipantLimit, startsAt, endsAt, active, sortOrder, pointsAmount, boostMultiplierBps, boostSeconds } = { ...p, ...change };
    save.mutate(
      { id, slug, kind, title, description, imageUrl, prices, stock, perParticipantLimit, startsAt, endsAt, active, sortOrder, pointsAmount, boostMultiplierBps, boostSeconds },
      { onSuccess: () => (ok(done), setRestock(null)) },
    );
  };

  const typed = (Object.entries(form.prices) as [PayCurrency, string][]).filter(([, text]) => text.trim() !== '');
  const prices = typed.map(([currency, text]) => ({ currency, amount: parseAmount(currency, text) }));
  const pricesOk = prices.length > 0 && prices.every((p) => p.amount != null && BigInt(p.amount) > 0n);
  const boostBps = Math.round(Number(form.boost.replace(',', '.')) * 10_000);
  const incomplete =
    !form.slug || !form.titleEn.trim() || !pricesOk ||
    (form.kind === 'POINTS_PACK' && !form.pack) ||
    (form.kind === 'BOOST' && (!(boostBps >= 10_000 && boostBps <= 100_000) || !form.hours));

  const create = () =>
    save.mutate(
      {
        slug: form.slug,
        kind: form.kind,
        title: { en: form.titleEn, ru: form.titleRu || form.titleEn },
        description: { en: '', ru: '' },
        prices: prices.map((p) => ({ currency: p.currency, amount: p.amount! })),
        stock: form.stock ? Number(form.stock) : null,
        pointsAmount: form.kind === 'POINTS_PACK' ? form.pack : null,
        boostMultiplierBps: form.kind === 'BOOST' ? boostBps : null,
        boostSeconds: form.kind === 'BOOST' ? Number(form.hours) * 3600 : null,
      },
      { onSuccess: () => (ok(t('productCreated')), setForm(blank), setAdding(false)) },
    );

  const priceText = (p: AdminProduct) => p.prices.map((x) => money(x.currency, x.amount, i18n.language)).join(' · ');
  const shown = only == null ? q.data : q.data?.filter((p) => p.id === only);
  const toList = () => (canGoBack() ? back() : go({ section: 'shop' }));
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : null);

  return (
    <>
      {only != null && <Button variant="ghost" small onClick={toList} testId="product-back">‹ {t('products')}</Button>}
      {only == null && !adding && (
        <div className="row" style={{ gap: 8, alignItems: 'center' }}>
          <Button onClick={() => setAdding(true)} testId="product-new">{t('newProduct')}</Button>
          {q.data && q.data.length > 0 && (
            <CsvButton
              name="products"
              testId="products-csv"
              rows={() => q.data}
              columns={[
                { header: t('productCol.slug'), value: (p) => p.slug },
                { header: t('productCol.title'), value: (p) => p.title.en },
                { header: t('productCol.kind'), value: (p) => p.kind },
                { header: t('productCol.prices'), value: (p) => p.prices.map((x) => `${x.amount} ${x.currency}`).join(' ') },
                { header: t('productCol.stock'), value: (p) => (p.stock == null ? '' : String(p.stock)) },
                { header: t('productCol.active'), value: (p) => (p.active ? 'yes' : 'no') },
                { header: t('productCol.starts'), value: (p) => p.startsAt ?? '' },
                { header: t('productCol.ends'), value: (p) => p.endsAt ?? '' },
              ]}
            />
          )}
        </div>
      )}
      {adding && (
        <Card testId="product-form">
          <select value={form.kind} onChange={set('kind')} data-testid="product-kind">
            {(['ITEM', 'POINTS_PACK', 'BOOST'] as const).map((k) => <option key={k} value={k}>{t(`productKind.${k}`)}</option>)}
          </select>
          <Field label={t('slug')}><input value={form.slug} onChange={set('slug', (v) => v.toLowerCase().replace(/[^a-z0-9-]/g, '-'))} data-testid="product-slug" /></Field>
          <Field label={t('titleEn')}><input value={form.titleEn} onChange={set('titleEn')} data-testid="product-title-en" /></Field>
          <Field label={t('titleRu')}><input value={form.titleRu} onChange={set('titleRu')} /></Field>
          <div className="grid3 fields">
            {methods.data?.map((m) => (
              <Field key={m.currency} label={m.available ? t(`priceIn.${m.currency}`) : `${t(`priceIn.${m.currency}`)} (${t('methodUnavailable')})`}>
                <input
                  inputMode={hasDecimals(m.currency) ? 'decimal' : 'numeric'}
                  value={form.prices[m.currency] ?? ''}
                  onChange={(e) => setForm({ ...form, prices: { ...form.prices, [m.currency]: hasDecimals(m.currency) ? e.target.value : digits(e.target.value) } })}
                  data-testid={`product-price-${m.currency}`}
                />
              </Field>
            ))}
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
      <Section title={only == null ? t('products') : t('product')}>
        {q.isPending && <Skeleton lines={5} />}
        {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
        {shown && shown.length === 0 && <Empty text={only == null ? t('noProducts') : t('noSuchProduct')} icon="🛍️" />}
        {shown && shown.length > 0 && (
          <Card>
            {shown.map((p) => (
              <div key={p.id} data-testid={`admin-product-${p.slug}`} style={{ padding: '10px 0', borderBottom: '1px solid var(--sep)' }}>
                <div className="strong ellipsis">
                  {only == null ? (
                    <RouteLink to={{ section: 'shop', record: String(p.id) }} className="plain-link" testId={`product-open-${p.slug}`}>{p.title[lang] || p.title.en}</RouteLink>
                  ) : (
                    <span data-testid="product-title">{p.title[lang] || p.title.en}</span>
                  )}{' '}
                  {!p.active && <span className="pill danger">{t('off')}</span>}
                </div>
                <div className="hint small">
                  {t(`productKind.${p.kind}`)} · {priceText(p)} · {p.stock == null ? t('unlimited') : t('inStock', { count: p.stock })}
                </div>
                {only != null && (
                  <div className="hint small" data-testid="product-details">
                    {[
                      p.slug,
                      p.perParticipantLimit != null ? t('perPerson', { count: p.perParticipantLimit }) : null,
                      when(p.startsAt) && t('fromDate', { date: when(p.startsAt) }),
                      when(p.endsAt) && t('untilDate', { date: when(p.endsAt) }),
                    ].filter(Boolean).join(' · ')}
                  </div>
                )}
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
