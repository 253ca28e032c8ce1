import { useEffect, useState } from 'react';
import { timeLeft } from '../../lib/format.ts';

export function EditionArt({ slug, number }: { slug: string; number: number }) {
  return <img className="edition-art" src={`/nft/${slug}/${number}.svg`} alt={`${slug} #${number}`} loading="lazy" />;
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
