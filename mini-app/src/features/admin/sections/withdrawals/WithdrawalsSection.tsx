import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Avatar, Button, Card, Empty, ErrorBox, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import { money } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';

/** The withdrawal queue with risk flags; large amounts need two different approvers. */
export function Withdrawals() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [status, setStatus] = useState<'REQUESTED' | undefined>('REQUESTED');
  const [rejecting, setRejecting] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const q = useQuery(trpc.admin.withdrawals.list.queryOptions({ status, limit: 50 }));
  const approve = useMutation(trpc.admin.withdrawals.approve.mutationOptions({ onSuccess: (w) => (ok(w.status === 'APPROVED' ? t('approved') : t('approvedByYou')), void qc.invalidateQueries()), onError: fail }));
  const reject = useMutation(trpc.admin.withdrawals.reject.mutationOptions({ onSuccess: () => (ok(t('rejected')), setRejecting(null), setReason(''), void qc.invalidateQueries()), onError: fail }));
  const lang = i18n.language;
  return (
    <>
      <div className="chips" style={{ marginBottom: 10 }}>
        <button className={status === 'REQUESTED' ? 'active' : ''} onClick={() => setStatus('REQUESTED')}>{t('queue')}</button>
        <button className={!status ? 'active' : ''} onClick={() => setStatus(undefined)}>{t('all')}</button>
      </div>
      {q.isPending && <Skeleton lines={6} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.data?.length === 0 && <Empty text={t('empty')} icon="✅" />}
      {q.data?.map((w) => (
        <Card key={w.id} testId={`withdrawal-${w.id}`}>
          <div className="row">
            <Avatar name={w.participant.name} size={36} />
            <div className="grow">
              <div className="strong">{w.participant.name} {w.participant.username ? <span className="hint">@{w.participant.username}</span> : null}</div>
              <div className="hint small">#{w.id} · {new Date(w.createdAt).toLocaleString(lang)}</div>
            </div>
            <div style={{ textAlign: 'right' }}>
              <div className="strong">{money('TON', w.amount, lang)}</div>
              <span className="pill">{t(`status.${w.status}`)}</span>
            </div>
          </div>
          <div className="mono hint" style={{ marginTop: 8 }}>{w.address}</div>
          <div className="row" style={{ gap: 6, marginTop: 8, flexWrap: 'wrap' }}>
            {w.riskFlags.length ? w.riskFlags.map((f) => <span key={f} className="pill danger">{f}</span>) : <span className="pill ok">{t('noRisk')}</span>}
            <span className="pill">{t('approvals', { n: w.approvals, need: w.approvalsNeeded })}</span>
          </div>
          <AuditTrail id={w.id} />
          {w.status === 'REQUESTED' && rejecting !== w.id && (
            <div className="grid2" style={{ marginTop: 10 }}>
              <Button variant="danger" onClick={() => setRejecting(w.id)} testId={`reject-${w.id}`}>{t('reject')}</Button>
              <Button disabled={w.approvedByMe} busy={approve.isPending && approve.variables?.id === w.id} onClick={() => approve.mutate({ id: w.id })} testId={`approve-${w.id}`}>{t('approve')}</Button>
            </div>
          )}
          {rejecting === w.id && (
            <div style={{ marginTop: 10 }}>
              <input placeholder={t('reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reject-reason" />
              <div className="grid2" style={{ marginTop: 8 }}>
                <Button variant="secondary" onClick={() => setRejecting(null)}>{t('common:cancel')}</Button>
                <Button variant="danger" disabled={reason.trim().length < 3} busy={reject.isPending} onClick={() => reject.mutate({ id: w.id, reason })} testId="reject-confirm">{t('reject')}</Button>
              </div>
            </div>
          )}
        </Card>
      ))}
    </>
  );
}

/** The withdrawal's append-only audit trail, on demand. */
function AuditTrail({ id }: { id: number }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const q = useQuery({ ...trpc.admin.withdrawals.history.queryOptions({ id }), enabled: open });
  return (
    <div style={{ marginTop: 8 }}>
      <button className="btn btn-ghost btn-small" onClick={() => setOpen(!open)} data-testid={`audit-${id}`}>{t('auditTrail')}</button>
      {open && q.data && (
        <div className="list">
          {q.data.audit.map((a) => (
            <div className="item small" key={a.id}>
              <div className="grow">{t(`auditAction.${a.action.replace(/\./g, '_')}`, { defaultValue: a.action })}</div>
              <div className="hint small">{new Date(a.createdAt).toLocaleString(i18n.language)}</div>
            </div>
          ))}
          {q.data.previous.length > 0 && <div className="hint small">{t('previous', { count: q.data.previous.length })}</div>}
        </div>
      )}
    </div>
  );
}
