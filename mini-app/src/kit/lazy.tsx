import { Component, Suspense, use, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Skeleton } from './ui.tsx';

/** A component whose code loads on first use; `preload()` fetches it ahead (when idle, say). */
export interface Loadable<P> {
  (props: P): ReactNode;
  preload(): Promise<unknown>;
}

/**
 * A screen or heavy part in its own chunk. Unlike React.lazy, a chunk that failed to load (a weak
 * network) can be tried again, and it can be fetched before anyone opens it.
 */
export function loadable<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = <Skeleton lines={6} />): Loadable<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (c) => (loaded = c),
      (e: unknown) => {
        pending = null;
        throw e;
      },
    ));
  function Inner(props: P) {
    const C = loaded ?? use(preload());
    return <C {...props} />;
  }
  // The same tree before and after the chunk arrives, so what it draws is never mounted twice.
  const Lazy = (props: P) => (
    <ChunkBoundary>
      <Suspense fallback={fallback}>
        <Inner {...props} />
      </Suspense>
    </ChunkBoundary>
  );
  return Object.assign(Lazy, { preload });
}

/** Fetches chunks ahead, quietly: a failure here is tried again when the screen is opened. */
export const prefetch = (...parts: { preload(): Promise<unknown> }[]) => {
  for (const p of parts) p.preload().catch(() => {});
};

function ChunkFailed({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Card className="error-box">
      <p data-testid="chunk-failed">{t('chunkFailed')}</p>
      <Button variant="secondary" small onClick={onRetry}>
        {t('retry')}
      </Button>
    </Card>
  );
}

class ChunkBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? <ChunkFailed onRetry={() => this.setState({ failed: false })} /> : this.props.children;
  }
}
