import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useTranslation } from 'react-i18next';
import { Button, Card, Section, useFail, useOk } from '../../kit/ui.tsx';
import { useUi } from '../../kit/store.ts';
import { formatAmount, money, type Currency } from '../../lib/format.ts';
import { closeApp, haptic, isHostedByTelegram } from '../../lib/telegram.ts';
import { appCodeOf, useTRPC } from '../../lib/trpc.ts';
import { forgetHomeCache } from '../../lib/home-cache.ts';

type Balance = { currency: Currency; amount: string };

const detailsOf = (e: unknown) =>
  (e instanceof TRPCClientError ? (e.data as { details?: Record<string, unknown> | null } | undefined)?.details : null) ?? {};

/** Amounts in words for a sentence: "25 Stars and 1.5 TON" / "25 звёзд и 1,5 TON". */
function useAmounts() {
  const { t, i18n } = useTranslation('profile');
  return (list: Balance[]) => {
    const lang = i18n.language;
    // Non-breaking spaces keep "1.5 TON" and "25 Stars" on one line.
    const parts = list.map((b) =>
      (b.currency === 'STARS' ? t('stars', { count: Number(b.amount), n: formatAmount('STARS', b.amount, lang) }) : money(b.currency, b.amount, lang)).replace(/ /g, '\u00a0'),
    );
    return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} ${t('and')} ${parts[parts.length - 1]}` : (parts[0] ?? '');
  };
}

/** Why the server refused to delete the account, in the participant's language (its own text is English). */
function useRefusal() {
  const { t } = useTranslation('profile');
  const amounts = useAmounts();
  return (e: unknown) => {
    const funds = Object.entries((detailsOf(e).balances ?? {}) as Record<string, string>)
      .filter(([, amount]) => /^\d+$/.test(amount) && amount !== '0')
      .map(([currency, amount]) => ({ currency: currency as Currency, amount }));
    if (funds.length) return t('refusal.balances', { amounts: amounts(funds) });
    const reason = detailsOf(e).reason;
    if (reason === 'ADMIN_ROLE') return t('refusal.admin');
    if (reason === 'WITHDRAWAL_OPEN') return t('refusal.withdrawal');
    if (reason === 'LISTING_ACTIVE') return t('refusal.market');
    if (reason === 'PAYMENT_OPEN') return t('refusal.payment');
    return t('common:errors.ACCOUNT_NOT_DELETABLE');
  };
}

/** "Your data": a copy of everything kept, sent by the bot, and deleting the account. */
export function YourData({ balances, onDeleted }: { balances: Balance[]; onDeleted: () => void }) {
  const { t, i18n } = useTranslation('profile');
  const trpc = useTRPC();
  const ok = useOk();
  const fail = useFail();
  const toast = useUi((s) => s.toast);
  const [sheet, setSheet] = useState(false);
  const send = useMutation(
    trpc.profile.sendExport.mutationOptions({
      onSuccess: () => ok(t('data.sent')),
      onError: (e) => {
        const code = appCodeOf(e);
        const at = detailsOf(e).availableAt;
        if (code === 'EXPORT_TOO_SOON' && typeof at === 'string' && !Number.isNaN(Date.parse(at))) {
          const time = new Date(at).toLocaleTimeString(i18n.language, { hour: 'numeric', minute: '2-digit' });
          haptic.error();
          return toast('error', t('data.tooSoon', { time }));
        }
        // The bot cannot write to someone who never started it (or blocked it): say what to do about it.
        if (code === 'MESSAGE_NOT_SENT') return (haptic.error(), toast('error', t('data.notSent')));
        fail(e);
      },
    }),
  );
  return (
    <Section title={t('data.title')}>
      <Card testId="your-data">
        <p className="hint small">{t('data.intro')}</p>
        <div style={{ marginTop: 12 }}>
          <Button variant="secondary" busy={send.isPending} onClick={() => send.mutate()} testId="send-export">
            {t('data.send')}
          </Button>
        </div>
      </Card>
      <Button variant="danger" onClick={() => (haptic.tap(), setSheet(true))} testId="delete-account">
        {t('data.delete')}
      </Button>
      {sheet && <DeleteSheet balances={balances} onClose={() => setSheet(false)} onDeleted={onDeleted} />}
    </Section>
  );
}

function DeleteSheet({ balances, onClose, onDeleted }: { balances: Balance[]; onClose: () => void; onDeleted: () => void }) {
  const { t, i18n } = useTranslation('profile');
  const lang = i18n.language;
  const trpc = useTRPC();
  const qc = useQueryClient();
  const fail = useFail();
  const refusal = useRefusal();
  const amounts = useAmounts();
  const [understood, setUnderstood] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const points = balances.find((b) => b.currency === 'POINTS')?.amount ?? '0';
  const funds = balances.filter((b) => b.currency !== 'POINTS' && b.amount !== '0');
  const meKey = trpc.profile.me.queryKey();
  // Balances as they are now: with TON or Stars on them the server would refuse, so that is said up front.
  useEffect(() => void qc.invalidateQueries({ queryKey: meKey }), []);
  const del = useMutation(
    trpc.profile.deleteAccount.mutationOptions({
      onSuccess: async () => {
        haptic.success();
        onDeleted();
        // The Telegram account now belongs to no one: any further call would sign it up afresh,
        // so nothing fetches again, and nothing of the old account stays in memory.
        qc.setDefaultOptions({ ...qc.getDefaultOptions(), queries: { ...qc.getDefaultOptions().queries, enabled: false } });
        await qc.cancelQueries();
        qc.clear();
        forgetHomeCache();
      },
      onError: (e) => {
        if (appCodeOf(e) !== 'ACCOUNT_NOT_DELETABLE') return fail(e);
        haptic.error();
        setRefused(refusal(e));
        void qc.invalidateQueries({ queryKey: meKey });
      },
    }),
  );
  const close = () => !del.isPending && onClose();
  return (
    <div className="sheet-backdrop" onClick={close}>
      <div className="sheet delete-sheet" onClick={(e) => e.stopPropagation()} data-testid="delete-sheet">
        <h3>{t('del.title')}</h3>
        <p className="hint" style={{ marginTop: 4 }}>{t('del.lead')}</p>

        <div className="subhead">{t('del.erasedTitle')}</div>
        <ul className="data-list">
          <li>{t('del.erased.profile')}</li>
          <li>{t('del.erased.wallet')}</li>
          <li>{t('del.erased.messages')}</li>
          <li>{t('del.erased.dialog')}</li>
          <li>{t('del.erased.phone')}</li>
          <li>{points !== '0' ? t('del.erased.pointsN', { count: Number(points), points: formatAmount('POINTS', points, lang) }) : t('del.erased.points')}</li>
        </ul>

        <div className="subhead">{t('del.keptTitle')}</div>
        <p className="kept">{t('del.kept')}</p>

        <div className={`data-notice ${funds.length ? 'danger' : ''}`} data-testid="delete-money">
          {funds.length ? t('del.moneyLeft', { amounts: amounts(funds) }) : t('del.money')}
        </div>
        <p className="hint small after">{t('del.after')}</p>

        {!funds.length && (
          <label className="data-check">
            <input type="checkbox" checked={understood} onChange={(e) => (haptic.tap(), setUnderstood(e.target.checked), setRefused(null))} data-testid="delete-understood" />
            <span>{t('del.understood')}</span>
          </label>
        )}

        {refused && (
          <div className="data-notice danger" role="alert" data-testid="delete-refused">
            <div className="strong">{t('del.refusedTitle')}</div>
            <div style={{ marginTop: 2 }}>{refused}</div>
          </div>
        )}

        <div className="options" style={{ marginTop: 14 }}>
          {!funds.length && (
            <Button variant="danger" disabled={!understood} busy={del.isPending} onClick={() => del.mutate({ confirm: 'DELETE' })} testId="delete-confirm">
              {t('del.confirm')}
            </Button>
          )}
          <Button variant="ghost" disabled={del.isPending} onClick={onClose} testId="delete-cancel">
            {funds.length ? t('common:close') : t('common:cancel')}
          </Button>
        </div>
      </div>
    </div>
  );
}

/** What remains once the account is gone: nothing to do but close the app. */
export function AccountDeleted() {
  const { t } = useTranslation('profile');
  return (
    <div className="account-deleted" data-testid="account-deleted">
      <div className="gone-icon" aria-hidden="true">
        <svg width="36" height="36" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round">
          <path d="M5 12.5l4.5 4.5L19 7.5" />
        </svg>
      </div>
      <h1>{t('gone.title')}</h1>
      <p>{t('gone.body')}</p>
      <p className="hint">{t('gone.close')}</p>
      {isHostedByTelegram() && (
        <div style={{ marginTop: 16 }}>
          <Button onClick={() => closeApp()} testId="close-app">
            {t('gone.closeButton')}
          </Button>
        </div>
      )}
    </div>
  );
}
