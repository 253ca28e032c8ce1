import { useEffect, useMemo, useState } from 'react';
import { timeLeft } from '../../lib/format.ts';
import { artSrc, type ArtAttributes } from './art.ts';

/** Drawn in place from the attributes when they are known (no request); otherwise the NFT image URL. */
export function EditionArt({ slug, number, model, backdrop, symbol }: { slug: string; number: number } & Partial<ArtAttributes>) {
  const src = useMemo(
    () => (model != null && backdrop != null && symbol != null ? artSrc({ model, backdrop, symbol }) : `/nft/${slug}/${number}.svg`),
    [slug, number, model, backdrop, symbol],
  );
  return <img className="edition-art" src={src} alt={`${slug} #${number}`} loading="lazy" data-testid="edition-art" />;
}

export function Countdown({ to, prefix }: { to: string; prefix?: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const l = timeLeft(to, now);
  const text = `${l.h > 0 ? `${l.h}:` : ''}${String(l.m).padStart(2, '0')}:${String(l.s).padStart(2, '0')}`;
  return <span className="countdown">{prefix ? `${prefix} ${text}` : text}</span>;
}

/** A chance in per mille (25‰) as people read it: a percentage (2.5%), in the reader's locale. */
export function rarityPercent(permille: number, locale: string): string {
  return `${(permille / 10).toLocaleString(locale, { maximumFractionDigits: 1 })}%`;
}
