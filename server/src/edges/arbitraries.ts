import fc from 'fast-check';
import { z } from 'zod';

/**
 * Inputs for a procedure, drawn from its own zod schema (through its JSON Schema, input side) and then
 * mutated the way a hostile or broken client would: wrong types, boundaries, huge and odd text, NUL,
 * prototype keys, fields left out or added.
 */

type Json = Record<string, any>;

const BIG = [0, -1, 1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 2 ** 64, 1e308, -1e308, 0.5, -0.0];
const NASTY_TEXT = [
  '',
  ' ',
  '0',
  '-1',
  '2147483648',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '99999999999999999999999999999999999999',
  '1e400',
  'a\u0000b',
  '\u0000',
  '\u001b[31mred',
  'line\nbreak',
  '🦄',
  '\ud800',
  'x'.repeat(5000),
  '🦄'.repeat(3000),
  '__proto__',
  'constructor',
  "'; DROP TABLE \"Participant\"; --",
  'DELETE',
];
// Own `__proto__` keys, as JSON.parse makes them (an object literal would set the prototype instead).
const PROTO = () => JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}');

export const nasty: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...BIG, ...NASTY_TEXT, null, true, false) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, [null], [2 ** 31]).map((v) => structuredClone(v)) },
  { weight: 1, arbitrary: fc.constant(null).map(PROTO) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
  { weight: 1, arbitrary: fc.integer() },
);

/** A wrong value of the same type as `v` first (that gets past a type check), any wrong value otherwise. */
export function nastyLike(v: unknown): fc.Arbitrary<unknown> {
  if (typeof v === 'number') return fc.oneof({ weight: 3, arbitrary: fc.constantFrom<unknown>(...BIG) }, { weight: 1, arbitrary: nasty });
  if (typeof v === 'string') return fc.oneof({ weight: 3, arbitrary: fc.constantFrom<unknown>(...NASTY_TEXT) }, { weight: 1, arbitrary: nasty });
  return nasty;
}

const anyValue: fc.Arbitrary<unknown> = fc.oneof(fc.string({ maxLength: 10 }), fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constant(null));

function regexArb(pattern: string): fc.Arbitrary<string> | null {
  for (const flags of ['', 'u']) {
    try {
      return fc.stringMatching(new RegExp(pattern, flags));
    } catch {
      /* next flags, or give up */
    }
  }
  return null;
}

/** A value of (roughly) the JSON Schema's shape: refinements are not followed, so some are still refused. */
export function fromJsonSchema(s: Json | boolean | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || s === true || depth > 8) return anyValue;
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...(alts as Json[]).map((a) => fromJsonSchema(a, depth + 1)));
  if (s.allOf?.length) return fromJsonSchema(s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = Math.max(s.minimum ?? (s.exclusiveMinimum != null ? s.exclusiveMinimum + 1 : -1000), -(2 ** 31));
      const max = Math.min(s.maximum ?? (s.exclusiveMaximum != null ? s.exclusiveMaximum - 1 : 2 ** 31 - 1), 2 ** 31 - 1);
      // Small values find the rows the fixtures made.
      const small = fc.integer({ min: Math.max(min, Math.min(1, max)), max: Math.min(max, Math.max(min, 4)) });
      return fc.oneof(small, fc.integer({ min, max }));
    }
    case 'string': {
      if (s.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.format === 'uri') return fc.webUrl();
      if (s.format === 'email') return fc.emailAddress();
      if (s.pattern) {
        const r = regexArb(s.pattern);
        if (r) return r;
      }
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 20, Math.max(s.minLength ?? 0, 20)) });
    }
    case 'array':
      return fc.array(fromJsonSchema(s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, Math.max(s.minItems ?? 0, 3)) });
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Json>;
      const required = (s.required ?? []) as string[];
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) rec[k] = fromJsonSchema(v, depth + 1);
      if (!Object.keys(rec).length) return fc.constant({});
      return fc.record(rec, { requiredKeys: required.filter((k) => k in rec) });
    }
    default:
      return anyValue;
  }
}

/** Paths to every value inside `v` (the root is []). */
function pathsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}

function valueAt(root: unknown, path: (string | number)[]): any {
  let cur: any = root;
  for (const k of path) cur = cur[k];
  return cur;
}

function setAt(root: unknown, path: (string | number)[], f: (parent: any, key: string | number) => void): unknown {
  const copy = structuredClone(root);
  if (!path.length) return copy;
  let cur: any = copy;
  for (const k of path.slice(0, -1)) cur = cur[k];
  f(cur, path[path.length - 1]);
  return copy;
}

export type Mutation = { kind: string; input: unknown };

/** `base` itself, or one thing about it made wrong. */
export function mutate(base: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> {
  return base.chain((v) => {
    const paths = pathsOf(v);
    const objectPaths = paths.filter((p) => {
      const cur = valueAt(v, p);
      return cur && typeof cur === 'object' && !Array.isArray(cur);
    });
    const pick = <T>(xs: T[]) => fc.nat({ max: Math.max(xs.length - 1, 0) }).map((i) => xs[i]);
    // Mostly one field made wrong: that is what reaches furthest into the code behind the schema.
    const options: fc.WeightedArbitrary<Mutation>[] = [
      { weight: 1, arbitrary: fc.constant({ kind: 'as drawn', input: v }) },
      { weight: 1, arbitrary: nasty.map((n) => ({ kind: 'replaced whole', input: n })) },
      {
        weight: 5,
        arbitrary: pick(paths).chain((p) =>
          nastyLike(valueAt(v, p)).map((n) => ({ kind: `replaced ${p.join('.') || 'whole'}`, input: p.length ? setAt(v, p, (o, k) => (o[k] = n)) : n })),
        ),
      },
    ];
    const inner = paths.filter((p) => p.length > 0);
    if (inner.length) {
      const dropped = pick(inner).map((p) => ({ kind: `dropped ${p.join('.')}`, input: setAt(v, p, (o, k) => (Array.isArray(o) ? o.splice(Number(k), 1) : delete o[k])) }));
      options.push({ weight: 1, arbitrary: dropped });
    }
    if (objectPaths.length) {
      const added = fc.tuple(pick(objectPaths), fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'toString'), nasty).map(([p, key, n]) => ({
        kind: `added ${[...p, key].join('.')}`,
        input: (setAt({ r: v }, ['r', ...p], (o, k) => Object.defineProperty(o[k], key, { value: n, enumerable: true, writable: true, configurable: true })) as { r: unknown }).r,
      }));
      options.push({ weight: 1, arbitrary: added });
    }
    return fc.oneof(...options);
  });
}

/** Mutated inputs for a procedure with these input parsers (none: anything at all). */
export function inputsFor(inputs: unknown[]): fc.Arbitrary<Mutation> {
  if (!inputs.length) return fc.oneof(fc.constant({ kind: 'none', input: undefined }), nasty.map((n) => ({ kind: 'unexpected input', input: n })));
  // Chained .input() calls merge their objects; the first one carries what the fixtures need.
  const schema = z.toJSONSchema(inputs[0] as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Json;
  return mutate(fromJsonSchema(schema));
}
