import { useEffect, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { useTranslation } from 'react-i18next';
import { Avatar, Empty, Skeleton, useFail, useOk } from '../../kit/ui.tsx';
import { BottomActions } from '../../kit/bottom-buttons.tsx';
import { useActionKey } from '../../lib/action-key.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { EditionArt } from './parts.tsx';
import type { ArtAttributes } from './art.ts';

type Recipient = inferRouterOutputs<AppRouter>['collectibles']['recipients']['friends'][number];
type Edition = ArtAttributes & { id: number; number: number; collection: { slug: string; title: string } };

/** Waits until typing pauses, so a search is not sent on every letter. */
function useSettled(value: string, ms = 300) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

/** Gifting: pick the recipient by @username or among friends and recent people, then confirm before it is sent. */
export function GiftSheet({ edition, onClose }: { edition: Edition; onClose: () => void }) {
  const { t } = useTranslation('collect');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Recipient | null>(null);
  const [message, setMessage] = useState('');
  const q = useSettled(query.trim());
  const found = useQuery({ ...trpc.collectibles.recipients.queryOptions({ query: q }), placeholderData: keepPreviousData });
  // One key per confirmed gift: a retried tap sends once; another recipient or message is a new gift.
  const key = useActionKey({ to: chosen?.ref, message });
  const gift = useMutation(
    trpc.collectibles.gift.mutationOptions({
      onSuccess: (r) => {
        key.done();
        ok(t('giftedTo', { name: r.recipient.name }));
        void qc.invalidateQueries();
        onClose();
      },
      onError: fail,
    }),
  );
  const title = `${edition.collection.title} #${edition.number}`;
  const who = (r: Recipient) => (r.username ? `${r.name} (@${r.username})` : r.name);

  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <div className="sheet gift-sheet" onClick={(x) => x.stopPropagation()} data-testid="gift-sheet">
        {chosen ? (
          <>
            <h3>{t('giftConfirmTitle')}</h3>
            <div className="row" style={{ gap: 12, margin: '12px 0' }}>
              <div style={{ width: 96, flex: 'none' }}>
                <EditionArt slug={edition.collection.slug} number={edition.number} model={edition.model} backdrop={edition.backdrop} symbol={edition.symbol} />
              </div>
              <div className="grow">
                <div className="strong" data-testid="gift-confirm-text">{t('giftConfirm', { item: title, name: who(chosen) })}</div>
                <div className="hint small" style={{ marginTop: 6 }}>{t('giftFinal')}</div>
              </div>
            </div>
            <textarea rows={3} maxLength={280} placeholder={t('giftMessage')} value={message} onChange={(x) => setMessage(x.target.value)} data-testid="gift-message" />
            <div style={{ marginTop: 12 }}>
              <BottomActions
                main={{
                  text: t('giftSend'),
                  busy: gift.isPending,
                  onClick: () => gift.mutate({ editionId: edition.id, recipient: chosen.ref, message: message.trim() || undefined, idempotencyKey: key.key }),
                  testId: 'gift-confirm',
                }}
                secondary={{ text: t('giftChange'), onClick: () => setChosen(null), testId: 'gift-back' }}
              />
            </div>
          </>
        ) : (
          <>
            <h3>{t('giftTitle', { item: title })}</h3>
            <input
              style={{ marginTop: 12 }}
              placeholder={t('giftSearch')}
              value={query}
              autoCapitalize="off"
              autoCorrect="off"
              maxLength={33}
              onChange={(x) => setQuery(x.target.value)}
              data-testid="gift-search"
            />
            <div className="hint small" style={{ margin: '6px 4px 0' }}>{t('giftSearchHint')}</div>
            {found.isPending && <Skeleton lines={4} />}
            {found.data && (
              <>
                <People title={t('giftFound')} people={found.data.found} onPick={setChosen} />
                <People title={t('giftFriends')} people={found.data.friends} onPick={setChosen} />
                <People title={t('giftRecent')} people={found.data.recent} onPick={setChosen} />
                {found.data.found.length + found.data.friends.length + found.data.recent.length === 0 && (
                  <Empty text={q ? t('giftNobody') : t('giftNoFriends')} icon="🎁" />
                )}
              </>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function People({ title, people, onPick }: { title: string; people: Recipient[]; onPick: (r: Recipient) => void }) {
  if (people.length === 0) return null;
  return (
    <div style={{ marginTop: 12 }}>
      <div className="hint small" style={{ margin: '0 4px 6px' }}>{title}</div>
      <div className="list">
        {people.map((r) => (
          <button key={r.ref} className="item recipient" onClick={() => onPick(r)} data-testid="gift-recipient">
            <Avatar name={r.name} url={r.photoUrl} size={36} />
            <div className="grow" style={{ textAlign: 'left' }}>
              <div className="strong">{r.name}</div>
              {r.username && <div className="hint small">@{r.username}</div>}
            </div>
          </button>
        ))}
      </div>
    </div>
  );
}
