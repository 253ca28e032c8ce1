import { useEffect, useState } from 'react';
import { useDebounced } from './index.ts';

/**
 * A text filter beside a table's search box (a reason, an owner): shows what is typed at once and sets
 * the filter once typing pauses, so the route and the query change once, not per key.
 */
export function FilterText({ value, onChange, placeholder, testId }: { value: string; onChange: (v: string) => void; placeholder: string; testId: string }) {
  const [text, setText] = useState(value);
  const settled = useDebounced(text, 300);
  useEffect(() => {
    if (settled.trim() !== value) onChange(settled.trim());
  }, [settled]);
  // A link or the back button changed the filter: the box follows.
  useEffect(() => {
    if (value !== settled.trim()) setText(value);
  }, [value]);
  return <input type="search" className="data-table-search" value={text} onChange={(e) => setText(e.target.value)} placeholder={placeholder} aria-label={placeholder} data-testid={testId} />;
}
