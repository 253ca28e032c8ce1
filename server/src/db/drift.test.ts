import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Enums } from '../generated/prisma/client.ts';
import { openTestDatabase } from '../test/db.ts';
import type { Database } from './client.ts';

/**
 * The generated client against a freshly migrated database: the SQL migrations and
 * prisma/schema.prisma must describe the same tables, or queries fail in production only.
 *
 * Prisma 7's client carries a trimmed runtime data model (models, fields, kind and type, nothing
 * about nullability or uniqueness) and the schema it was generated from (`inlineSchema`). The
 * models and types come from the first; nullability, lists, ids and uniques are read from the
 * second, and the two are checked against each other so the reading cannot drift either.
 */

type RuntimeField = { name: string; kind: 'scalar' | 'enum' | 'object' | 'unsupported'; type: string; dbName?: string | null };
type RuntimeModel = { fields: RuntimeField[]; dbName: string | null };
type RuntimeDataModel = { models: Record<string, RuntimeModel> };

interface SchemaField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  column: string;
  unique: boolean;
  id: boolean;
}
interface SchemaModel {
  name: string;
  table: string;
  fields: Map<string, SchemaField>;
  uniques: string[][];
  id: string[];
  /** @@index: columns in order, and the access method (`type:`, btree when not given). */
  indexes: { fields: string[]; method: string }[];
}

function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"' && line[i - 1] !== '\\') quoted = !quoted;
    if (!quoted && line[i] === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}

const fieldList = (s: string) => s.split(',').map((x) => x.trim().replace(/\(.*\)$/, '')).filter(Boolean);

/** Reads the models of a Prisma schema: fields with their modifiers, @id/@@id, @unique/@@unique and @map/@@map. */
function parseSchema(schema: string): Map<string, SchemaModel> {
  const models = new Map<string, SchemaModel>();
  let current: SchemaModel | null = null;
  for (const raw of schema.split('\n')) {
    const line = stripComment(raw).trim();
    if (!line) continue;
    const open = /^(model|enum|type|view|generator|datasource)\s+(\w+)\s*\{$/.exec(line);
    if (open) {
      current = open[1] === 'model' ? { name: open[2], table: open[2], fields: new Map(), uniques: [], id: [], indexes: [] } : null;
      if (current) models.set(current.name, current);
      continue;
    }
    if (line === '}') {
      current = null;
      continue;
    }
    if (!current) continue;
    if (line.startsWith('@@')) {
      const list = /^@@(unique|id)\(\s*(?:fields:\s*)?\[([^\]]*)\]/.exec(line);
      if (list?.[1] === 'unique') current.uniques.push(fieldList(list[2]));
      if (list?.[1] === 'id') current.id = fieldList(list[2]);
      const index = /^@@index\(\s*(?:fields:\s*)?\[([^\]]*)\](.*)\)$/.exec(line);
      if (index) current.indexes.push({ fields: fieldList(index[1]), method: (/type:\s*(\w+)/.exec(index[2])?.[1] ?? 'BTree').toLowerCase() });
      const map = /^@@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(line);
      if (map) current.table = map[1];
      continue;
    }
    const f = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
    if (!f) throw new Error(`Cannot read schema line in ${current.name}: ${line}`);
    const attrs = f[5];
    const field: SchemaField = {
      name: f[1],
      type: f[2],
      list: !!f[3],
      optional: !!f[4],
      column: /@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(attrs)?.[1] ?? f[1],
      unique: /@unique\b/.test(attrs),
      id: /@id\b/.test(attrs),
    };
    current.fields.set(field.name, field);
    if (field.id) current.id = [field.name];
  }
  return models;
}

type Column = { table_name: string; column_name: string; is_nullable: 'YES' | 'NO'; data_type: string; udt_name: string; datetime_precision: number | null };

const SCALAR_COLUMN: Record<string, { data_type: string; udt_name: string; datetime_precision?: number }> = {
  Int: { data_type: 'integer', udt_name: 'int4' },
  BigInt: { data_type: 'bigint', udt_name: 'int8' },
  String: { data_type: 'text', udt_name: 'text' },
  Boolean: { data_type: 'boolean', udt_name: 'bool' },
  DateTime: { data_type: 'timestamp without time zone', udt_name: 'timestamp', datetime_precision: 3 },
  Json: { data_type: 'jsonb', udt_name: 'jsonb' },
  Float: { data_type: 'double precision', udt_name: 'float8' },
  Decimal: { data_type: 'numeric', udt_name: 'numeric' },
  Bytes: { data_type: 'bytea', udt_name: 'bytea' },
};

