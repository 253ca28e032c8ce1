import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

/** The bare SQL surface the migration runner and maintenance code need, on either engine. */
export interface SqlRunner {
  /** Runs one or more statements (simple protocol; no parameters). */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export function pgliteRunner(db: PGlite): SqlRunner {
  return {
    async exec(sql) {
      await db.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await db.query<T>(sql, params);
      return res.rows;
    },
  };
}

/** A runner on one dedicated connection, so BEGIN/COMMIT and advisory locks hold across calls. */
export function pgClientRunner(client: pg.Client | pg.PoolClient): SqlRunner {
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await client.query(sql, params);
      return res.rows as T[];
    },
  };
}
