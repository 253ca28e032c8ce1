import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, ErrorBox, Field, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import { confirmAction } from '../../../../lib/telegram.ts';
import { useTRPC } from '../../../../lib/trpc.ts';

/** A quick reply's text for one participant: `{name}` becomes their first name. */
export const fillQuickReply = (text: string, name: string) => text.replace(/\{name\}/g, name);

/** The team's quick replies: added, changed and deleted here, inserted from a conversation's reply box. */
export function QuickRepliesManager({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const q = useQuery(trpc.admin.dialogs.quickReplies.queryOptions());
  const [editing, setEditing] = useState<{ id?: number; title: string; text: string } | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.admin.dialogs.quickReplies.queryKey() });
  const save = useMutation(trpc.admin.dialogs.saveQuickReply.mutationOptions({ onSuccess: () => (ok(t('inbox.qr.saved')), setEditing(null), refresh()), onError: fail }));
  const del = useMutation(trpc.admin.dialogs.deleteQuickReply.mutationOptions({ onSuccess: () => (ok(t('inbox.qr.deleted')), refresh()), onError: fail }));
  const askDelete = async (id: number, title: string) => {
    if (await confirmAction(t('inbox.qr.confirmDelete', { title }), t('inbox.qr.delete'))) del.mutate({ id });
  };
  return (
    <div data-testid="quick-replies">
      <Button variant="ghost" small onClick={onBack} testId="quick-replies-back">‹ {t('inbox.back')}</Button>
      <div className="hint small" style={{ margin: '0 4px 10px' }}>{t('inbox.qr.intro')}</div>
      {editing ? (
        <Card testId="quick-reply-form">
          <Field label={t('inbox.qr.title')}>
            <input value={editing.title} maxLength={64} onChange={(e) => setEditing({ ...editing, title: e.target.value })} data-testid="quick-reply-title" />
          </Field>
          <Field label={t('inbox.qr.text')}>
            <textarea rows={4} value={editing.text} maxLength={4096} onChange={(e) => setEditing({ ...editing, text: e.target.value })} data-testid="quick-reply-text" />
          </Field>
          <div className="grid2" style={{ marginTop: 12 }}>
            <Button variant="secondary" onClick={() => setEditing(null)}>{t('inbox.qr.cancel')}</Button>
            <Button busy={save.isPending} disabled={!editing.title.trim() || !editing.text.trim()} onClick={() => save.mutate({ ...editing, title: editing.title.trim(), text: editing.text.trim() })} testId="quick-reply-save">
              {t('inbox.qr.save')}
            </Button>
          </div>
        </Card>
      ) : (
        <Button onClick={() => setEditing({ title: '', text: '' })} testId="quick-reply-new">+ {t('inbox.qr.new')}</Button>
      )}
      {q.isPending && <Skeleton lines={4} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.data && q.data.length === 0 && !editing && <Empty text={t('inbox.qr.empty')} icon="⚡" />}
      {q.data && q.data.length > 0 && (
        <Card className="list qr-list" testId="quick-reply-list">
          {q.data.map((r) => (
            <div className="item" key={r.id} data-testid="quick-reply-item">
              <div className="grow" style={{ minWidth: 0 }}>
                <div className="strong ellipsis">{r.title}</div>
                <div className="hint small qr-text">{r.text}</div>
              </div>
              <Button variant="ghost" small onClick={() => setEditing({ id: r.id, title: r.title, text: r.text })}>{t('inbox.qr.edit')}</Button>
              <Button variant="ghost" small onClick={() => askDelete(r.id, r.title)}>✕</Button>
            </div>
          ))}
        </Card>
      )}
    </div>
  );
}

/** The sheet a conversation's ⚡ button opens: tapping a quick reply puts it into the reply box. */
export function QuickReplyPicker({ name, onPick, onClose, onManage }: { name: string; onPick: (text: string) => void; onClose: () => void; onManage: () => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.dialogs.quickReplies.queryOptions());
  const [filter, setFilter] = useState('');
  const shown = (q.data ?? []).filter((r) => `${r.title}\n${r.text}`.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <div className="sheet" onClick={(e) => e.stopPropagation()} data-testid="quick-reply-picker">
        <div className="row between">
          <h3>{t('inbox.qr.pick')}</h3>
          <Button variant="ghost" small onClick={onManage} testId="quick-reply-manage">{t('inbox.qr.manage')}</Button>
        </div>
        {(q.data?.length ?? 0) > 5 && <input type="search" value={filter} placeholder={t('inbox.qr.filter')} onChange={(e) => setFilter(e.target.value)} style={{ marginTop: 8 }} />}
        {q.isPending && <Skeleton lines={3} />}
        {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
        {q.data && q.data.length === 0 && <Empty text={t('inbox.qr.empty')} icon="⚡" />}
        <div className="options">
          {shown.map((r) => (
            <button key={r.id} className="option qr-option" onClick={() => onPick(fillQuickReply(r.text, name))} data-testid="quick-reply-option">
              <div className="strong">{r.title}</div>
              <div className="hint small qr-text">{fillQuickReply(r.text, name)}</div>
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
