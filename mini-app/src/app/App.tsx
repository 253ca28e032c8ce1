import { useEffect, type ComponentType } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { haptic, markReady, showBackButton, showSettingsButton } from '../lib/telegram.ts';
import { recordScreen } from '../lib/screen-views.ts';
import { HomeScreenPrompt } from '../kit/home-screen.tsx';
import { useTRPC } from '../lib/trpc.ts';
import { icons } from '../kit/icons.tsx';
import { loadable, prefetch } from '../kit/lazy.tsx';
import { whenIdle } from '../lib/idle.ts';
import { preloadTonConnect, withTonConnect } from '../kit/ton.tsx';
import { useUi, type Screen, type Tab } from '../kit/store.ts';
import { Toaster } from '../kit/ui.tsx';
import { HomeScreen } from '../features/home/HomeScreen.tsx';
import { NewsListScreen, PostScreen } from '../features/home/News.tsx';
import { preloadStrings } from './translations.ts';

// Home is in the first chunk; every other screen is its own, with its feature's strings (ns), fetched when
// the first screen is idle.
const screen = <P extends object>(load: () => Promise<ComponentType<P>>, ...ns: string[]) =>
  loadable<P>(async () => (await Promise.all([load(), preloadStrings(...ns)]))[0]);
const TasksScreen = screen(() => import('../features/tasks/TasksScreen.tsx').then((m) => m.TasksScreen), 'tasks');
const LeaderboardScreen = screen(() => import('../features/leaderboard/LeaderboardScreen.tsx').then((m) => m.LeaderboardScreen), 'leaderboard');
const ProfileScreen = screen(() => import('../features/profile/ProfileScreen.tsx').then((m) => m.ProfileScreen), 'profile');
const HistoryScreen = screen(() => import('../features/history/HistoryScreen.tsx').then((m) => m.HistoryScreen), 'history');
const ShopScreen = screen(() => import('../features/shop/ShopScreen.tsx').then((m) => m.ShopScreen), 'shop');
const OrdersScreen = screen(() => import('../features/shop/OrdersScreen.tsx').then((m) => m.OrdersScreen), 'shop');
const CollectScreen = screen(() => import('../features/collectibles/CollectScreen.tsx').then((m) => m.CollectScreen), 'collect');
const EditionScreen = screen(() => import('../features/collectibles/EditionScreen.tsx').then((m) => m.EditionScreen), 'collect');
const DropScreen = screen(() => import('../features/collectibles/DropScreen.tsx').then((m) => m.DropScreen), 'collect', 'shop');
const MarketScreen = screen(() => import('../features/collectibles/MarketScreen.tsx').then((m) => m.MarketScreen), 'collect');
const VerifyScreen = screen(() => import('../features/collectibles/VerifyScreen.tsx').then((m) => m.VerifyScreen), 'collect');
const CalendarScreen = screen(() => import('../features/calendar/CalendarScreen.tsx').then((m) => m.CalendarScreen), 'calendar');
const WalletScreen = withTonConnect(async () => (await Promise.all([import('../features/wallet/WalletScreen.tsx'), preloadStrings('wallet')]))[0].WalletScreen);
// The back office and its strings, for admins only; its sections load tab by tab (features/admin/sections).
const AdminScreen = screen(() => import('../features/admin/AdminScreen.tsx').then((m) => m.AdminScreen), 'admin');
const AdminStart = { preload: () => import('../features/admin/sections/overview/OverviewSection.tsx') };

/** The event a bot's reminder opened the app on (`?event=<id>`), if any. */
function eventFromUrl(): number | null {
  const raw = new URLSearchParams(location.search).get('event');
  return raw && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}

let eventOpened = false;

const TABS: Tab[] = ['home', 'tasks', 'shop', 'collect', 'top', 'profile'];

function TabScreen({ tab }: { tab: Tab }) {
  switch (tab) {
    case 'home':
      return <HomeScreen />;
    case 'tasks':
      return <TasksScreen />;
    case 'shop':
      return <ShopScreen />;
    case 'collect':
      return <CollectScreen />;
    case 'top':
      return <LeaderboardScreen />;
    case 'profile':
      return <ProfileScreen />;
  }
}

function Pushed({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'history':
      return <HistoryScreen />;
    case 'orders':
      return <OrdersScreen />;
    case 'wallet':
      return <WalletScreen />;
    case 'admin':
      return <AdminScreen />;
    case 'market':
      return <MarketScreen />;
    case 'edition':
      return <EditionScreen id={screen.id} />;
    case 'drop':
      return <DropScreen id={screen.id} />;
    case 'verify':
      return <VerifyScreen dropId={screen.dropId} />;
    case 'news':
      return <NewsListScreen />;
    case 'calendar':
      return <CalendarScreen focus={screen.focus} />;
    case 'post':
      return <PostScreen post={screen.post} />;
  }
}

export function App() {
  const { t } = useTranslation();
  const { tab, stack, setTab, pop } = useUi();
  const top = stack[stack.length - 1];
  const trpc = useTRPC();
  const isAdmin = useQuery(trpc.profile.me.queryOptions()).data?.isAdmin ?? false;

  // The shell has drawn: Telegram may show the app, and the splash in index.html gives way.
  useEffect(() => markReady(), []);
  // Opened from an event reminder: straight to the calendar, on that event.
  useEffect(() => {
    const focus = eventFromUrl();
    if (!focus || eventOpened) return;
    eventOpened = true;
    useUi.getState().push({ name: 'calendar', focus });
  }, []);
  // Then, quietly, the screens one tap away, so navigation does not wait on the network.
  useEffect(() => whenIdle(() => prefetch(TasksScreen, ShopScreen, CollectScreen, LeaderboardScreen, ProfileScreen, HistoryScreen, CalendarScreen)), []);
  useEffect(() => (isAdmin ? whenIdle(() => prefetch(AdminScreen, AdminStart)) : undefined), [isAdmin]);
  // TON Connect when a payment or the wallet is one tap away.
  const tonSoon = top ? ['drop', 'wallet'].includes(top.name) : tab === 'shop' || tab === 'profile';
  useEffect(() => (tonSoon ? whenIdle(() => void preloadTonConnect().catch(() => {})) : undefined), [tonSoon]);

  // Telegram's settings button (in the app's menu) opens the profile, where the settings are.
  useEffect(() => showSettingsButton(() => setTab('profile')), [setTab]);
  // Telegram's BackButton follows the navigation stack.
  useEffect(() => {
    if (top) return showBackButton(() => useUi.getState().back?.() || pop());
  }, [top, pop]);
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [tab, stack.length]);
  // Every screen change (the first screen too) is a view for the navigation analytics.
  useEffect(() => recordScreen(top ? top.name : tab), [tab, top]);

  return (
    <div className="app">
      <main className="content">
        <HomeScreenPrompt />
        {top ? <Pushed screen={top} /> : <TabScreen tab={tab} />}
      </main>
      <nav className="tabbar">
        {TABS.map((name) => (
          <button
            key={name}
            className={name === tab && !top ? 'active' : ''}
            data-testid={`tab-${name === 'top' ? 'leaderboard' : name}`}
            onClick={() => {
              haptic.tap();
              setTab(name);
            }}
          >
            {icons[name]}
            <span>{t(`tabs.${name}`)}</span>
          </button>
        ))}
      </nav>
      <Toaster />
    </div>
  );
}
