import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTonAddress, useTonConnectUI } from '@tonconnect/ui-react';
import { Button, useErrorText, useOk } from '../../kit/ui.tsx';
import { useUi } from '../../kit/store.ts';
import { money, type PayCurrency } from '../../lib/format.ts';
import { haptic } from '../../lib/telegram.ts';
import { useActionKeys } from '../../lib/action-key.ts';
import { payInvoice } from '../../lib/telegram.ts';
import { useTRPC } from '../../lib/trpc.ts';

export interface Buyable {
  title: string;
  prices: { currency: PayCurrency; amount: string }[];
  description?: string;
  /** What the purchase hands over, in a few words each ("+500 points", "×1.5 rewards for 24 h"). */
  gives?: string[];
}

/** Points are spent from the balance here, so the sheet knows before paying whether they suffice. */
function Shortfall({ have, need, onEarn }: { have: bigint; need: bigint; onEarn: () => void }) {
  const { t, i18n } = useTranslation('shop');
  const lang = i18n.language;
  return (
    <div className="shortfall" data-testid="shortfall">
      <div className="small">{t('shortfall', { have: money('POINTS', have.toString(), lang), missing: money('POINTS', (need - have).toString(), lang) })}</div>
      <button className="link-btn" onClick={onEarn} data-testid="earn-more">{t('earnMore')} →</button>
    </div>
  );
}

/**
 * Choosing a currency and paying: points settle at once; Stars open Telegram's invoice; TON goes
 * through TON Connect with the invoice reference as the comment. The invoice is then followed to its outcome.
 */
