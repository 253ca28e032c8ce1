import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { appCodeOf, TRANSIENT } from '../lib/trpc.ts';
import { haptic } from '../lib/telegram.ts';
import { useUi } from './store.ts';

export function Card({ children, className = '', onClick, testId }: { children: ReactNode; className?: string; onClick?: () => void; testId?: string }) {
  return (
    <div className={`card ${onClick ? 'clickable' : ''} ${className}`} onClick={onClick} data-testid={testId}>
      {children}
    </div>
  );
}

export function Section({ title, children, action }: { title?: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section className="section">
      {(title || action) && (
        <div className="section-head">
          {title && <h2>{title}</h2>}
          {action}
        </div>
      )}
      {children}
    </section>
  );
}

export function Button({
  children,
  onClick,
  disabled,
  variant = 'primary',
  testId,
  busy,
  small,
}: {
  children: ReactNode;
  onClick?: () => void;
  disabled?: boolean;
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  testId?: string;
  busy?: boolean;
  small?: boolean;
}) {
  return (
    <button className={`btn btn-${variant} ${small ? 'btn-small' : ''}`} onClick={onClick} disabled={disabled || busy} data-testid={testId}>
      {busy ? <span className="spinner" /> : children}
    </button>
  );
}

/** A form field with its label above it (placeholders vanish once something is typed). */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="hint small">{label}</span>
      {children}
    </label>
  );
}

export function Skeleton({ lines = 3 }: { lines?: number }) {
  return (
    <div className="skeleton-wrap" aria-busy="true">
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton" style={{ width: `${90 - i * 12}%` }} />
      ))}
    </div>
  );
}

/** The sentence for a failure, by its stable code. */
export function useErrorText() {
  const { t } = useTranslation();
  return (e: unknown) => t(`errors.${appCodeOf(e)}`, { defaultValue: t('errors.GENERIC') });
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useErrorText();
  return (
    <Card className="error-box" testId="error-box">
      <p>{text(error)}</p>
      {onRetry && (
        <Button variant="secondary" small onClick={onRetry}>
          {t('retry')}
        </Button>
      )}
    </Card>
  );
}

export function Empty({ text, icon = '✨' }: { text: string; icon?: string }) {
  return (
    <div className="empty">
      <div className="empty-icon">{icon}</div>
      <p>{text}</p>
    </div>
  );
}

/** The Telegram photo when it loads, the initials otherwise (photo links expire). */
export function Avatar({ name, url, size = 40 }: { name: string; url?: string | null; size?: number }) {
  const [broken, setBroken] = useState(false);
  const initials = name.split(/\s+/).map((w) => w[0]).join('').slice(0, 2).toUpperCase() || '?';
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) % 360;
  return url && !broken ? (
    <img className="avatar" src={url} alt="" width={size} height={size} onError={() => setBroken(true)} />
  ) : (
    <div className="avatar" style={{ width: size, height: size, background: `hsl(${h} 55% 55%)`, fontSize: size * 0.38 }}>
      {initials}
    </div>
  );
}

export function Tabs<T extends string>({ value, options, onChange }: { value: T; options: { value: T; label: string; testId?: string }[]; onChange: (v: T) => void }) {
  return (
    <div className="segmented">
      {options.map((o) => (
        <button key={o.value} className={o.value === value ? 'active' : ''} onClick={() => (haptic.tap(), onChange(o.value))} data-testid={o.testId}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

/**
 * Shows a translated error message for a failed call, with haptic feedback. `fail.retrying(again)` makes
 * a handler whose failures that may pass (offline, our server away) offer to try again.
 */
export function useFail() {
  const { t } = useTranslation();
  const toast = useUi((s) => s.toast);
  const text = useErrorText();
  const show = (e: unknown, retry?: () => void) => {
    haptic.error();
    toast('error', text(e), retry && TRANSIENT.has(appCodeOf(e)) ? { label: t('retry'), run: retry } : undefined);
  };
  return Object.assign((e: unknown) => show(e), { retrying: (retry: () => void) => (e: unknown) => show(e, retry) });
}

export function useOk() {
  const toast = useUi((s) => s.toast);
  return (text: string) => {
    haptic.success();
    toast('success', text);
  };
}

/** The one message shown, above the tab bar: out of the way of titles and balances. */
export function Toaster() {
  const { shown, dismiss } = useUi();
  if (!shown) return null;
  return (
    <div className="toasts" role="status" aria-live="polite">
      <div key={shown.id} className={`toast toast-${shown.kind}`} data-testid="toast" onClick={() => !shown.action && dismiss(shown.id)}>
        <span className="grow">{shown.text}</span>
        {shown.action && (
          <button className="toast-action" data-testid="toast-action" onClick={() => (dismiss(shown.id), shown.action!.run())}>
            {shown.action.label}
          </button>
        )}
      </div>
    </div>
  );
}

export function Progress({ value }: { value: number }) {
  return (
    <div className="progress">
      <div style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
    </div>
  );
}

/** An on/off switch in Telegram's style, with a label and an optional line of explanation beside it. */
export function Switch({
  checked,
  onChange,
  label,
  hint,
  disabled,
  testId,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  label: ReactNode;
  hint?: ReactNode;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <label className={`switch-row ${disabled ? 'disabled' : ''}`}>
      <span className="grow">
        <span className="switch-label">{label}</span>
        {hint && <span className="hint small switch-hint">{hint}</span>}
      </span>
      <input
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        disabled={disabled}
        aria-checked={checked}
        onChange={(e) => (haptic.tap(), onChange(e.target.checked))}
        data-testid={testId}
      />
    </label>
  );
}
