import { z } from 'zod';

// Pieces of the kinds' config schemas: bounded, no NUL, localized where the participant reads them.
export const text = (max: number) => z.string().trim().min(1).max(max).refine((s) => !s.includes('\0'), 'must not contain NUL');
export const localized = (max: number) => z.object({ en: text(max), ru: text(max) });
export const localizedList = (items: number, max: number) =>
  z.object({ en: z.array(text(max)).min(1).max(items), ru: z.array(text(max)).min(1).max(items) });
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) link' }).max(2000);
/** A public chat's @username or a numeric chat id, as getChatMember takes it. */
export const chatId = z.string().trim().regex(/^(@[A-Za-z0-9_]{4,32}|-?\d{1,20})$/, 'must be @username or a numeric chat id');
export const seconds = (max: number) => z.number().int().min(0).max(max);

/** Every kind's config: a collectible from this drop's supply comes with the reward (while any is left). */
export const baseConfig = z.strictObject({ prizeDropId: z.number().int().positive().max(2_147_483_647).optional() });

export type FieldType = 'text' | 'url' | 'integer' | 'boolean' | 'localized' | 'localizedList' | 'list';

/** A config field as the admin form renders it. */
export interface ConfigField {
  name: string;
  type: FieldType;
  required: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
}

type Json = {
  type?: string;
  format?: string;
  properties?: Record<string, Json>;
  required?: string[];
  items?: Json;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
};

/** The fields of a config schema, read from the schema itself so the form cannot drift from it. */
export function fieldsOf(schema: z.ZodObject): ConfigField[] {
  const json = z.toJSONSchema(schema, { io: 'input' }) as Json;
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, p]) => {
    const f: ConfigField = { name, type: typeOf(p), required: required.has(name) };
    const leaf = f.type === 'localized' ? p.properties!.en : f.type === 'localizedList' ? p.properties!.en : p;
    const item = leaf.type === 'array' ? leaf.items! : leaf;
    if (p.default !== undefined) f.default = p.default;
    if (item.minimum !== undefined) f.min = item.minimum;
    if (item.maximum !== undefined) f.max = item.maximum;
    if (item.minLength !== undefined) f.minLength = item.minLength;
    if (item.maxLength !== undefined) f.maxLength = item.maxLength;
    if (leaf.maxItems !== undefined) f.maxItems = leaf.maxItems;
    if (item.pattern !== undefined) f.pattern = item.pattern;
    return f;
  });
}

function typeOf(p: Json): FieldType {
  if (p.type === 'object' && p.properties?.en) return p.properties.en.type === 'array' ? 'localizedList' : 'localized';
  if (p.type === 'array') return 'list';
  if (p.type === 'integer' || p.type === 'number') return 'integer';
  if (p.type === 'boolean') return 'boolean';
  if (p.type === 'string' && p.format === 'uri') return 'url';
  if (p.type === 'string') return 'text';
  throw new Error(`a task config field of JSON type ${p.type} has no form field`);
}

// Stored configs come back on every call (the task cache keeps the rows): read each once.
const read = new WeakMap<object, unknown>();

/**
 * A stored config as its kind's fields: each field its schema accepts, others left out (a row written
 * before a bound existed keeps what still holds, as before). Shared; nobody may change it.
 */
export function readConfig<C>(schema: z.ZodObject, raw: unknown): C {
  if (raw === null || typeof raw !== 'object') return {} as C;
  const known = read.get(raw);
  if (known) return known as C;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    const r = (field as z.ZodType).safeParse((raw as Record<string, unknown>)[name]);
    if (r.success && r.data !== undefined) out[name] = r.data;
  }
  read.set(raw, out);
  return out as C;
}
