/** The back office opened in a desktop browser at /admin, not inside Telegram (no launch data). */
export function isConsoleLaunch(): boolean {
  return /^\/admin\/?$/.test(location.pathname) && !new URLSearchParams(location.hash.slice(1)).has('tgWebAppData');
}
