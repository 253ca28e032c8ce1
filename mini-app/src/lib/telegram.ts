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

export type ThemeName = 'light' | 'dark';

export interface Launch {
  initData: string;
  userLanguage: string | null;
  startParam: string | null;
  theme: ThemeName;
}

// Telegram's own default palettes, used when the app runs outside Telegram (development, browser tests).
const PALETTES: Record<ThemeName, Record<string, string>> = {
  light: {
    bg_color: '#ffffff',
    secondary_bg_color: '#f1f1f4',
    text_color: '#000000',
    hint_color: '#8e8e93',
    link_color: '#2481cc',
    button_color: '#2481cc',
    button_text_color: '#ffffff',
    header_bg_color: '#ffffff',
    accent_text_color: '#2481cc',
    section_bg_color: '#ffffff',
    section_header_text_color: '#6d6d72',
    subtitle_text_color: '#8e8e93',
    destructive_text_color: '#e53935',
  },
  dark: {
    bg_color: '#17212b',
    secondary_bg_color: '#0e1621',
    text_color: '#f5f5f5',
    hint_color: '#708499',
    link_color: '#6ab3f3',
    button_color: '#5288c1',
    button_text_color: '#ffffff',
    header_bg_color: '#17212b',
    accent_text_color: '#6ab2f2',
    section_bg_color: '#17212b',
    section_header_text_color: '#6ab3f3',
    subtitle_text_color: '#708499',
    destructive_text_color: '#ec3942',
  },
};

export class NotInTelegramError extends Error {}

/** Whether a real Telegram client hosts the app (decided at boot, before the mock makes it look so). */
let hostedByTelegram = false;

function isRealTelegram(): boolean {
  const w = window as unknown as { TelegramWebviewProxy?: unknown; external?: { notify?: unknown } };
  return Boolean(w.TelegramWebviewProxy) || window.parent !== window || typeof w.external?.notify === 'function';
}

function luminance(hex: string): number {
  const n = parseInt(hex.replace('#', ''), 16);
  return ((n >> 16) & 255) * 0.299 + ((n >> 8) & 255) * 0.587 + (n & 255) * 0.114;
}

function applyCssVars(params: Record<string, string>) {
  const root = document.documentElement.style;
  for (const [k, v] of Object.entries(params)) root.setProperty(`--tg-theme-${k.replace(/_/g, '-')}`, v);
}

/**
 * Reads the launch parameters Telegram puts in the URL hash. Outside Telegram in development the
 * server signs initData with its dev bot token (GET /dev/init-data; absent in production), and the
 * Telegram bridge is mocked so SDK calls work in a plain browser.
 */
export async function bootTelegram(): Promise<Launch> {
  const hash = new URLSearchParams(location.hash.slice(1));
  const query = new URLSearchParams(location.search);
  let raw = hash.get('tgWebAppData');
  let themeJson = hash.get('tgWebAppThemeParams');
  if (!raw) {
    const params = new URLSearchParams({
      telegramId: query.get('tid') ?? '100001',
      firstName: query.get('name') ?? 'Dev',
      language: query.get('lang') ?? navigator.language.slice(0, 2),
      startParam: query.get('start') ?? '',
    });
    const res = await fetch(`/dev/init-data?${params}`).catch(() => null);
    if (!res?.ok) throw new NotInTelegramError();
    raw = ((await res.json()) as { initData: string }).initData;
  }
  let palette = PALETTES[query.get('theme') === 'dark' ? 'dark' : 'light'];
  if (themeJson) {
    try {
      palette = { ...palette, ...JSON.parse(themeJson) };
    } catch {
      themeJson = null;
    }
  }
  hostedByTelegram = isRealTelegram();
  if (!hostedByTelegram) {
    mockTelegramEnv({
      launchParams: {
        tgWebAppData: raw,
        tgWebAppThemeParams: palette as never,
        tgWebAppVersion: '8.0',
        tgWebAppPlatform: 'tdesktop',
        tgWebAppStartParam: new URLSearchParams(raw).get('start_param') ?? undefined,
      },
      onEvent: (_e, next) => next(),
    });
  }
  try {
    init();
    themeParams.mountSync?.();
    themeParams.bindCssVars?.();
    miniApp.mountSync?.();
    backButton.mount?.();
    if (viewport.mount.isAvailable?.()) void viewport.mount().then(() => viewport.expand?.()).catch(() => {});
  } catch {
    // The SDK may refuse on old clients; the app still works with the palette below.
  }
  applyCssVars(palette);
  const theme: ThemeName = luminance(palette.bg_color ?? '#ffffff') < 128 ? 'dark' : 'light';
  document.documentElement.dataset.theme = theme;
  const data = new URLSearchParams(raw);
  let userLanguage: string | null = null;
  try {
    userLanguage = (JSON.parse(data.get('user') ?? '{}') as { language_code?: string }).language_code ?? null;
  } catch {
    userLanguage = null;
  }
  return { initData: raw, userLanguage, startParam: data.get('start_param'), theme };
}

