import type { MouseEvent, ReactNode } from 'react';
import { formatRoute, go, isHashMode, type AdminRoute } from './route.ts';

/**
 * A link inside the back office: a real `#/…` href in the console (it can be opened in a new tab or copied),
 * a tap that moves the in-memory route inside Telegram.
 */
export function RouteLink({ to, className, children, testId, title }: { to: Partial<AdminRoute>; className?: string; children: ReactNode; testId?: string; title?: string }) {
  const href = formatRoute(to);
  const click = (e: MouseEvent) => {
    // A link inside a clickable table row opens the link, not the row.
    e.stopPropagation();
    // Ctrl/⌘-click opens the link in a new tab, as links do.
    if (isHashMode() && (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0)) return;
    e.preventDefault();
    go(to);
  };
  return (
    <a href={isHashMode() ? `${location.pathname}${location.search}${href}` : href} className={className} onClick={click} data-testid={testId} title={title}>
      {children}
    </a>
  );
}
