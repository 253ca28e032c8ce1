import { StrictMode, useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { useQuery } from '@tanstack/react-query';
import { App } from './app/App.tsx';
import { bootTelegram, NotInTelegramError, type Launch } from './lib/telegram.ts';
import { i18next, pickLanguage } from './lib/i18n.ts';
import { setupI18n } from './app/translations.ts';
import { adoptEarlyAnswers, makeClients, TRPCProvider, useTRPC, useTRPCClient } from './lib/trpc.ts';
import { startScreenViews } from './lib/screen-views.ts';
import { keepHomeCache, restoreHomeCache, userOf } from './lib/home-cache.ts';
import { applyBrowserTheme } from './lib/telegram.ts';
// The console (and the back office it holds) is its own chunk: participants never download it.
import { isConsoleLaunch } from './features/console/launch.ts';
import './styles.css';

/** Switches i18n to the language the participant chose, once the profile is known. */
function LanguageSync({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.profile.me.queryOptions());
  useEffect(() => {
    if (me.data && i18next.language !== me.data.language) void i18next.changeLanguage(me.data.language);
  }, [me.data?.language]);
  return <>{children}</>;
}

/** The mailing whose button opened the app (`?mailing=<id>`), if any. */
function mailingFromUrl(): number | null {
  const raw = new URLSearchParams(location.search).get('mailing');
  if (!raw || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= 2_147_483_647 ? id : null;
}

let mailingOpenReported = false;

/** Once signed in, tells the server the app was opened from a mailing's button (for its open rate). Once a launch. */
function MailingOpen() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const me = useQuery(trpc.profile.me.queryOptions());
  useEffect(() => {
    if (!me.isSuccess || mailingOpenReported) return;
    const mailingId = mailingFromUrl();
    if (!mailingId) return;
    mailingOpenReported = true;
    // Fire and forget: an open that is not counted never bothers the participant.
    client.mailings.opened.mutate({ mailingId }).catch(() => {});
  }, [me.isSuccess]);
  return null;
}

function Root({ launch }: { launch: Launch }) {
  const [{ queryClient, trpcClient }] = useState(() => {
    const clients = makeClients(launch.initData);
    // Last visit's Home first (drawn at once, marked stale), then the answers index.html asked for.
    restoreHomeCache(clients.queryClient, userOf(launch.initData));
    adoptEarlyAnswers(clients.queryClient, clients.trpcClient);
    return clients;
  });
  useEffect(() => startScreenViews(launch.initData), [launch.initData]);
  useEffect(() => keepHomeCache(queryClient, userOf(launch.initData)), [queryClient, launch.initData]);
  // TON Connect is not here: it loads with the screens that need it (kit/ton.tsx).
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <LanguageSync>
          <MailingOpen />
          <App />
        </LanguageSync>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

async function start() {
  const root = createRoot(document.getElementById('root')!);
  if (isConsoleLaunch()) {
    const query = new URLSearchParams(location.search);
    await setupI18n(pickLanguage(query.get('lang') ?? navigator.language));
    applyBrowserTheme(query.get('theme') === 'dark' ? 'dark' : 'light');
    const [{ ConsoleRoot }] = await Promise.all([import('./features/console/ConsoleRoot.tsx'), i18next.loadNamespaces(['console', 'admin'])]);
    root.render(
      <StrictMode>
        <ConsoleRoot />
      </StrictMode>,
    );
    return;
  }
  try {
    const launch = await bootTelegram();
    await setupI18n(pickLanguage(new URLSearchParams(location.search).get('lang') ?? launch.userLanguage));
    root.render(
      <StrictMode>
        <Root launch={launch} />
      </StrictMode>,
    );
    keepShellOnDevice();
  } catch (e) {
    await setupI18n(pickLanguage(navigator.language));
    const t = i18next.t;
    if (!(e instanceof NotInTelegramError)) console.error(e);
    root.render(
      <div className="not-in-telegram">
        <div className="empty-icon">📱</div>
        <h1>{t('openInTelegram.title')}</h1>
        <p>{t('openInTelegram.body')}</p>
      </div>,
    );
  }
}

/**
 * The service worker (built by vite-plugin-pwa) keeps index.html and Home's scripts on the device, so the next
 * launch draws without waiting for the network. Registered once the first screen is up, never in development.
 */
function keepShellOnDevice() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => {});
  if (document.readyState === 'complete') setTimeout(register, 2000);
  else addEventListener('load', () => setTimeout(register, 2000), { once: true });
}

void start();
