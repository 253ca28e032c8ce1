import { useSyncExternalStore } from 'react';
import { whenIdle } from './idle.ts';

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

// Telegram's SDK is not part of the first screen: on a slow phone it and its validation take a few hundred
// milliseconds to start, and Home draws without it. It loads once the first screen is up (markReady) or when
// something asks for it first; what needs it waits for it (or, for what must answer at once, does without).
type Sdk = typeof import('./telegram-sdk.ts');
let sdk: Sdk | null = null;
let sdkLoading: Promise<Sdk> | null = null;
let sdkStart: import('./telegram-sdk.ts').SdkStart | null = null;
const sdkListeners = new Set<() => void>();

/** Resolves when the browser is first idle after the launch: the SDK's start is not worth a frame before that. */
const idle = () => new Promise<void>((resolve) => void whenIdle(resolve, 1500));

/** Loads and starts the SDK: when idle (`now` for a person's own action, which should not wait). */
function loadSdk(now = false): Promise<Sdk> {
  sdkLoading ??= (now ? Promise.resolve() : idle()).then(() => import('./telegram-sdk.ts')).then((m) => {
    if (sdkStart) m.start(sdkStart);
    sdk = m;
    sdkListeners.forEach((f) => f());
    return m;
  });
  return sdkLoading;
}

/** Runs `fn` with the SDK: at once when it is loaded, else once it is (a failed load does nothing). */
function withSdk(fn: (s: Sdk) => void) {
  if (sdk) fn(sdk);
  else if (sdkStart) void loadSdk().then(fn, () => {});
}

/** True once Telegram's SDK has started (components that drive Telegram's own buttons wait for it). */
export function useTelegramSdk(): boolean {
  return useSyncExternalStore(
    (f) => (sdkListeners.add(f), () => void sdkListeners.delete(f)),
    () => sdk !== null,
  );
}

/**
 * Reads the launch parameters Telegram puts in the URL hash. Outside Telegram in development the
 * server signs initData with its dev bot token (GET /dev/init-data; absent in production), and the
 * Telegram bridge is mocked (when the SDK loads) so SDK calls work in a plain browser.
 */
export async function bootTelegram(): Promise<Launch> {
  const hash = new URLSearchParams(location.hash.slice(1));
  const query = new URLSearchParams(location.search);
  let raw = hash.get('tgWebAppData');
  const themeJson = hash.get('tgWebAppThemeParams');
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
      // A malformed palette: Telegram's default stays.
    }
  }
  hostedByTelegram = isRealTelegram();
  sdkStart = { initData: raw, palette, hosted: hostedByTelegram };
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

/**
 * Posts `web_app_ready` the ways Telegram's clients listen for a Mini App's events (the web client's parent
 * frame, the mobile clients' proxy, the desktop client's notify). Sent by hand because it cannot wait for the
 * SDK: until it arrives, Telegram keeps its placeholder over the app.
 */
function postReady() {
  const message = JSON.stringify({ eventType: 'web_app_ready' });
  const w = window as unknown as { TelegramWebviewProxy?: { postEvent?: (t: string, d?: string) => void }; external?: { notify?: (m: string) => void } };
  try {
    if (window.parent !== window) window.parent.postMessage(message, 'https://web.telegram.org');
    else if (typeof w.TelegramWebviewProxy?.postEvent === 'function') w.TelegramWebviewProxy.postEvent('web_app_ready');
    else if (typeof w.external?.notify === 'function') w.external.notify(message);
  } catch {
    // The SDK says it again once it loads.
  }
}

let readySent = false;

/** Tells Telegram the first screen can draw, so it drops its placeholder; once a launch. Then loads the SDK. */
export function markReady() {
  if (readySent) return;
  readySent = true;
  if (hostedByTelegram) postReady();
  withSdk(() => {});
}

export const haptic = {
  success: () => withSdk((s) => s.haptic('success')),
  error: () => withSdk((s) => s.haptic('error')),
  tap: () => withSdk((s) => s.haptic('tap')),
};