function expectedColumn(field: RuntimeField, list: boolean) {
  const base = field.kind === 'enum' ? { data_type: 'USER-DEFINED', udt_name: field.type } : SCALAR_COLUMN[field.type];
  if (!base) return null;
  if (!list) return base;
  return { data_type: 'ARRAY', udt_name: `_${base.udt_name}` };
}

let db: Database & { drop(): Promise<void> };
let runtime: RuntimeDataModel;
let schema: Map<string, SchemaModel>;
let columns: Column[];
let uniqueIndexes: { table: string; columns: string[]; primary: boolean }[];
let plainIndexes: { table: string; name: string; method: string; columns: (string | null)[]; partial: boolean }[];
let pgEnums: Map<string, string[]>;

beforeAll(async () => {
  db = await openTestDatabase();
  const client = db.prisma as unknown as { _runtimeDataModel: RuntimeDataModel; _engineConfig: { inlineSchema: string } };
  runtime = client._runtimeDataModel;
  schema = parseSchema(client._engineConfig.inlineSchema);
  columns = await db.prisma.$queryRawUnsafe<Column[]>(
    `SELECT table_name, column_name, is_nullable, data_type, udt_name, datetime_precision::int AS datetime_precision
       FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  uniqueIndexes = await db.prisma.$queryRawUnsafe(
    `SELECT t.relname AS "table", i.indisprimary AS primary,
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE i.indisunique
        -- A partial index that leaves out only NULLs of its one column is as unique as a full one.
        AND (i.indpred IS NULL OR (i.indnatts = 1 AND pg_get_expr(i.indpred, i.indrelid) = '(' || quote_ident(a.attname) || ' IS NOT NULL)'))
      GROUP BY t.relname, i.indexrelid, i.indisprimary`,
  );
  plainIndexes = await db.prisma.$queryRawUnsafe(
    `SELECT t.relname AS "table", ic.relname AS name, am.amname AS method, i.indpred IS NOT NULL AS partial,
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_am am ON am.oid = ic.relam
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       -- An expression column (attnum 0) reads as NULL.
       LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE NOT i.indisunique
      GROUP BY t.relname, ic.relname, am.amname, i.indpred`,
  );
  const enumRows = await db.prisma.$queryRawUnsafe<{ name: string; labels: string[] }[]>(
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = current_schema()
      GROUP BY t.typname`,
  );
  pgEnums = new Map(enumRows.map((r) => [r.name, r.labels]));
}, 120_000);
afterAll(() => db?.drop());

const dataFields = (m: RuntimeModel) => m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
const tableOf = (model: string) => runtime.models[model].dbName ?? schema.get(model)?.table ?? model;
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

