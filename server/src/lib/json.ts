/**
 * JSON already written for a value that many answers share (a leaderboard's top, say). The fast tRPC
 * path splices it in instead of serialising the same value again; everywhere else the value is
 * serialised as usual, to the same text.
 */
const written = new WeakMap<object, string>();

export function rememberJson<T extends object>(value: T): T {
  written.set(value, JSON.stringify(value));
  return value;
}

/** JSON.stringify({ result: { data } }) for a tRPC answer, reusing remembered JSON of data's own fields. */
export function resultJson(res: unknown): string {
  const data = (res as { result?: { data?: unknown } }).result?.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || Object.keys(res as object).length !== 1) return JSON.stringify(res);
  if (Object.keys((res as { result: object }).result).length !== 1 || typeof (data as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(res);
  const fields = Object.entries(data);
  const known = fields.map(([, v]) => (v !== null && typeof v === 'object' ? written.get(v) : undefined));
  if (known.every((j) => j === undefined)) return JSON.stringify(res);
  const parts: string[] = [];
  fields.forEach(([k, v], i) => {
    const j = known[i] ?? JSON.stringify(v);
    // As JSON.stringify does: undefined, functions and symbols leave the key out.
    if (j !== undefined) parts.push(`${JSON.stringify(k)}:${j}`);
  });
  return `{"result":{"data":{${parts.join(',')}}}}`;
}