export function PurchaseSheet({ item, onBuy, onClose, testPrefix = 'pay', announce = true }: {
  item: Buyable;
  /** false when the caller tells what a purchase paid at once gave (one message per purchase). */
  announce?: boolean;
  /** idempotencyKey: one per currency while the sheet is open, so a retried tap buys once. */
  onBuy: (currency: PayCurrency, idempotencyKey: string) => Promise<{ id: string; status: string; stars: { invoiceLink: string | null } | null; ton: { address: string; amount: string; comment: string; payload: string } | null }>;
  onClose: () => void;
  testPrefix?: string;
}) {
  const { t, i18n } = useTranslation('shop');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const errorText = useErrorText();
  const setTab = useUi((s) => s.setTab);
  // Read afresh when the sheet opens: points may have arrived since the screen was drawn.
  const balances = useQuery({ ...trpc.ledger.balances.queryOptions(), staleTime: 0, refetchOnMount: 'always' });
  // Failures show in the sheet, where the participant is looking, not in a toast behind it.
  const [problem, setProblem] = useState<string | null>(null);
  const fail = (e: unknown) => (haptic.error(), setProblem(errorText(e)));
  const [invoiceId, setInvoiceId] = useState<string | null>(null);
  const [tonConnectUI] = useTonConnectUI();
  const address = useTonAddress();
  const lang = i18n.language;
  const invoice = useQuery({
    ...trpc.payments.invoice.queryOptions({ id: invoiceId ?? 'xxxxxx' }),
    enabled: Boolean(invoiceId),
    refetchInterval: (q) => (q.state.data?.status === 'PENDING' || q.state.data?.status === 'UNDERPAID' ? 2000 : false),
  });
  const keyFor = useActionKeys<PayCurrency>();
  const buy = useMutation({
    mutationFn: (currency: PayCurrency) => (setProblem(null), onBuy(currency, keyFor(currency))),
    onSuccess: async (inv) => {
      if (inv.status === 'PAID') {
        if (announce) ok(t('paid', { title: item.title }));
        void qc.invalidateQueries();
        onClose();
        return;
      }
      setInvoiceId(inv.id);
      if (inv.stars?.invoiceLink) {
        const status = await payInvoice(inv.stars.invoiceLink);
        if (status === 'cancelled' || status === 'failed') setProblem(t(status === 'cancelled' ? 'cancelled' : 'notPaid'));
      } else if (inv.ton) {
        await sendTon(inv.ton);
      }
    },
    onError: fail,
  });
  const sendTon = async (ton: { address: string; amount: string; payload: string }) => {
    try {
      if (!address) await tonConnectUI.openModal();
      await tonConnectUI.sendTransaction({
        validUntil: Math.floor(Date.now() / 1000) + 600,
        messages: [{ address: ton.address, amount: ton.amount, payload: ton.payload }],
      });
    } catch {
      // The participant closed the wallet; the invoice stays open until it expires.
    }
  };
  useEffect(() => {
    if (invoice.data?.status === 'PAID') {
      ok(t('paid', { title: item.title }));
      void qc.invalidateQueries();
      onClose();
    }
  }, [invoice.data?.status]);

  const inv = invoice.data;
  const points = BigInt(balances.data?.find((b) => b.currency === 'POINTS')?.amount ?? '0');
  const earn = () => (onClose(), setTab('tasks'));
  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <div className="sheet" onClick={(e) => e.stopPropagation()} data-testid="purchase-sheet">
        <h3>{t('sheetTitle', { title: item.title })}</h3>
        {item.description && <div className="hint small" style={{ marginTop: 4 }}>{item.description}</div>}
        {item.gives && item.gives.length > 0 && (
          <div className="row" style={{ gap: 6, marginTop: 8, flexWrap: 'wrap' }} data-testid="purchase-gives">
            <span className="hint small">{t('youGet')}</span>
            {item.gives.map((g) => <span key={g} className="pill ok">{g}</span>)}
          </div>
        )}
        {!invoiceId && (
          <div className="options" style={{ marginTop: 14 }}>
            {item.prices.map((p) => {
              // Judged on the balance read now, not the one cached; if it cannot be read, the server decides.
              const checking = p.currency === 'POINTS' && !balances.isFetchedAfterMount && !balances.isError;
              const short = p.currency === 'POINTS' && balances.isFetchedAfterMount && balances.data != null && points < BigInt(p.amount);
              return (
                <div key={p.currency}>
                  <Button disabled={short} busy={checking || (buy.isPending && buy.variables === p.currency)} onClick={() => buy.mutate(p.currency)} testId={`${testPrefix}-${p.currency}`}>
                    {t('pay', { price: money(p.currency, p.amount, lang) })}
                  </Button>
                  {short && <Shortfall have={points} need={BigInt(p.amount)} onEarn={earn} />}
                </div>
              );
            })}
          </div>
        )}
        {problem && <p className="danger small" data-testid="purchase-error" role="alert">{problem}</p>}
        {invoiceId && (
          <div style={{ marginTop: 14 }}>
            {(!inv || inv.status === 'PENDING') && (
              <div className="row"><span className="spinner accent" /> <span>{t('waiting')}</span></div>
            )}
            {inv?.ton && inv.status === 'PENDING' && (
              <div style={{ marginTop: 12 }}>
                <div className="hint small">{t('tonHint', { amount: money('TON', inv.ton.amount, lang), comment: inv.ton.comment })}</div>
                <div style={{ marginTop: 10 }}><Button onClick={() => sendTon(inv.ton!)}>{t('tonSend')}</Button></div>
              </div>
            )}
            {inv?.status === 'UNDERPAID' && <p className="danger">{t('underpaid', { paid: money(inv.currency, inv.paidAmount, lang), amount: money(inv.currency, inv.amount, lang) })}</p>}
            {inv?.status === 'EXPIRED' && <p className="danger">{t('expired')}</p>}
            {inv?.status === 'CANCELLED' && <p className="danger">{t('cancelled')}</p>}
          </div>
        )}
        <div style={{ marginTop: 12 }}>
          <Button variant="ghost" onClick={onClose}>{t('common:close')}</Button>
        </div>
      </div>
    </div>
  );
}
