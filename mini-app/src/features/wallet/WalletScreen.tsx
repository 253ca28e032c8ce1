import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, ErrorBox, Section, Skeleton, useFail, useOk } from '../../kit/ui.tsx';
import { money, parseTon } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useWalletLink } from './useWalletLink.ts';
import { useActionKey } from '../../lib/action-key.ts';

export function WalletScreen() {
  const { t, i18n } = useTranslation('wallet');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const lang = i18n.language;
  const wallet = useQuery(trpc.wallet.get.queryOptions());
  const balances = useQuery(trpc.ledger.balances.queryOptions());
  const list = useQuery(trpc.withdrawals.list.queryOptions());
  const { ui, linking } = useWalletLink(t('linkedOk'));
  const [amount, setAmount] = useState('');
  // One key per request: a retry after a lost answer holds the amount once.
  const requestKey = useActionKey(amount);
  const request = useMutation(
    trpc.withdrawals.request.mutationOptions({
      onSuccess: () => {
        ok(t('requested'));
        requestKey.done();
        setAmount('');
        void qc.invalidateQueries();
      },
      onError: fail,
    }),
  );
  const cancel = useMutation(trpc.withdrawals.cancel.mutationOptions({ onSuccess: () => (ok(t('cancelled')), qc.invalidateQueries()), onError: fail }));
  if (wallet.isPending || balances.isPending) return <Skeleton lines={6} />;
  if (wallet.isError) return <ErrorBox error={wallet.error} onRetry={() => wallet.refetch()} />;
  const ton = balances.data?.find((b) => b.currency === 'TON')?.amount ?? '0';
  const nano = parseTon(amount);
  const limits = list.data?.limits;

  return (
    <div>
      <h1>{t('title')}</h1>
      <div className="hero" style={{ marginTop: 10 }}>
        <div className="hint">{t('balance')}</div>
        <div className="big" data-testid="wallet-ton">{money('TON', ton, lang)}</div>
      </div>

      <Section title={t('linked')}>
        <Card>
          {wallet.data ? (
            <div className="mono" data-testid="linked-wallet">{wallet.data.address}</div>
          ) : (
            <p className="hint small">{t('notLinked')}</p>
          )}
          <div style={{ marginTop: 10 }}>
            <Button variant={wallet.data ? 'secondary' : 'primary'} busy={linking} onClick={() => ui.openModal()}>{t('connect')}</Button>
          </div>
        </Card>
      </Section>

      {wallet.data && (
        <Section title={t('withdraw')}>
          <Card>
            <input inputMode="decimal" placeholder={t('amount')} value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="withdraw-amount" />
            {limits && <div className="hint small" style={{ marginTop: 6 }}>{t('fee', { fee: money('TON', limits.fee, lang), min: money('TON', limits.min, lang), max: money('TON', limits.dailyMax, lang) })}</div>}
            {amount && !nano && <div className="danger small" style={{ marginTop: 6 }}>{t('badAmount')}</div>}
            <div style={{ marginTop: 10 }}>
              <Button disabled={!nano} busy={request.isPending} onClick={() => nano && request.mutate({ amount: nano, idempotencyKey: requestKey.key })} testId="withdraw-submit">{t('request')}</Button>
            </div>
          </Card>
        </Section>
      )}

      <Section title={t('requests')}>
        {list.data && list.data.items.length === 0 && <Empty text={t('none')} icon="💸" />}
        {list.data && list.data.items.length > 0 && (
          <Card className="list">
            {list.data.items.map((w) => (
              <div className="item" key={w.id} data-testid="withdrawal-row">
                <div className="grow">
                  <div className="strong">{money('TON', w.amount, lang)}</div>
                  <div className="hint small">#{w.id} · {new Date(w.createdAt).toLocaleString(lang)}</div>
                  {w.rejectReason && <div className="danger small">{w.rejectReason}</div>}
                </div>
                <div style={{ textAlign: 'right' }}>
                  <span className={`pill ${w.status === 'COMPLETED' ? 'ok' : ['REJECTED', 'FAILED', 'CANCELLED'].includes(w.status) ? 'danger' : 'warn'}`}>{t(`status.${w.status}`)}</span>
                  {w.status === 'REQUESTED' && (
                    <div style={{ marginTop: 6 }}>
                      <Button small variant="ghost" busy={cancel.isPending} onClick={() => cancel.mutate({ id: w.id })}>{t('cancel')}</Button>
                    </div>
                  )}
                </div>
              </div>
            ))}
          </Card>
        )}
      </Section>
    </div>
  );
}
