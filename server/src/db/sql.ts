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

/**
 * Pooled queries that bypass Prisma on the hottest paths. Rows come back as Prisma would type them:
 * BIGINT as bigint, timestamps as Date, JSON parsed. On PostgreSQL every statement is prepared once
 * per connection (named by its text), so repeated calls skip parsing and planning.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

const INT8 = 20;
const NUMERIC = 1700;
const TIMESTAMP = 1114;
const bigintOrNull = (v: string | null) => (v == null ? null : BigInt(v));
// Prisma keeps DateTime in TIMESTAMP(3) columns as UTC wall time; read and write them the same way,
// whatever the process time zone.
export const utcDate = (v: string): Date => {
  // The common shape, 'YYYY-MM-DD HH:MM:SS[.ffffff]' with a year from 1000, read without Date's string
  // parser (every participant row carries four); anything else (BC, infinity) goes through it.
  if ((v.length === 19 || (v.length > 20 && v.charCodeAt(19) === 46)) && v.charCodeAt(4) === 45 && v.charCodeAt(10) === 32 && v.charCodeAt(0) !== 48) {
    const ms = v.length > 20 ? Number(v.slice(20, 23).padEnd(3, '0')) : 0;
    const t = Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10), +v.slice(11, 13), +v.slice(14, 16), +v.slice(17, 19), ms);
    if (Number.isFinite(t)) return new Date(t);
  }
  return new Date(`${v.replace(' ', 'T')}Z`);
};
const param = (v: unknown) =>
  typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString().slice(0, 23).replace('T', ' ') : v;

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return bigintOrNull;
    if (oid === NUMERIC) return (v: string) => v;
    if (oid === TIMESTAMP) return utcDate;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export function poolSql(pool: pg.Pool): Sql {
  const names = new Map<string, string>();
  let seq = 0;
  return {
    async query<T>(text: string, params: unknown[] = []) {
      let name = names.get(text);
      if (!name) names.set(text, (name = `hot_${++seq}`));
      const res = await pool.query({ name, text, values: params.map(param), types: pgTypes });
      return res.rows as T[];
    },
  };
}

export function pgliteSql(db: PGlite): Sql {
  const parsers = { [INT8]: (v: string) => BigInt(v), [NUMERIC]: (v: string) => v, [TIMESTAMP]: utcDate };
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const res = await db.query<T>(text, params.map(param), { parsers });
      return res.rows;
    },
  };
}
