import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, ErrorBox, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import { useTRPC } from '../../../../lib/trpc.ts';

/** Telegram's gift catalogue; a gift is sent as a reward and paid from the bot's Stars. */
export function Gifts() {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const ok = useOk();
  const fail = useFail();
  const q = useQuery(trpc.admin.gifts.catalogue.queryOptions());
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const send = useMutation(trpc.admin.gifts.send.mutationOptions({ onSuccess: (r) => ok(r.duplicate ? t('giftDuplicate') : t('giftSent')), onError: fail }));
  return (
    <>
      <Card>
        <input placeholder={t('giftTo')} inputMode="numeric" value={to} onChange={(e) => setTo(e.target.value.replace(/\D/g, ''))} />
        <input style={{ marginTop: 8 }} placeholder={t('giftReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Card>
      {q.isPending && <Skeleton lines={4} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.data && (
        <div className="grid3">
          {q.data.map((g) => (
            <Card key={g.id}>
              <div style={{ fontSize: 28, textAlign: 'center' }}>{g.emoji}</div>
              <div className="strong small" style={{ textAlign: 'center' }}>{g.starCount} ⭐</div>
              {g.remaining != null && <div className="hint small" style={{ textAlign: 'center' }}>{g.remaining}/{g.total}</div>}
              <div style={{ marginTop: 6 }}>
                <Button small disabled={!to || reason.trim().length < 3} busy={send.isPending && send.variables?.giftId === g.id}
                  onClick={() => send.mutate({ telegramId: to, giftId: g.id, reason, idempotencyKey: `${g.id}:${to}:${reason}`.slice(0, 100) })}>
                  {t('send')}
                </Button>
              </div>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
