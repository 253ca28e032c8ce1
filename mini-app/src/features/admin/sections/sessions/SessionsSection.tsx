import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, ErrorBox, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import { confirmAction } from '../../../../lib/telegram.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { CsvButton } from '../../kit/CsvButton.tsx';

/** Back-office sessions of desktop browsers: one's own (owners see everyone's), and a way to end one. */
export function Sessions() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const q = useQuery(trpc.admin.sessions.list.queryOptions());
  const revoke = useMutation(
    trpc.admin.sessions.revoke.mutationOptions({
      onSuccess: () => (ok(t('sessionEnded')), void qc.invalidateQueries(trpc.admin.sessions.list.pathFilter())),
      onError: fail,
    }),
  );
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  const end = async (id: number, current: boolean) => {
    if (await confirmAction(t(current ? 'sessionEndCurrentConfirm' : 'sessionEndConfirm'), t('sessionEnd'))) revoke.mutate({ id });
  };
  return (
    <>
      <p className="hint small" style={{ margin: '0 0 10px' }}>{t('sessionsHint')}</p>
      {q.data && q.data.length > 0 && (
        <div className="row" style={{ justifyContent: 'flex-end', marginBottom: 8 }}>
          <CsvButton
            name="sessions"
            testId="sessions-csv"
            rows={() => q.data}
            columns={[
              { header: t('sessionCol.person'), value: (s) => `${s.name} (${s.telegramId})` },
              { header: t('sessionCol.role'), value: (s) => s.role },
              { header: t('sessionCol.browser'), value: (s) => s.userAgent ?? '' },
              { header: t('sessionCol.ip'), value: (s) => s.ip ?? '' },
              { header: t('sessionCol.created'), value: (s) => s.createdAt },
              { header: t('sessionCol.seen'), value: (s) => s.lastSeenAt },
              { header: t('sessionCol.expires'), value: (s) => s.expiresAt },
            ]}
          />
        </div>
      )}
      {q.isPending && <Skeleton lines={4} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.isSuccess && q.data.length === 0 && <Empty text={t('sessionsEmpty')} icon="🖥️" />}
      {q.data?.map((s) => (
        <Card key={s.id} testId={`session-${s.id}`}>
          <div className="row">
            <div className="grow">
              <div className="strong">
                {s.own ? t('sessionYours') : s.name} · {t(`crm.role.${s.role}`)}
                {s.current && <span className="pill" style={{ marginLeft: 8 }} data-testid="session-current">{t('sessionCurrent')}</span>}
              </div>
              <div className="hint small">{s.userAgent ?? t('sessionUnknownBrowser')}{s.ip ? ` · ${s.ip}` : ''}</div>
              <div className="hint small">
                {t('sessionTimes', { created: when(s.createdAt), seen: when(s.lastSeenAt), expires: when(s.expiresAt) })}
              </div>
            </div>
            <Button variant="danger" small busy={revoke.isPending && revoke.variables?.id === s.id} onClick={() => void end(s.id, s.current)} testId={`session-end-${s.id}`}>
              {t('sessionEnd')}
            </Button>
          </div>
        </Card>
      ))}
    </>
  );
}
