import { useState } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, ErrorBox, Section, Skeleton } from '../../kit/ui.tsx';
import { useUi, type NewsPost } from '../../kit/store.ts';
import { openExternal } from '../../lib/telegram.ts';
import { useTRPC } from '../../lib/trpc.ts';

const DAY = 86_400_000;

const svg = { width: 13, height: 13, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2.2, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const, 'aria-hidden': true, className: 'inline-icon' };
/** Small line icons (emoji depend on the device's fonts). */
export const newsIcons = {
  pin: <svg {...svg}><path d="M12 17v5" /><path d="M9 3h6l-1 7 4 3v2H6v-2l4-3z" /></svg>,
  calendar: <svg {...svg}><rect x="3" y="5" width="18" height="16" rx="2" /><path d="M16 3v4M8 3v4M3 10h18" /></svg>,
};

/** A post's text on one run: line breaks become spaces, for a two-line preview. */
const flat = (text: string) => text.replace(/\s*\n+\s*/g, ' ');

/** "12 Jun" (with the year when it is not this one). */
function shortDate(iso: string, lang: string) {
  const d = new Date(iso);
  const year = d.getFullYear() !== new Date().getFullYear() ? { year: 'numeric' as const } : {};
  return d.toLocaleDateString(lang, { day: 'numeric', month: 'short', ...year });
}

