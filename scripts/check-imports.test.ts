import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
// @ts-expect-error the checker is plain JavaScript run by node
import { checkImports } from './check-imports.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = 'scripts/fixtures/import-loop';
const folders = [/^(scripts\/fixtures\/import-loop\/[^/]+)\//];

type Found = { members: string[]; chains: string[][] };

describe('the import-cycle check', () => {
  it('finds a runtime loop between files and between folders, and ignores type-only imports', async () => {
    const result: { files: Found[]; folders: Found[] } = await checkImports([fixture], { cwd: root, exclude: ['node_modules'], folders });
    const short = (p: string) => p.replace(`${fixture}/`, '');

    // orders/place ↔ billing/charge at run time: one loop between files.
    expect(result.files.map((c) => c.chains.map((ch) => ch.map(short)))).toEqual([
      [['billing/charge.ts', 'orders/place.ts', 'billing/charge.ts']],
    ]);

    // Between folders: the same one, and tags → people → tags, which no single file closes.
    // catalog ↔ people is not a loop: people only names catalog's types.
    expect(result.folders.map((c) => c.members.map(short)).sort()).toEqual([
      ['billing', 'orders'],
      ['people', 'tags'],
    ]);
  });

  it('reports runtime imports against a layer rule, and not type-only ones', async () => {
    const layers = [
      { name: 'tags sit below people', from: /\/tags\//, to: /\/people\// },
      { name: 'people sit below catalog', from: /\/people\//, to: /\/catalog\// },
    ];
    const result: { layers: { rule: string; from: string; to: string }[] } = await checkImports([fixture], { cwd: root, exclude: ['node_modules'], folders, layers });
    expect(result.layers.map((b) => `${b.rule}: ${b.from.replace(`${fixture}/`, '')} → ${b.to.replace(`${fixture}/`, '')}`)).toEqual([
      'tags sit below people: tags/a.ts → people/hub.ts',
    ]);
  });
});