describe('the generated client and the migrated database', () => {
  it('read the same models and fields (the schema reader agrees with the runtime data model)', () => {
    expect(Object.keys(runtime.models).length).toBeGreaterThan(5);
    expect([...schema.keys()].sort()).toEqual(Object.keys(runtime.models).sort());
    for (const [name, model] of Object.entries(runtime.models)) {
      const parsed = schema.get(name)!;
      expect(
        [...parsed.fields.values()].filter((f) => dataFields(model).some((d) => d.name === f.name)).map((f) => `${f.name}:${f.type}`),
        name,
      ).toEqual(dataFields(model).map((f) => `${f.name}:${f.type}`));
    }
  });

  it('have a table and a column of the right type and nullability for every model and scalar field', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [name, model] of Object.entries(runtime.models)) {
      const table = tableOf(name);
      const tableColumns = columns.filter((c) => c.table_name === table);
      if (tableColumns.length === 0) {
        problems.push(`${name}: table "${table}" is missing`);
        continue;
      }
      for (const field of dataFields(model)) {
        const parsed = schema.get(name)!.fields.get(field.name)!;
        const column = tableColumns.find((c) => c.column_name === (field.dbName ?? parsed.column));
        const where = `${name}.${field.name}`;
        if (!column) {
          problems.push(`${where}: column "${parsed.column}" is missing`);
          continue;
        }
        checked++;
        const want = expectedColumn(field, parsed.list);
        if (!want) problems.push(`${where}: no known column type for ${field.type}`);
        else {
          if (column.data_type !== want.data_type || column.udt_name !== want.udt_name) {
            problems.push(`${where}: ${field.type}${parsed.list ? '[]' : ''} is ${column.data_type} (${column.udt_name}) in the database`);
          }
          if ('datetime_precision' in want && column.datetime_precision !== want.datetime_precision) {
            problems.push(`${where}: timestamp(${column.datetime_precision}) instead of timestamp(${want.datetime_precision})`);
          }
        }
        // Prisma itself creates scalar lists (String[]) without NOT NULL, so either is faithful for them.
        const nullable = parsed.optional ? 'YES' : 'NO';
        if (!parsed.list && column.is_nullable !== nullable) problems.push(`${where}: ${parsed.optional ? 'optional' : 'required'} but is_nullable=${column.is_nullable}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('have no table or column the client does not know', () => {
    const known = new Set(
      Object.entries(runtime.models).flatMap(([name, m]) => dataFields(m).map((f) => `${tableOf(name)}.${f.dbName ?? schema.get(name)!.fields.get(f.name)!.column}`)),
    );
    const extra = columns.filter((c) => c.table_name !== '_prisma_migrations' && !known.has(`${c.table_name}.${c.column_name}`));
    expect(extra.map((c) => `${c.table_name}.${c.column_name}`)).toEqual([]);
  });

  it('give every enum its values, in order, as a PostgreSQL enum type', () => {
    const problems: string[] = [];
    const usedEnums = new Set(Object.values(runtime.models).flatMap((m) => m.fields.filter((f) => f.kind === 'enum').map((f) => f.type)));
    for (const name of usedEnums) {
      const generated = ($Enums as unknown as Record<string, Record<string, string> | undefined>)[name];
      if (!generated) problems.push(`${name}: not exported by the generated client`);
      else if (JSON.stringify(pgEnums.get(name)) !== JSON.stringify(Object.values(generated))) {
        problems.push(`${name}: client has ${Object.values(generated).join(',')}, database has ${pgEnums.get(name)?.join(',') ?? 'no such type'}`);
      }
    }
    expect(usedEnums.size).toBeGreaterThan(3);
    expect(problems).toEqual([]);
  });

  it('back every @id, @unique and @@unique with a primary key or unique index on exactly those columns', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [name, parsed] of schema) {
      const table = tableOf(name);
      const col = (f: string) => parsed.fields.get(f)?.column ?? f;
      const indexes = uniqueIndexes.filter((i) => i.table === table);
      const wanted = [...parsed.uniques, ...[...parsed.fields.values()].filter((f) => f.unique).map((f) => [f.name])];
      for (const fields of wanted) {
        checked++;
        if (!indexes.some((i) => !i.primary && sameSet(i.columns, fields.map(col)))) problems.push(`${name}: no unique index on (${fields.join(', ')})`);
      }
      const pk = indexes.find((i) => i.primary);
      if (!sameSet(pk?.columns ?? [], parsed.id.map(col))) problems.push(`${name}: primary key is (${pk?.columns.join(', ') ?? ''}), schema says (${parsed.id.join(', ')})`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('back every @@index with an index on those columns, in order, of its type, and have no plain index the schema does not declare', () => {
    const problems: string[] = [];
    let checked = 0;
    const tables = new Set<string>();
    for (const [name, parsed] of schema) {
      const table = tableOf(name);
      tables.add(table);
      const col = (f: string) => parsed.fields.get(f)?.column ?? f;
      for (const idx of parsed.indexes) {
        checked++;
        const want = idx.fields.map(col);
        const found = plainIndexes.some((i) => i.table === table && !i.partial && i.method === idx.method && i.columns.join() === want.join());
        if (!found) problems.push(`${name}: no ${idx.method} index on (${want.join(', ')})`);
      }
    }
    // Partial and expression indexes are the ones Prisma cannot express: they live in the SQL alone.
    for (const i of plainIndexes) {
      if (!tables.has(i.table) || i.partial || i.columns.includes(null)) continue;
      const model = [...schema.values()].find((m) => tableOf(m.name) === i.table)!;
      const col = (f: string) => model.fields.get(f)?.column ?? f;
      if (!model.indexes.some((x) => x.method === i.method && x.fields.map(col).join() === i.columns.join())) {
        problems.push(`${i.name}: not declared in schema.prisma`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
