import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, Empty, ErrorBox, Field, Section, Skeleton, Switch, Tabs, useFail, useOk } from '../../../../kit/ui.tsx';
import { useTRPC } from '../../../../lib/trpc.ts';
import { CsvButton } from '../../kit/CsvButton.tsx';
import { newsIcons } from '../../../home/News.tsx';
import { badUrl, localInput, localized } from '../../kit/index.ts';
import { back, canGoBack, go, useAdminRoute } from '../../kit/route.ts';

type Post = inferRouterOutputs<AppRouter>['admin']['news']['list'][number];
type PostInput = inferRouterInputs<AppRouter>['admin']['news']['save'];
type Kind = Post['kind'];

/** What the form edits: every field as typed; turned into the API's input only when saved. */
const blank = { kind: 'NEWS' as Kind, titleEn: '', titleRu: '', bodyEn: '', bodyRu: '', eventAt: '', imageUrl: '', url: '', pinned: false };
type Form = typeof blank;

const formOf = (p: Post): Form => ({
  kind: p.kind,
  titleEn: p.title.en,
  titleRu: p.title.ru ?? '',
  bodyEn: p.body.en,
  bodyRu: p.body.ru ?? '',
  eventAt: localInput(p.eventAt),
  imageUrl: p.imageUrl ?? '',
  url: p.url ?? '',
  pinned: p.pinned,
});

function inputOf(f: Form, id?: number): PostInput {
  return {
    ...(id ? { id } : {}),
    kind: f.kind,
    title: localized(f.titleEn, f.titleRu),
    body: localized(f.bodyEn, f.bodyRu),
    imageUrl: f.imageUrl.trim() || null,
    url: f.url.trim() || null,
    eventAt: f.kind === 'EVENT' && f.eventAt ? new Date(f.eventAt).toISOString() : null,
    pinned: f.pinned,
  };
}

/** News and events in the back office: write, edit, pin, publish and take back. A post is #/news/<id>. */
export function NewsAdmin() {
  const [writing, setWriting] = useState(false);
  const route = useAdminRoute();
  const open = route.record && /^\d{1,9}$/.test(route.record) ? Number(route.record) : null;
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [writing, open]);
  const toList = () => (canGoBack() ? back() : go({ section: 'news' }));
  // A new post, once saved, is a post like the others: its own link, the list behind it.
  if (writing) return <PostForm onBack={() => setWriting(false)} onCreated={(p) => (setWriting(false), go({ section: 'news', record: String(p.id) }))} />;
  if (open != null) return <OpenPost key={open} id={open} onBack={toList} />;
  return <PostList onNew={() => setWriting(true)} onOpen={(post) => go({ section: 'news', record: String(post.id) })} />;
}

/** A post opened by its link: fetched by its id, however old. */
function OpenPost({ id, onBack }: { id: number; onBack: () => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.news.list.queryOptions({ id }));
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError || !q.data[0])
    return (
      <>
        <Button variant="ghost" small onClick={onBack} testId="news-back">‹ {t('news.back')}</Button>
        {q.isError ? <ErrorBox error={q.error} onRetry={() => q.refetch()} /> : <Empty text={t('news.noSuchPost')} icon="📰" />}
      </>
    );
  return <PostForm post={q.data[0]} onBack={onBack} />;
}

function StatusPill({ post }: { post: Pick<Post, 'publishedAt'> }) {
  const { t } = useTranslation('admin');
  return (
    <span className={`pill ${post.publishedAt ? 'ok' : 'muted'}`} data-testid="news-status">
      {post.publishedAt ? t('news.published') : t('news.draft')}
    </span>
  );
}