/** "Saturday, 14 June, 18:00": an event's time in the participant's locale. */
export function eventDate(iso: string, lang: string) {
  return new Date(iso).toLocaleString(lang, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}

/** "in 3 days", "tomorrow", "in 5 hours": how far off an event is. */
export function fromNow(iso: string, lang: string, now = Date.now()) {
  const at = new Date(iso).getTime();
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const diff = at - now;
  if (Math.abs(diff) < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (Math.abs(diff) < 12 * 3_600_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  const midnight = (t: number) => new Date(new Date(t).toDateString()).getTime();
  return rtf.format(Math.round((midnight(at) - midnight(now)) / DAY), 'day');
}

/** A calendar leaf: the month above, the day below. */
export function DateTile({ iso, lang }: { iso: string; lang: string }) {
  const d = new Date(iso);
  return (
    <div className="date-tile" aria-hidden="true">
      <div className="m">{d.toLocaleDateString(lang, { month: 'short' }).replace('.', '')}</div>
      <div className="d">{d.getDate()}</div>
    </div>
  );
}

/** The image a post carries; it steps aside when it cannot be loaded. */
function PostImage({ url, className }: { url: string; className: string }) {
  const [broken, setBroken] = useState(false);
  if (broken) return null;
  return <img className={className} src={url} alt="" loading="lazy" onError={() => setBroken(true)} />;
}

/** The next event, highlighted: when it is and how soon. */
export function EventCard({ post, next }: { post: NewsPost; next?: boolean }) {
  const { t, i18n } = useTranslation('home');
  const { push } = useUi();
  const lang = i18n.language;
  return (
    <Card className="event-card" onClick={() => push({ name: 'post', post })} testId="news-event">
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <DateTile iso={post.eventAt!} lang={lang} />
        <div className="grow">
          <div className="eyebrow">{next ? t('news.upcoming') : t('news.kind.EVENT')} · {fromNow(post.eventAt!, lang)}</div>
          <div className="strong clamp2" style={{ marginTop: 2 }}>{post.title}</div>
          <div className="hint small" style={{ marginTop: 2 }}>{newsIcons.calendar} {eventDate(post.eventAt!, lang)}</div>
        </div>
      </div>
    </Card>
  );
}

/** A post in a list: title, its first lines and when. */
export function NewsCard({ post }: { post: NewsPost }) {
  const { t, i18n } = useTranslation('home');
  const { push } = useUi();
  const lang = i18n.language;
  return (
    <Card className="news-card" onClick={() => push({ name: 'post', post })} testId="news-item">
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <div className="grow">
          <div className="hint small news-meta">
            {post.pinned && <span className="pin">{newsIcons.pin} {t('news.pinned')}</span>}
            {post.kind === 'EVENT' && post.eventAt ? <span>{newsIcons.calendar} {shortDate(post.eventAt, lang)}</span> : <span>{shortDate(post.publishedAt, lang)}</span>}
          </div>
          <div className="strong clamp2">{post.title}</div>
          <div className="hint small clamp2 news-preview">{flat(post.body)}</div>
        </div>
        {post.imageUrl && <PostImage url={post.imageUrl} className="news-thumb" />}
      </div>
    </Card>
  );
}

const unique = (posts: NewsPost[]) => posts.filter((p, i) => posts.findIndex((q) => q.id === p.id) === i);

/** Home's news: the next event, pinned posts and the newest few; nothing at all when there is nothing to read. */
export function NewsSection() {
  const { t } = useTranslation('home');
  const trpc = useTRPC();
  const { push } = useUi();
  const q = useQuery(trpc.news.feed.queryOptions({ limit: 3 }));
  if (!q.data) return null;
  const next = q.data.upcoming[0];
  const rest = unique([...q.data.pinned, ...q.data.items]).filter((p) => p.id !== next?.id);
  if (!next && rest.length === 0) return null;
  return (
    <div data-testid="news-section">
      <Section
        title={t('news.title')}
        action={
          <button className="link-btn" onClick={() => push({ name: 'news' })} data-testid="news-all">
            {t('news.all')}
          </button>
        }
      >
        {next && <EventCard post={next} next />}
        {rest.map((p) => (
          <NewsCard key={p.id} post={p} />
        ))}
      </Section>
    </div>
  );
}

/** Every published post, newest first, a page at a time; events to come and pinned posts on top. */
export function NewsListScreen() {
  const { t } = useTranslation('home');
  const trpc = useTRPC();
  const { push } = useUi();
  const q = useInfiniteQuery(trpc.news.feed.infiniteQueryOptions({ limit: 20 }, { getNextPageParam: (p) => p.nextCursor ?? undefined }));
  const first = q.data?.pages[0];
  const upcoming = first?.upcoming ?? [];
  const pinned = (first?.pinned ?? []).filter((p) => !upcoming.some((u) => u.id === p.id));
  const shown = new Set([...upcoming, ...pinned].map((p) => p.id));
  const items = unique(q.data?.pages.flatMap((p) => p.items) ?? []).filter((p) => !shown.has(p.id));
  return (
    <div data-testid="news-list">
      <h1>{t('news.title')}</h1>
      <button className="link-btn" style={{ margin: '0 2px 10px' }} onClick={() => push({ name: 'calendar' })} data-testid="news-calendar">
        {newsIcons.calendar} {t('news.calendarLink')} ›
      </button>
      {q.isPending && <Skeleton lines={8} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.data && upcoming.length + pinned.length + items.length === 0 && <Empty text={t('news.empty')} icon="📰" />}
      {upcoming.length > 0 && (
        <Section title={t('news.comingUp')}>
          {upcoming.map((p, i) => (
            <EventCard key={p.id} post={p} next={i === 0} />
          ))}
        </Section>
      )}
      {pinned.length > 0 && (
        <Section title={t('news.pinnedTitle')}>
          {pinned.map((p) => (
            <NewsCard key={p.id} post={p} />
          ))}
        </Section>
      )}
      {items.length > 0 && (
        <Section title={t('news.latest')}>
          {items.map((p) => (
            <NewsCard key={p.id} post={p} />
          ))}
        </Section>
      )}
      {q.hasNextPage && (
        <Button variant="secondary" busy={q.isFetchingNextPage} onClick={() => q.fetchNextPage()} testId="news-more">
          {t('news.more')}
        </Button>
      )}
    </div>
  );
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
};

/** One post in full: the whole text as written, its picture, the event's time and its link. */
export function PostScreen({ post }: { post: NewsPost }) {
  const { t, i18n } = useTranslation('home');
  const lang = i18n.language;
  const upcoming = post.eventAt && new Date(post.eventAt).getTime() > Date.now();
  return (
    <article className="post" data-testid="news-post">
      <div className="row" style={{ gap: 6, marginBottom: 8 }}>
        <span className="pill">{t(`news.kind.${post.kind}`)}</span>
        {post.pinned && <span className="pill muted">{newsIcons.pin} {t('news.pinned')}</span>}
      </div>
      <h1 data-testid="news-post-title">{post.title}</h1>
      <div className="hint small post-date">{t('news.published', { date: new Date(post.publishedAt).toLocaleDateString(lang, { day: 'numeric', month: 'long', year: 'numeric' }) })}</div>
      {post.imageUrl && <PostImage url={post.imageUrl} className="post-image" />}
      {post.eventAt && (
        <Card className="event-card" testId="news-post-when">
          <div className="row">
            <DateTile iso={post.eventAt} lang={lang} />
            <div className="grow">
              <div className="eyebrow">{upcoming ? `${t('news.when')} · ${fromNow(post.eventAt, lang)}` : t('news.past')}</div>
              <div className="strong" style={{ marginTop: 2 }}>{eventDate(post.eventAt, lang)}</div>
            </div>
          </div>
        </Card>
      )}
      <Card>
        <div className="post-body" data-testid="news-post-body">{post.body}</div>
      </Card>
      {post.url && (
        <>
          <Button onClick={() => openExternal(post.url!)} testId="news-open-link">
            {t('news.openLink')} ↗
          </Button>
          <div className="hint small" style={{ textAlign: 'center', marginTop: 6 }}>{hostOf(post.url)}</div>
        </>
      )}
    </article>
  );
}