/** Telegram's palette outside Telegram (the back office in a desktop browser): the app's colours without the bridge. */
export function applyBrowserTheme(theme: ThemeName) {
  applyCssVars(PALETTES[theme]);
  document.documentElement.dataset.theme = theme;
}

let readySent = false;

/** Tells Telegram the first screen can draw, so it drops its placeholder; once a launch. */
export function markReady() {
  if (readySent) return;
  readySent = true;
  safe(() => miniApp.ready());
}

export const haptic = {
  success: () => safe(() => hapticFeedback.notificationOccurred('success')),
  error: () => safe(() => hapticFeedback.notificationOccurred('error')),
  tap: () => safe(() => hapticFeedback.impactOccurred('light')),
};

export function showBackButton(onClick: () => void): () => void {
  let off: VoidFunction | undefined;
  safe(() => {
    backButton.show();
    off = backButton.onClick(onClick);
  });
  return () => safe(() => {
    off?.();
    backButton.hide();
  });
}

export function openExternal(url: string) {
  if (!safe(() => openLink(url))) window.open(url, '_blank', 'noopener');
}

/** Whether the app runs inside a real Telegram client (not the development mock). */
export const isHostedByTelegram = () => hostedByTelegram;

/** Closes the Mini App inside Telegram; false outside it (nothing to close). */
export function closeApp(): boolean {
  return hostedByTelegram && safe(() => miniApp.close());
}

export function openTg(url: string) {
  if (!safe(() => openTelegramLink(url))) window.open(url, '_blank', 'noopener');
}

/**
 * Asks a yes/no question: Telegram's native popup inside Telegram, the browser's confirm dialog outside it
 * (the mocked bridge never answers a popup). Resolves true when the person agreed.
 */
export async function confirmAction(message: string, okText: string): Promise<boolean> {
  if (hostedByTelegram && popup.show.isAvailable()) {
    try {
      const id = await popup.show({ message: message.slice(0, 256), buttons: [{ id: 'ok', type: 'default', text: okText.slice(0, 64) }, { type: 'cancel' }] });
      return id === 'ok';
    } catch {
      // A popup already open, or an old client: fall back to the browser's dialog.
    }
  }
  return window.confirm(message);
}

/** Opens a Stars invoice; resolves with Telegram's status ('paid', 'cancelled', 'failed', 'pending'). */
export async function payInvoice(link: string): Promise<string> {
  try {
    return await openInvoice(link, 'url');
  } catch {
    window.open(link, '_blank', 'noopener');
    return 'pending';
  }
}

