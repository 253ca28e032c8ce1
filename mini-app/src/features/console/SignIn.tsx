import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, ErrorBox, Skeleton } from '../../kit/ui.tsx';
import { AuthError, devWidgetPayload, getConsoleConfig, signInWithWidget } from './api.ts';

const WIDGET = 'https://telegram.org/js/telegram-widget.js?22';

declare global {
  interface Window {
    onTelegramAuth?: (user: unknown) => void;
  }
}

/** The console's sign-in: Telegram's Login Widget, which hands us the user object Telegram signed. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, i18n } = useTranslation('console');
  const config = useQuery({ queryKey: ['console', 'config'], queryFn: getConsoleConfig, staleTime: Infinity, retry: 1 });
  const box = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const bot = config.data?.botUsername ?? null;

  const submit = async (user: unknown) => {
    setBusy(true);
    setError(null);
    try {
      await signInWithWidget(user);
      onSignedIn();
    } catch (e) {
      setError(e instanceof AuthError ? e.appCode : 'GENERIC');
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const el = box.current;
    if (!bot || !el) return;
    window.onTelegramAuth = (user) => void submit(user);
    const script = document.createElement('script');
    script.async = true;
    script.src = WIDGET;
    script.setAttribute('data-telegram-login', bot);
    script.setAttribute('data-size', 'large');
    script.setAttribute('data-radius', '10');
    script.setAttribute('data-onauth', 'onTelegramAuth(user)');
    script.setAttribute('data-request-access', 'write');
    script.setAttribute('data-lang', i18n.language);
    el.appendChild(script);
    return () => {
      el.replaceChildren();
      delete window.onTelegramAuth;
    };
  }, [bot]);

  const dev = async () => {
    const tid = new URLSearchParams(location.search).get('tid') ?? '100001';
    try {
      await submit(await devWidgetPayload(tid));
    } catch {
      setError('GENERIC');
    }
  };

  return (
    <div className="console-signin">
      <Card>
        <div className="console-brand">💎 TON Loyalty</div>
        <h1>{t('signInTitle')}</h1>
        <p className="hint">{t('signInBody')}</p>
        {config.isPending && <Skeleton lines={2} />}
        {config.isError && <ErrorBox error={config.error} onRetry={() => config.refetch()} />}
        {config.isSuccess && !bot && <p className="hint" data-testid="console-no-bot">{t('noBot')}</p>}
        <div ref={box} className="console-widget" data-testid="console-widget" />
        {busy && <p className="hint">{t('signingIn')}</p>}
        {error && (
          <p className="console-error" data-testid="console-signin-error">
            {t(`errors.${error}`, { defaultValue: t('errors.GENERIC') })}
          </p>
        )}
        {config.data?.devSignIn && (
          <div style={{ marginTop: 16 }}>
            <Button variant="secondary" small onClick={() => void dev()} testId="console-dev-signin">
              {t('devSignIn')}
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
