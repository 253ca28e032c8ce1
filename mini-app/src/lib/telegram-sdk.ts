// Everything that needs Telegram's SDK. It loads after the first screen has drawn (see telegram.ts): on a slow
// phone the SDK and its validation take a few hundred milliseconds to start, and Home needs none of it.
import {
  addToHomeScreen,
  backButton,
  checkHomeScreenStatus,
  hapticFeedback,
  init,
  miniApp,
  mockTelegramEnv,
  openInvoice,
  openLink,
  openTelegramLink,
  mainButton,
  popup,
  requestPhoneAccess,
  secondaryButton,
  settingsButton,
  shareMessage,
  shareStory,
  themeParams,
  viewport,
} from '@telegram-apps/sdk-react';
import type { BottomButton } from './telegram.ts';

export interface SdkStart {
  initData: string;
  palette: Record<string, string>;
  /** A real Telegram client hosts the app; otherwise the bridge is mocked so SDK calls work in a plain browser. */
  hosted: boolean;
}

export function start({ initData, palette, hosted }: SdkStart) {
  if (!hosted) {
    mockTelegramEnv({
      launchParams: {
        tgWebAppData: initData,
        tgWebAppThemeParams: palette as never,
        tgWebAppVersion: '8.0',
        tgWebAppPlatform: 'tdesktop',
        tgWebAppStartParam: new URLSearchParams(initData).get('start_param') ?? undefined,
      },
      onEvent: (_e, next) => next(),
    });
  }
  try {
    init();
    themeParams.mountSync?.();
    // Live theme changes from here on; the launch's palette is already applied.
    themeParams.bindCssVars?.();
    miniApp.mountSync?.();
    backButton.mount?.();
    if (viewport.mount.isAvailable?.()) void viewport.mount().then(() => viewport.expand?.()).catch(() => {});
  } catch {
    // The SDK may refuse on old clients; the app still works with the launch's palette.
  }
}

export function safe(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

export const close = () => safe(() => miniApp.close());
export const haptic = (kind: 'success' | 'error' | 'tap') =>
  safe(() => (kind === 'tap' ? hapticFeedback.impactOccurred('light') : hapticFeedback.notificationOccurred(kind)));
export const link = (url: string) => safe(() => openLink(url));
export const telegramLink = (url: string) => safe(() => openTelegramLink(url));

export function backButtonOn(onClick: () => void): () => void {
  let off: VoidFunction | undefined;
  safe(() => {
    backButton.show();
    off = backButton.onClick(onClick);
  });
  return () => safe(() => (off?.(), backButton.hide()));
}

export function settingsButtonOn(onClick: () => void): () => void {
  if (!settingsButton.mount.isAvailable()) return () => {};
  let off: VoidFunction | undefined;
  safe(() => {
    if (!settingsButton.isMounted()) settingsButton.mount();
    settingsButton.show();
    off = settingsButton.onClick(onClick);
  });
  return () => safe(() => (off?.(), settingsButton.hide()));
}

export async function confirmPopup(message: string, okText: string): Promise<boolean | null> {
  if (!popup.show.isAvailable()) return null;
  try {
    const id = await popup.show({ message: message.slice(0, 256), buttons: [{ id: 'ok', type: 'default', text: okText.slice(0, 64) }, { type: 'cancel' }] });
    return id === 'ok';
  } catch {
    // A popup already open, or an old client.
    return null;
  }
}

export const invoice = (url: string) => openInvoice(url, 'url');

export function bottomButtons(main: BottomButton, secondary: BottomButton | undefined, tap: () => void): (() => void) | null {
  // setParams is available only once the button is mounted: ask whether it can be, mount, then set.
  if (!mainButton.mount.isAvailable()) return null;
  if (!mainButton.isMounted() && !safe(() => mainButton.mount())) return null;
  const offs: (VoidFunction | undefined)[] = [];
  safe(() => {
    mainButton.setParams({ text: main.text.slice(0, 64), isVisible: true, isEnabled: main.enabled !== false && !main.busy, isLoaderVisible: Boolean(main.busy) });
    offs.push(mainButton.onClick(() => (tap(), main.onClick())));
  });
  if (secondary) {
    safe(() => {
      if (!secondaryButton.mount.isAvailable()) return;
      if (!secondaryButton.isMounted()) secondaryButton.mount();
      secondaryButton.setParams({ text: secondary.text.slice(0, 64), isVisible: true, isEnabled: secondary.enabled !== false && !secondary.busy, position: 'left' });
      offs.push(secondaryButton.onClick(() => (tap(), secondary.onClick())));
    });
  }
  return () => {
    offs.forEach((off) => safe(() => off?.()));
    safe(() => mainButton.setParams({ isVisible: false, isLoaderVisible: false }));
    if (secondary) safe(() => secondaryButton.setParams({ isVisible: false }));
  };
}

export const canShareMessage = () => safe(() => {
  if (!shareMessage.isAvailable()) throw new Error('unsupported');
});

export async function sharePrepared(id: string): Promise<boolean> {
  try {
    await shareMessage(id);
    return true;
  } catch {
    return false;
  }
}

export const canShareStory = () => safe(() => {
  if (!shareStory.isAvailable()) throw new Error('unsupported');
});

export const story = (mediaUrl: string, text: string, link?: { url: string; name: string }) =>
  safe(() => shareStory(mediaUrl, { text: text.slice(0, 200), widgetLink: link ? { url: link.url, name: link.name.slice(0, 48) } : undefined }));

export async function homeScreenMissing(): Promise<boolean> {
  if (!checkHomeScreenStatus.isAvailable() || !addToHomeScreen.isAvailable()) return false;
  try {
    return (await checkHomeScreenStatus()) === 'missed';
  } catch {
    return false;
  }
}

export const addToHome = () => safe(() => addToHomeScreen());

export async function phoneAccess(): Promise<'sent' | 'cancelled' | null> {
  if (!requestPhoneAccess.isAvailable()) return null;
  try {
    return (await requestPhoneAccess()) === 'sent' ? 'sent' : 'cancelled';
  } catch {
    return null;
  }
}
