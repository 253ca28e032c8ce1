import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, ErrorBox, Field, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import { CURRENCIES, money, parseAmount, type Currency } from '../../../../lib/format.ts';
import { appCodeOf, useTRPC } from '../../../../lib/trpc.ts';
import { useActionKey } from '../../../../lib/action-key.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { useServerTable } from '../../kit/useServerTable.ts';
import { RouteLink } from '../../kit/RouteLink.tsx';

type Account = inferRouterOutputs<AppRouter>['admin']['ledger']['accounts']['items'][number];
type AccountsSort = NonNullable<inferRouterInputs<AppRouter>['admin']['ledger']['accounts']['sort']>;
const FIGURES = ['issued', 'revenue', 'holds', 'fees', 'payouts', 'adjustments', 'received', 'participants'] as const;
const LIMIT = 20;

/** Finance: the ledger per currency, the bot's Stars, every participant's account, corrections by hand. */
export function Finance() {
  return (
    <>
      <Summary />
      <Accounts />
    </>
  );
}

function Summary() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.ledger.summary.queryOptions());
  const stars = useQuery({ ...trpc.admin.payments.starBalance.queryOptions(), retry: false });
  const lang = i18n.language;
  if (q.isPending) return <Skeleton lines={4} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  return (
    <div className="fin-summary" data-testid="finance-summary">
      {q.data.map((s) => (
        <Card key={s.currency} testId={`summary-${s.currency}`}>
          <div className="strong">{t(`fin.currency.${s.currency}`)}</div>
          <dl className="fin-figures">
            {FIGURES.map((f) => (
              <div key={f}>
                <dt className="hint small">{t(`fin.figure.${f}`)}</dt>
                <dd data-testid={`summary-${s.currency}-${f}`}>{money(s.currency, s[f], lang)}</dd>
              </div>
            ))}
            {s.currency === 'STARS' && (
              <div>
                <dt className="hint small">{t('fin.botStars')}</dt>
                <dd data-testid="bot-stars">{stars.data ? money('STARS', String(stars.data.amount), lang) : stars.isError ? t('fin.unavailable') : '…'}</dd>
              </div>
            )}
          </dl>
        </Card>
      ))}
    </div>
  );
}

function Accounts() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const [open, setOpen] = useState<string | null>(null);
  const table = useServerTable({
    testId: 'accounts',
    filters: { currency: 'POINTS' },
    sort: { by: 'balance', dir: 'desc' },
    limit: LIMIT,
    query: (q) =>
      trpc.admin.ledger.accounts.queryOptions({
        search: q.search,
        currency: q.filters.currency as Currency,
        sort: q.sort as AccountsSort,
        page: q.page,
        limit: q.limit,
      }),
  });
  const currency = table.filters.currency as Currency;
  const lang = i18n.language;
  const columns: DataColumn<Account>[] = [
    { id: 'name', header: t('fin.col.name'), sortable: true, cell: (a) => <RouteLink to={{ section: 'people', record: a.telegramId }} className="strong">{a.name || '—'}</RouteLink>, csv: (a) => a.name },
    { id: 'username', header: t('fin.col.username'), cell: (a) => (a.username ? `@${a.username}` : ''), csv: (a) => a.username ?? '' },
    { id: 'telegramId', header: t('fin.col.telegramId'), sortable: true, cell: (a) => <span className="mono">{a.telegramId}</span>, csv: (a) => a.telegramId },
    { id: 'balance', header: t('fin.col.balance'), sortable: true, align: 'right', cell: (a) => money(a.currency, a.balance, lang), csv: (a) => a.balance },
    { id: 'held', header: t('fin.col.held'), sortable: true, align: 'right', cell: (a) => money(a.currency, a.held, lang), csv: (a) => a.held },
    {
      id: 'actions',
      header: '',
      cell: (a) => (
        <button className="btn btn-ghost btn-small" onClick={(e) => (e.stopPropagation(), setOpen(open === key(a) ? null : key(a)))} data-testid={`adjust-open-${a.telegramId}`}>
          {t('fin.adjust')}
        </button>
      ),
    },
  ];
  return (
    <Card>
      <h3>{t('fin.accounts')}</h3>
      <DataTable
        {...table.props}
        columns={columns}
        rowKey={key}
        searchPlaceholder={t('fin.searchPlaceholder')}
        filters={
          <select value={currency} onChange={(e) => table.setFilter('currency', e.target.value)} data-testid="accounts-currency" aria-label={t('fin.col.currency')}>
            {CURRENCIES.map((c) => <option key={c} value={c}>{t(`fin.currency.${c}`)}</option>)}
          </select>
        }
        csvName={`accounts-${currency.toLowerCase()}`}
        expandedKey={open}
        expanded={(a) => <AdjustForm account={a} onDone={() => setOpen(null)} />}
      />
    </Card>
  );
}

const key = (a: Account) => String(a.accountId);

/** Credit or debit with a reason; the key stays while the admin retries the same correction. */
function AdjustForm({ account, onDone }: { account: Account; onDone: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [direction, setDirection] = useState<'credit' | 'debit'>('credit');
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const amount = parseAmount(account.currency, text);
  const input = { telegramId: account.telegramId, currency: account.currency, direction, amount: amount ?? '0', reason: reason.trim() };
  const action = useActionKey(input);
  const adjust = useMutation(
    trpc.admin.ledger.adjust.mutationOptions({
      onSuccess: (r) => {
        action.done();
        ok(t('fin.adjusted', { balance: money(account.currency, r.balance, i18n.language) }));
        void qc.invalidateQueries();
        onDone();
      },
      onError: (e) => (appCodeOf(e) === 'INSUFFICIENT_FUNDS' ? setError(t('fin.tooLow')) : fail(e)),
    }),
  );
  const valid = amount != null && amount !== '0' && reason.trim().length >= 3;
  return (
    <div className="fin-adjust" data-testid="adjust-form">
      <div className="hint small">{t('fin.adjustFor', { name: account.name, currency: t(`fin.currency.${account.currency}`) })}</div>
      <div className="chips">
        <button className={direction === 'credit' ? 'active' : ''} onClick={() => setDirection('credit')} data-testid="adjust-credit">{t('fin.credit')}</button>
        <button className={direction === 'debit' ? 'active' : ''} onClick={() => setDirection('debit')} data-testid="adjust-debit">{t('fin.debit')}</button>
      </div>
      <Field label={t('fin.amount')}>
        <input inputMode="decimal" value={text} onChange={(e) => (setText(e.target.value), setError(null))} data-testid="adjust-amount" />
      </Field>
      <Field label={t('fin.reason')}>
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="adjust-reason" />
      </Field>
      {error && <div className="pill danger" data-testid="adjust-error">{error}</div>}
      <div className="grid2">
        <Button variant="secondary" onClick={onDone}>{t('common:cancel')}</Button>
        <Button disabled={!valid} busy={adjust.isPending} onClick={() => adjust.mutate({ ...input, idempotencyKey: action.key })} testId="adjust-submit">
          {direction === 'credit' ? t('fin.credit') : t('fin.debit')}
        </Button>
      </div>
    </div>
  );
}
