import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../../test/db.ts';

const PRICES = '20261206020000_product_prices';
let db: (Database & { drop(): Promise<void> }) | null = null;
beforeAll(async () => {
  db = await openTestDatabase({ migrate: false });
}, 120_000);
afterAll(() => db?.drop());

describe('the product prices migration', () => {
  it('copies each price column into a row, skips empty ones, and drops the columns', async () => {
    const all = loadMigrations();
    // Functions follow the newest migrations: a history stopped halfway gets none yet.
    await db!.withSql((sql) => migrate(sql, all.filter((m) => m.name < PRICES), []));
    await db!.withSql((sql) =>
      sql.exec(`INSERT INTO "Product" (slug, kind, title, description, "priceStars", "priceTon", "pricePoints") VALUES
        ('all-three', 'ITEM', '{}', '{}', 50, 500000000, 2000),
        ('stars-only', 'ITEM', '{}', '{}', 25, NULL, NULL),
        ('unpriced', 'ITEM', '{}', '{}', NULL, NULL, NULL)`),
    );
    await db!.withSql((sql) => migrate(sql, all));
    const rows = await db!.withSql((sql) =>
      sql.query<{ slug: string; currency: string; amount: string }>(
        `SELECT p.slug, pp.currency::text AS currency, pp.amount::text AS amount FROM "ProductPrice" pp JOIN "Product" p ON p.id = pp."productId" ORDER BY p.slug, pp.currency`,
      ),
    );
    expect(rows).toEqual([
      { slug: 'all-three', currency: 'POINTS', amount: '2000' },
      { slug: 'all-three', currency: 'STARS', amount: '50' },
      { slug: 'all-three', currency: 'TON', amount: '500000000' },
      { slug: 'stars-only', currency: 'STARS', amount: '25' },
    ]);
    const cols = await db!.withSql((sql) =>
      sql.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Product' AND column_name LIKE 'price%'`),
    );
    expect(cols).toEqual([]);
    await expect(db!.withSql((sql) => sql.exec(`INSERT INTO "ProductPrice" ("productId", currency, amount) SELECT id, 'TON', 0 FROM "Product" WHERE slug = 'unpriced'`))).rejects.toThrow(/ProductPrice_amount_check/);
  });
});
