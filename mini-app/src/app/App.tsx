import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { haptic, showBackButton, showSettingsButton } from '../lib/telegram.ts';
import { recordScreen } from '../lib/screen-views.ts';
import { HomeScreenPrompt } from '../kit/home-screen.tsx';
import { icons } from '../kit/icons.tsx';
import { useUi, type Screen, type Tab } from '../kit/store.ts';
import { HomeScreen } from '../features/home/HomeScreen.tsx';
import { TasksScreen } from '../features/tasks/TasksScreen.tsx';
import { LeaderboardScreen } from '../features/leaderboard/LeaderboardScreen.tsx';
import { ProfileScreen } from '../features/profile/ProfileScreen.tsx';
import { HistoryScreen } from '../features/history/HistoryScreen.tsx';
import { ShopScreen } from '../features/shop/ShopScreen.tsx';
import { OrdersScreen } from '../features/shop/OrdersScreen.tsx';
import { WalletScreen } from '../features/wallet/WalletScreen.tsx';
import { CollectScreen } from '../features/collectibles/CollectScreen.tsx';
import { EditionScreen } from '../features/collectibles/EditionScreen.tsx';
import { DropScreen } from '../features/collectibles/DropScreen.tsx';
import { MarketScreen } from '../features/collectibles/MarketScreen.tsx';
import { VerifyScreen } from '../features/collectibles/VerifyScreen.tsx';
import { AdminScreen } from '../features/admin/AdminScreen.tsx';
import { NewsListScreen, PostScreen } from '../features/home/News.tsx';

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
    case 'post':
      return <PostScreen post={screen.post} />;
  }
}

export function App() {
  const { t } = useTranslation();
  const { tab, stack, setTab, pop, toasts, dismiss } = useUi();
  const top = stack[stack.length - 1];

  // Telegram's settings button (in the app's menu) opens the profile, where the settings are.
  useEffect(() => showSettingsButton(() => setTab('profile')), [setTab]);
  // Telegram's BackButton follows the navigation stack.
  useEffect(() => {
    if (top) return showBackButton(pop);
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
      <div className="toasts">
        {toasts.map((x) => (
          <div key={x.id} className={`toast toast-${x.kind}`} data-testid="toast" onClick={() => dismiss(x.id)}>
            {x.text}
          </div>
        ))}
      </div>
    </div>
  );
}
