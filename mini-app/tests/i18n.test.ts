import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every participant- and admin-facing string exists in both languages: a key in one and not the other
// would show the English text (or the raw key) to a Russian reader.
const src = join(import.meta.dirname, '..', 'src');
const files: string[] = [];
const walk = (d: string) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    // lib/i18n.ts is the i18next set-up, not strings.
    else if (f === 'i18n.ts' && relative(src, p) !== join('lib', 'i18n.ts')) files.push(p);
  }
};
walk(src);

const keys = (o: unknown, pre = ''): string[] =>
  Object.entries((o ?? {}) as Record<string, unknown>).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${pre}${k}.`) : [`${pre}${k}`]));
// Plural forms differ by language (ru has few and many); compare the word, not its forms.
const words = (o: unknown) => new Set(keys(o).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')));

describe('strings', () => {
  it('finds the string files', () => expect(files.length).toBeGreaterThan(10));
  for (const f of files) {
    it(`${relative(src, f)} says everything in English and Russian`, async () => {
      const m = (await import(f)).default as { en?: unknown; ru?: unknown };
      const en = words(m.en);
      const ru = words(m.ru);
      expect([...en].filter((k) => !ru.has(k)), 'missing in Russian').toEqual([]);
      expect([...ru].filter((k) => !en.has(k)), 'missing in English').toEqual([]);
    });
  }
});