function whenSdk(on: (s: Sdk) => () => void): () => void {
  let off: (() => void) | null = null;
  let live = true;
  withSdk((s) => live && (off = on(s)));
  return () => {
    live = false;
    off?.();
  };
}

export const showBackButton = (onClick: () => void): (() => void) => whenSdk((s) => s.backButtonOn(onClick));

export function openExternal(url: string) {
  if (!sdk?.link(url)) window.open(url, '_blank', 'noopener');
}

/** Whether the app runs inside a real Telegram client (not the development mock). */
export const isHostedByTelegram = () => hostedByTelegram;

/** Closes the Mini App inside Telegram; false outside it (nothing to close). */
export function closeApp(): boolean {
  return hostedByTelegram && Boolean(sdk?.close());
}

export function openTg(url: string) {
  if (!sdk?.telegramLink(url)) window.open(url, '_blank', 'noopener');
}

/**
 * Asks a yes/no question: Telegram's native popup inside Telegram, the browser's confirm dialog outside it
 * (the mocked bridge never answers a popup). Resolves true when the person agreed.
 */
export async function confirmAction(message: string, okText: string): Promise<boolean> {
  if (hostedByTelegram) {
    const answer = await loadSdk(true).then((s) => s.confirmPopup(message, okText), () => null);
    if (answer !== null) return answer;
  }
  return window.confirm(message);
}

/** Opens a Stars invoice; resolves with Telegram's status ('paid', 'cancelled', 'failed', 'pending'). */
export async function payInvoice(link: string): Promise<string> {
  try {
    return await (await loadSdk(true)).invoice(link);
  } catch {
    window.open(link, '_blank', 'noopener');
    return 'pending';
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
 * returned function hides them. Null outside Telegram (the development mock draws nothing), or while the
 * SDK is not loaded yet (useTelegramSdk says when to ask again), so the screen draws its own buttons instead.
 */
export function showBottomButtons(main: BottomButton, secondary?: BottomButton): (() => void) | null {
  if (!hostedByTelegram || !sdk) return null;
  return sdk.bottomButtons(main, secondary, haptic.tap);
}

/** Telegram's settings button (in the app's menu) runs `onClick`; the returned function hides it. */
export function showSettingsButton(onClick: () => void): () => void {
  if (!hostedByTelegram) return () => {};
  return whenSdk((s) => s.settingsButtonOn(onClick));
}

/** Whether Telegram can share a message the bot prepared (`savePreparedInlineMessage`), here and now. */
export const canShareMessage = () => hostedByTelegram && Boolean(sdk?.canShareMessage());

/** Opens Telegram's chat picker with the prepared message; resolves false when it was closed unsent or failed. */
export async function sharePreparedMessage(id: string): Promise<boolean> {
  return loadSdk(true).then((s) => s.sharePrepared(id), () => false);
}

/** Whether this Telegram client can open its story editor. */
export const canShareStory = () => hostedByTelegram && Boolean(sdk?.canShareStory());

/** Opens the story editor with a picture (an https URL Telegram can fetch); false where stories are not supported. */
export function shareToStory(mediaUrl: string, text: string, link?: { url: string; name: string }): boolean {
  return hostedByTelegram && Boolean(sdk?.canShareStory()) && Boolean(sdk?.story(mediaUrl, text, link));
}

/**
 * Whether to offer "add to home screen": Telegram supports it and says the shortcut is missing.
 * Always false outside Telegram and on clients that cannot tell.
 */
export async function homeScreenMissing(): Promise<boolean> {
  if (!hostedByTelegram) return false;
  return loadSdk().then((s) => s.homeScreenMissing(), () => false);
}

export const addAppToHomeScreen = () => Boolean(sdk?.addToHome());

/**
 * Telegram's own "share your phone number" prompt: on 'sent' Telegram sends the participant's contact to
 * the bot, which keeps it. Null where the client cannot ask (outside Telegram, old clients).
 */
export async function askPhoneInTelegram(): Promise<'sent' | 'cancelled' | null> {
  if (!hostedByTelegram) return null;
  return loadSdk(true).then((s) => s.phoneAccess(), () => null);
}