function safe(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

/** A bottom button's state: Telegram's main (or secondary) button shows it. */
export interface BottomButton {
  text: string;
  onClick: () => void;
  enabled?: boolean;
  busy?: boolean;
}

/**
 * Shows Telegram's main button (and the secondary one beside it) for a screen's primary action; the
 * returned function hides them. Null outside Telegram (the development mock draws nothing), so the
 * screen draws its own buttons instead.
 */
export function showBottomButtons(main: BottomButton, secondary?: BottomButton): (() => void) | null {
  if (!hostedByTelegram || !mainButton.setParams.isAvailable?.()) return null;
  const offs: (VoidFunction | undefined)[] = [];
  safe(() => {
    if (!mainButton.isMounted()) mainButton.mount();
    mainButton.setParams({ text: main.text.slice(0, 64), isVisible: true, isEnabled: main.enabled !== false && !main.busy, isLoaderVisible: Boolean(main.busy) });
    offs.push(mainButton.onClick(() => (haptic.tap(), main.onClick())));
  });
  if (secondary) {
    safe(() => {
      if (!secondaryButton.mount.isAvailable()) return;
      if (!secondaryButton.isMounted()) secondaryButton.mount();
      secondaryButton.setParams({ text: secondary.text.slice(0, 64), isVisible: true, isEnabled: secondary.enabled !== false && !secondary.busy, position: 'left' });
      offs.push(secondaryButton.onClick(() => (haptic.tap(), secondary.onClick())));
    });
  }
  return () => {
    offs.forEach((off) => safe(() => off?.()));
    safe(() => mainButton.setParams({ isVisible: false, isLoaderVisible: false }));
    if (secondary) safe(() => secondaryButton.setParams({ isVisible: false }));
  };
}

/** Telegram's settings button (in the app's menu) runs `onClick`; the returned function hides it. */
export function showSettingsButton(onClick: () => void): () => void {
  if (!hostedByTelegram || !settingsButton.mount.isAvailable()) return () => {};
  let off: VoidFunction | undefined;
  safe(() => {
    if (!settingsButton.isMounted()) settingsButton.mount();
    settingsButton.show();
    off = settingsButton.onClick(onClick);
  });
  return () => safe(() => (off?.(), settingsButton.hide()));
}

/** Whether Telegram can share a message the bot prepared (`savePreparedInlineMessage`), here and now. */
export const canShareMessage = () => hostedByTelegram && safe(() => {
  if (!shareMessage.isAvailable()) throw new Error('unsupported');
});

/** Opens Telegram's chat picker with the prepared message; resolves false when it was closed unsent or failed. */
export async function sharePreparedMessage(id: string): Promise<boolean> {
  try {
    await shareMessage(id);
    return true;
  } catch {
    return false;
  }
}

/** Whether this Telegram client can open its story editor. */
export const canShareStory = () => hostedByTelegram && safe(() => {
  if (!shareStory.isAvailable()) throw new Error('unsupported');
});

/** Opens the story editor with a picture (an https URL Telegram can fetch); false where stories are not supported. */
export function shareToStory(mediaUrl: string, text: string, link?: { url: string; name: string }): boolean {
  if (!hostedByTelegram || !shareStory.isAvailable()) return false;
  return safe(() => shareStory(mediaUrl, { text: text.slice(0, 200), widgetLink: link ? { url: link.url, name: link.name.slice(0, 48) } : undefined }));
}

/**
 * Whether to offer "add to home screen": Telegram supports it and says the shortcut is missing.
 * Always false outside Telegram and on clients that cannot tell.
 */
export async function homeScreenMissing(): Promise<boolean> {
  if (!hostedByTelegram || !checkHomeScreenStatus.isAvailable() || !addToHomeScreen.isAvailable()) return false;
  try {
    return (await checkHomeScreenStatus()) === 'missed';
  } catch {
    return false;
  }
}

export const addAppToHomeScreen = () => safe(() => addToHomeScreen());

/**
 * Telegram's own "share your phone number" prompt: on 'sent' Telegram sends the participant's contact to
 * the bot, which keeps it. Null where the client cannot ask (outside Telegram, old clients).
 */
export async function askPhoneInTelegram(): Promise<'sent' | 'cancelled' | null> {
  if (!hostedByTelegram || !requestPhoneAccess.isAvailable()) return null;
  try {
    return (await requestPhoneAccess()) === 'sent' ? 'sent' : 'cancelled';
  } catch {
    return null;
  }
}
