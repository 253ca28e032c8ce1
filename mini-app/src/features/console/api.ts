/** The server's /auth routes, with the session cookie (same origin only). */

export interface ConsoleConfig {
  botUsername: string | null;
  /** Development only: a button signs in as a dev user (the widget needs a real bot and domain). */
  devSignIn: boolean;
}

/** A refusal with the stable code the server gave (errors.<code> in the common strings). */
export class AuthError extends Error {
  constructor(readonly appCode: string) {
    super(appCode);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => null);
  if (!res) throw new AuthError('GENERIC');
  const json = (await res.json().catch(() => null)) as { error?: { data?: { appCode?: string } } } | null;
  if (!res.ok) throw new AuthError(json?.error?.data?.appCode ?? 'GENERIC');
  return json as T;
}

export const getConsoleConfig = () => call<ConsoleConfig>('GET', '/auth/config');

/** Hands the Login Widget's user object to the server, which sets the session cookie. */
export const signInWithWidget = (user: unknown) => call<{ ok: true; role: string }>('POST', '/auth/telegram', user);

export const signOut = () => call<{ ok: true }>('POST', '/auth/logout');

/** A widget payload the development server signs (absent in production). */
export const devWidgetPayload = (telegramId: string) => call<unknown>('GET', `/dev/login-widget?telegramId=${encodeURIComponent(telegramId)}`);
