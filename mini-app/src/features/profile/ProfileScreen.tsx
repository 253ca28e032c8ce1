import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TonConnectButton } from '../../kit/ton.tsx';
import { Avatar, Button, Card, ErrorBox, Section, Skeleton, Switch, Tabs, useFail, useOk } from '../../kit/ui.tsx';
import { icons } from '../../kit/icons.tsx';
import { useUi } from '../../kit/store.ts';
import { formatAmount } from '../../lib/format.ts';
import { i18next } from '../../lib/i18n.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { EditionArt } from '../collectibles/parts.tsx';
import { useShareInvite } from '../../kit/share.ts';
import { AccountDeleted, YourData } from './YourData.tsx';
import { SharePhone } from './SharePhone.tsx';

function LinkRow({ label, onClick, testId }: { label: string; onClick: () => void; testId?: string }) {
  return (
    <div className="item clickable" onClick={onClick} data-testid={testId} style={{ cursor: 'pointer' }}>
      <div className="grow strong">{label}</div>
      <span className="hint">{icons.chevron}</span>
    </div>
  );
}

/** Which kinds of messages the bot may send: switched here, shown as the server has them. */
function BotMessages() {
  const { t } = useTranslation('profile');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const fail = useFail();
  const key = trpc.mailings.consents.queryKey();
  const q = useQuery(trpc.mailings.consents.queryOptions());
  const set = useMutation(
    trpc.mailings.setConsent.mutationOptions({
      // The switch moves at once; the server's answer (or the old state, on an error) settles it.
      onMutate: async ({ category, granted }) => {
        await qc.cancelQueries({ queryKey: key });
        const before = qc.getQueryData(key);
        qc.setQueryData(key, (list) => list?.map((c) => (c.category === category ? { ...c, granted } : c)));
        return { before };
      },
      onSuccess: (list) => qc.setQueryData(key, list),
      onError: (e, _v, ctx) => {
        if (ctx?.before) qc.setQueryData(key, ctx.before);
        fail(e);
      },
    }),
  );
  return (
    <Section title={t('botMessages')}>
      <Card className="list" testId="consents">
        {q.isPending && <Skeleton lines={3} />}
        {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
        {q.data?.map((c) => (
          <Switch
            key={c.category}
            checked={c.granted}
            onChange={(granted) => set.mutate({ category: c.category, granted })}
            label={t(`consent.${c.category}.title`)}
            hint={t(`consent.${c.category}.hint`)}
            testId={`consent-${c.category}`}
          />
        ))}
      </Card>
    </Section>
  );
}

export function ProfileScreen() {
  const { t, i18n } = useTranslation('profile');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useQuery(trpc.profile.me.queryOptions());
  const refs = useQuery(trpc.referrals.summary.queryOptions());
  const collection = useQuery(trpc.collectibles.mine.queryOptions());
  const { push } = useUi();
  const ok = useOk();
  const fail = useFail();
  const [deleted, setDeleted] = useState(false);
  const shareInvite = useShareInvite();
  const setLang = useMutation(
    trpc.profile.update.mutationOptions({
      onSuccess: (p) => {
        qc.setQueryData(trpc.profile.me.queryKey(), p);
        void i18next.changeLanguage(p.language);
        void qc.invalidateQueries();
      },
      onError: fail,
    }),
  );
  // Checked first: once the account is gone its queries are cleared and never fetched again.
  if (deleted) return <AccountDeleted />;
  if (me.isPending) return <Skeleton lines={6} />;
  if (me.isError) return <ErrorBox error={me.error} onRetry={() => me.refetch()} />;
  const p = me.data;
  const lang = i18n.language;
  const link = refs.data?.link ?? p.inviteLink;
  const share = () => void shareInvite(link, t('inviteText'));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      ok(t('copied'));
    } catch {
      fail(new Error('clipboard'));
    }
  };

  return (
    <div>
      <div className="header">
        <Avatar name={`${p.firstName} ${p.lastName ?? ''}`} url={p.photoUrl} size={60} />
        <div className="grow">
          <h1 className="ellipsis">{[p.firstName, p.lastName].filter(Boolean).join(' ')}</h1>
          <div className="hint">{p.username ? `@${p.username}` : `id ${p.telegramId}`}</div>
          {p.invitedBy && <div className="hint small" data-testid="invited-by">{t('invitedBy', { name: p.invitedBy })}</div>}
        </div>
      </div>

      {collection.data && collection.data.some((e) => e.showcased) && (
        <Section title={t('showcase')}>
          <div className="grid3" data-testid="showcase">
            {collection.data.filter((e) => e.showcased).map((e) => (
              <div key={e.id} onClick={() => push({ name: 'edition', id: e.id })} style={{ cursor: 'pointer' }}>
                <EditionArt slug={e.collection.slug} number={e.number} />
                <div className="hint small ellipsis" style={{ marginTop: 4 }}>{e.collection.title} #{e.number}</div>
              </div>
            ))}
          </div>
        </Section>
      )}

      <Section title={t('invite')}>
        <Card>
          <div className="mono" data-testid="invite-link">{link}</div>
          {refs.data && refs.data.rewardPerFriend !== '0' && (
            <div className="hint small" style={{ marginTop: 6 }}>{t('perFriend', { reward: formatAmount('POINTS', refs.data.rewardPerFriend, lang) })}</div>
          )}
          <div className="grid2" style={{ marginTop: 12 }}>
            <Button variant="secondary" onClick={copy}>{t('copy')}</Button>
            <Button onClick={share} testId="share-invite">{t('share')}</Button>
          </div>
        </Card>
        {refs.data && (
          <div className="grid3">
            <div className="stat"><div className="hint small">{t('invited')}</div><div className="v">{refs.data.invited}</div></div>
            <div className="stat"><div className="hint small">{t('active')}</div><div className="v">{refs.data.active}</div></div>
            <div className="stat"><div className="hint small">{t('earned')}</div><div className="v">{formatAmount('POINTS', refs.data.earned, lang)}</div></div>
          </div>
        )}
      </Section>

      {refs.data && refs.data.friends.length > 0 && (
        <Section title={t('friends')}>
          <Card className="list">
            {refs.data.friends.map((f, i) => (
              <div className="item" key={i}>
                <Avatar name={f.name} size={32} />
                <div className="grow ellipsis">{f.name}</div>
                <span className={`pill ${f.activated ? 'ok' : ''}`}>{f.activated ? t('activeFriend') : t('pendingFriend')}</span>
              </div>
            ))}
          </Card>
        </Section>
      )}

      <Section title={t('wallet')}>
        <Card>
          <div className="row between">
            <div className="hint small grow">{t('walletHint')}</div>
            <TonConnectButton />
          </div>
        </Card>
      </Section>

      <Section title={t('language')}>
        <Tabs
          value={p.language}
          onChange={(v) => setLang.mutate({ language: v })}
          options={[
            { value: 'en', label: 'English', testId: 'lang-en' },
            { value: 'ru', label: 'Русский', testId: 'lang-ru' },
          ]}
        />
      </Section>

      <BotMessages />

      <SharePhone />

      <Section>
        <Card className="list">
          <LinkRow label={t('wallet')} onClick={() => push({ name: 'wallet' })} testId="open-wallet" />
          <LinkRow label={t('orders')} onClick={() => push({ name: 'orders' })} testId="open-orders" />
          <LinkRow label={t('history')} onClick={() => push({ name: 'history' })} />
          {p.isAdmin && <LinkRow label={t('admin')} onClick={() => push({ name: 'admin' })} testId="open-admin" />}
        </Card>
      </Section>

      <YourData balances={p.balances} onDeleted={() => setDeleted(true)} />
    </div>
  );
}
