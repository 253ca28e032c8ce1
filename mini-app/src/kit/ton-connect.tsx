// The heavy half of TON Connect (its UI kit, the SDK, the crypto): a chunk of its own, loaded by ./ton.tsx.
import type { ReactNode } from 'react';
import { THEME, TonConnectUI, TonConnectUIProvider } from '@tonconnect/ui-react';
import { TonConnect } from '@tonconnect/sdk';
import { i18next } from '../lib/i18n.ts';

// One instance for the app's life, made as this chunk arrives, so a linked wallet starts reconnecting at once.
// The wallets list is served by the app itself, so connecting needs no third-party config host.
const instance = new TonConnectUI({
  connector: new TonConnect({ manifestUrl: `${location.origin}/tonconnect-manifest.json`, walletsListSource: `${location.origin}/tonconnect-wallets.json` }),
  uiPreferences: { theme: document.documentElement.dataset.theme === 'dark' ? THEME.DARK : THEME.LIGHT },
  language: tonLanguage(),
});
// The button and the modal speak the app's language (they would follow the system's otherwise).
i18next.on('languageChanged', () => (instance.uiOptions = { language: tonLanguage() }));

function tonLanguage() {
  return i18next.language === 'ru' ? 'ru' : 'en';
}

/**
 * Settles once a wallet linked earlier is back (or surely is not), so a screen's first render already
 * knows the address; a bridge that does not answer holds the screen back for a second at most.
 */
export const restored: Promise<unknown> = Promise.race([instance.connectionRestored.catch(() => false), new Promise((r) => setTimeout(r, 1000))]);

/** TON Connect's React context around what needs it; every scope shares the one instance. */
export function TonConnectScope({ children }: { children: ReactNode }) {
  return <TonConnectUIProvider instance={instance}>{children}</TonConnectUIProvider>;
}