function PostList({ onNew, onOpen }: { onNew: () => void; onOpen: (p: Post) => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.news.list.queryOptions());
  const lang = i18n.language;
  const date = (iso: string) => new Date(iso).toLocaleDateString(lang, { day: 'numeric', month: 'short' });
  const when = (iso: string) => new Date(iso).toLocaleString(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  return (
    <>
      <div className="row" style={{ gap: 8, alignItems: 'center' }}>
        <Button onClick={onNew} testId="news-new">{t('news.new')}</Button>
        {q.data && q.data.length > 0 && (
          <CsvButton
            name="news"
            testId="news-csv"
            rows={() => q.data}
            columns={[
              { header: t('news.col.id'), value: (p) => String(p.id) },
              { header: t('news.col.title'), value: (p) => p.title.en },
              { header: t('news.col.kind'), value: (p) => p.kind },
              { header: t('news.col.pinned'), value: (p) => (p.pinned ? 'yes' : '') },
              { header: t('news.col.eventAt'), value: (p) => p.eventAt ?? '' },
              { header: t('news.col.created'), value: (p) => p.createdAt },
              { header: t('news.col.published'), value: (p) => p.publishedAt ?? '' },
            ]}
          />
        )}
      </div>
      <Section title={t('news.list')}>
        {q.isPending && <Skeleton lines={5} />}
        {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
        {q.isSuccess && q.data.length === 0 && <Empty text={t('news.none')} icon="📰" />}
        {q.data?.map((p) => (
          <Card key={p.id} onClick={() => onOpen(p)} testId={`news-post-${p.id}`}>
            <div className="row" style={{ alignItems: 'flex-start' }}>
              <div className="grow">
                <div className="strong clamp2">
                  {p.pinned && <span className="accent" title={t('news.pinnedMark')} aria-label={t('news.pinnedMark')}>{newsIcons.pin} </span>}
                  {(lang === 'ru' && p.title.ru) || p.title.en}
                </div>
                <div className="hint small" style={{ marginTop: 2 }}>
                  {t(`news.kind.${p.kind}`)}
                  {p.kind === 'EVENT' && p.eventAt && <> · {newsIcons.calendar} {when(p.eventAt)}</>}
                  {' · '}
                  {p.publishedAt ? t('news.publishedOn', { date: date(p.publishedAt) }) : t('news.createdOn', { date: date(p.createdAt) })}
                </div>
              </div>
              <StatusPill post={p} />
            </div>
          </Card>
        ))}
      </Section>
    </>
  );
}

function PostForm({ post: initial, onBack, onCreated }: { post?: Post; onBack: () => void; onCreated?: (p: Post) => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  // The post as the server has it once saved: the form stays open on it, to publish or keep editing.
  const [post, setPost] = useState<Post | undefined>(initial);
  const [form, setForm] = useState<Form>(() => (initial ? formOf(initial) : blank));
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const text = (k: 'titleEn' | 'titleRu' | 'bodyEn' | 'bodyRu' | 'eventAt' | 'imageUrl' | 'url') => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => set(k, e.target.value),
  });

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.admin.news.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.news.pathKey() });
  };
  const settle = (p: Post) => {
    setPost(p);
    setForm(formOf(p));
    refresh();
  };
  const save = useMutation(trpc.admin.news.save.mutationOptions({ onError: fail }));
  const publish = useMutation(trpc.admin.news.publish.mutationOptions({ onError: fail }));
  const unpublish = useMutation(trpc.admin.news.unpublish.mutationOptions({ onError: fail }));

  const bad = badUrl;
  const imageBad = bad(form.imageUrl);
  const urlBad = bad(form.url);
  const whenMissing = form.kind === 'EVENT' && !form.eventAt;
  const incomplete = !form.titleEn.trim() || !form.bodyEn.trim() || whenMissing || imageBad || urlBad;
  const dirty = !post || JSON.stringify(formOf(post)) !== JSON.stringify(form);
  const busy = save.isPending || publish.isPending || unpublish.isPending;

  const onSave = async () => {
    const p = await save.mutateAsync(inputOf(form, post?.id));
    settle(p);
    ok(p.publishedAt ? t('news.savedLive') : t('news.saved'));
    return p;
  };
  // Publishing saves what is typed first, so what goes out is what the admin sees.
  const onPublish = async () => {
    const saved = dirty ? await onSave() : post!;
    const published = await publish.mutateAsync({ id: saved.id });
    settle(published);
    ok(t('news.publishedToast'));
    return published;
  };
  const onUnpublish = async () => {
    settle(await unpublish.mutateAsync({ id: post!.id }));
    ok(t('news.unpublishedToast'));
  };
  // A new post goes to its own link once the whole action is done (saved, or saved and published).
  const quiet = (f: () => Promise<Post | void>) => () =>
    void f()
      .then((p) => p && !initial && onCreated?.(p))
      .catch(() => {});
  const lang = i18n.language;

  return (
    <div data-testid="news-form">
      <Button variant="ghost" small onClick={onBack} testId="news-back">‹ {t('news.back')}</Button>
      <div className="row" style={{ margin: '6px 4px 10px' }}>
        <h3 className="grow">{post ? t('news.editTitle') : t('news.newTitle')}</h3>
        {post && <StatusPill post={post} />}
      </div>
      {post?.publishedAt && (
        <div className="hint small" style={{ margin: '-4px 4px 10px' }}>
          {t('news.liveSince', { date: new Date(post.publishedAt).toLocaleString(lang, { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }) })}
        </div>
      )}
      <Card>
        <Tabs
          value={form.kind}
          onChange={(v) => set('kind', v)}
          options={[
            { value: 'NEWS', label: t('news.kind.NEWS'), testId: 'news-kind-NEWS' },
            { value: 'EVENT', label: t('news.kind.EVENT'), testId: 'news-kind-EVENT' },
          ]}
        />
        {form.kind === 'EVENT' && (
          <>
            <Field label={t('news.eventAt')}>
              <input type="datetime-local" {...text('eventAt')} data-testid="news-event-at" />
            </Field>
            <div className={`small ${whenMissing ? 'danger' : 'hint'}`} style={{ margin: '6px 4px 0' }}>{t('news.eventAtHint')}</div>
          </>
        )}
        <Field label={t('news.titleEn')}>
          <input {...text('titleEn')} maxLength={200} data-testid="news-title-en" />
        </Field>
        <Field label={t('news.titleRu')}>
          <input {...text('titleRu')} maxLength={200} data-testid="news-title-ru" />
        </Field>
      </Card>

      <Section title={t('news.text')}>
        <Card>
          <Field label={t('news.bodyEn')}>
            <textarea {...text('bodyEn')} rows={5} maxLength={4000} data-testid="news-body-en" />
          </Field>
          <Field label={t('news.bodyRu')}>
            <textarea {...text('bodyRu')} rows={4} maxLength={4000} data-testid="news-body-ru" />
          </Field>
          <div className="hint small" style={{ margin: '6px 4px 0' }}>{t('news.ruHint')}</div>
        </Card>
      </Section>

      <Section title={t('news.extras')}>
        <Card>
          <Field label={t('news.imageUrl')}>
            <input {...text('imageUrl')} type="url" inputMode="url" placeholder="https://" maxLength={1000} data-testid="news-image-url" />
          </Field>
          {imageBad && <div className="small danger" style={{ margin: '6px 4px 0' }}>{t('news.urlInvalid')}</div>}
          <Field label={t('news.url')}>
            <input {...text('url')} type="url" inputMode="url" placeholder="https://" maxLength={1000} data-testid="news-url" />
          </Field>
          <div className={`small ${urlBad ? 'danger' : 'hint'}`} style={{ margin: '6px 4px 0' }}>{urlBad ? t('news.urlInvalid') : t('news.urlHint')}</div>
          <Switch checked={form.pinned} onChange={(v) => set('pinned', v)} label={t('news.pinned')} hint={t('news.pinnedHint')} testId="news-pinned" />
        </Card>
      </Section>

      <div style={{ display: 'grid', gap: 8, marginTop: 14 }}>
        <div className="grid2" style={{ gridTemplateColumns: '2fr 3fr' }}>
          <Button variant="secondary" onClick={onBack}>{t('common:cancel')}</Button>
          <Button variant={post?.publishedAt ? 'primary' : 'secondary'} disabled={incomplete || !dirty} busy={save.isPending} onClick={quiet(onSave)} testId="news-save">
            {post ? t('news.saveChanges') : t('news.save')}
          </Button>
        </div>
        {!post?.publishedAt ? (
          <Button disabled={incomplete || busy} busy={publish.isPending} onClick={quiet(onPublish)} testId="news-publish">
            {dirty ? t('news.saveAndPublish') : t('news.publish')}
          </Button>
        ) : (
          <Button variant="danger" disabled={busy} busy={unpublish.isPending} onClick={quiet(onUnpublish)} testId="news-unpublish">
            {t('news.unpublish')}
          </Button>
        )}
        <div className="hint small" style={{ margin: '0 4px' }}>{post?.publishedAt ? t('news.unpublishHint') : t('news.publishHint')}</div>
      </div>
    </div>
  );
}
