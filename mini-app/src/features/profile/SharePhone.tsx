import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Section, Skeleton, useFail, useOk } from '../../kit/ui.tsx';
import { askPhoneInTelegram, confirmAction, haptic } from '../../lib/telegram.ts';
import { useTRPC } from '../../lib/trpc.ts';

/**
 * The phone number shared with the community: Telegram's own prompt where the client has it, otherwise
 * the bot asks in the chat (with the same consent line); withdrawn here or with /forget_phone.
 */
export function SharePhone() {
  const { t, i18n } = useTranslation('profile');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const key = trpc.profile.phone.queryKey();
  const [waiting, setWaiting] = useState(false);
  // While the bot is being sent the contact, look again every couple of seconds for a while.
  const q = useQuery({ ...trpc.profile.phone.queryOptions(), refetchInterval: waiting ? 2000 : false });
  if (waiting && q.data) setWaiting(false);
  useEffect(() => {
    if (!waiting) return;
    const stop = setTimeout(() => setWaiting(false), 60_000);
    return () => clearTimeout(stop);
  }, [waiting]);
  const ask = useMutation(trpc.profile.requestPhone.mutationOptions({ onSuccess: () => (ok(t('phone.asked')), setWaiting(true)), onError: fail }));
  const forget = useMutation(
    trpc.profile.forgetPhone.mutationOptions({ onSuccess: () => (ok(t('phone.forgotten')), qc.setQueryData(key, null)), onError: fail }),
  );
  const share = async () => {
    haptic.tap();
    const answer = await askPhoneInTelegram();
    if (answer === 'sent') return (ok(t('phone.thanks')), setWaiting(true));
    if (answer === null) ask.mutate();
  };
  const withdraw = async () => {
    if (await confirmAction(t('phone.confirmForget'), t('phone.forget'))) forget.mutate();
  };
  return (
    <Section title={t('phone.title')}>
      <Card className="phone-card" testId="share-phone">
        {q.isPending ? (
          <Skeleton lines={2} />
        ) : q.data ? (
          <>
            <div className="phone mono" data-testid="phone-number">{q.data.phone}</div>
            <div className="hint small" style={{ marginTop: 4 }}>
              {t('phone.sharedOn', { date: new Date(q.data.sharedAt).toLocaleDateString(i18n.language, { day: 'numeric', month: 'long', year: 'numeric' }) })}
            </div>
            <div style={{ marginTop: 12 }}>
              <Button variant="secondary" small busy={forget.isPending} onClick={withdraw} testId="phone-forget">{t('phone.forget')}</Button>
            </div>
          </>
        ) : (
          <>
            <p className="hint small">{t('phone.consent')}</p>
            {waiting && <p className="small" data-testid="phone-waiting">{t('phone.waiting')}</p>}
            <div style={{ marginTop: 12 }}>
              <Button busy={ask.isPending} onClick={share} testId="phone-share">📱 {t('phone.share')}</Button>
            </div>
          </>
        )}
      </Card>
    </Section>
  );
}
