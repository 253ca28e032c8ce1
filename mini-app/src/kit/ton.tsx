// TON Connect costs more than the rest of the first screen together, so it loads only when a wallet
// screen or a payment needs it (and is fetched ahead on the screens one tap away from those).
import type { ComponentType, ReactNode } from 'react';
import { loadable } from './lazy.tsx';

let chunk: Promise<typeof import('./ton-connect.tsx')> | null = null;

/** Loads TON Connect once and waits for a linked wallet to be restored; safe to call often. */
export const preloadTonConnect = () =>
  (chunk ??= import('./ton-connect.tsx').then(
    async (m) => (await m.restored, m),
    (e: unknown) => {
      chunk = null;
      throw e;
    },
  ));

/** A component that uses TON Connect's hooks: its code and TON Connect load together, and it renders inside the provider. */
export function withTonConnect<P extends object>(load: () => Promise<ComponentType<P>>, fallback?: ReactNode) {
  return loadable<P>(async () => {
    const [{ TonConnectScope }, C] = await Promise.all([preloadTonConnect(), load()]);
    return (props: P) => (
      <TonConnectScope>
        <C {...props} />
      </TonConnectScope>
    );
  }, fallback);
}

/** TON Connect's own connect button, loaded on demand. */
export const TonConnectButton = withTonConnect(
  () => import('@tonconnect/ui-react').then((m) => m.TonConnectButton as ComponentType<object>),
  <div className="skeleton" style={{ width: 160, height: 40 }} />,
);
