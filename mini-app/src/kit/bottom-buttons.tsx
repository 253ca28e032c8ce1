import { useEffect, useRef, useState } from 'react';
import { isHostedByTelegram, showBottomButtons, useTelegramSdk, type BottomButton } from '../lib/telegram.ts';
import { Button } from './ui.tsx';

type Action = BottomButton & { testId?: string };

/**
 * A screen's primary action (and an optional second one) on Telegram's own bottom buttons inside
 * Telegram; outside it (the development mock, browser tests) the same actions as buttons in the page.
 */
export function BottomActions({ main, secondary }: { main: Action; secondary?: Action }) {
  const [native, setNative] = useState(false);
  // Inside Telegram the buttons are Telegram's, drawn once its SDK has loaded (just after the first screen).
  const sdkReady = useTelegramSdk();
  const waiting = isHostedByTelegram() && !sdkReady;
  // The latest handlers, so Telegram's buttons are set up once per text/state and not on every render.
  const handlers = useRef({ main: main.onClick, secondary: secondary?.onClick });
  handlers.current = { main: main.onClick, secondary: secondary?.onClick };
  useEffect(() => {
    if (waiting) return;
    const off = showBottomButtons(
      { ...main, onClick: () => handlers.current.main() },
      secondary && { ...secondary, onClick: () => handlers.current.secondary?.() },
    );
    setNative(off != null);
    return off ?? undefined;
  }, [waiting, main.text, main.enabled, main.busy, secondary?.text, secondary?.enabled, secondary?.busy]);
  if (native || waiting) return null;
  const primary = (
    <Button disabled={main.enabled === false} busy={main.busy} onClick={main.onClick} testId={main.testId}>
      {main.text}
    </Button>
  );
  if (!secondary) return primary;
  return (
    <div className="grid2">
      <Button variant="secondary" disabled={secondary.enabled === false} busy={secondary.busy} onClick={secondary.onClick} testId={secondary.testId}>
        {secondary.text}
      </Button>
      {primary}
    </div>
  );
}
