/**
 * JSON already written for a value that many answers share (a leaderboard's top, say), kept encoded.
 * The fast tRPC path splices the bytes in instead of serialising, flattening and encoding the same
 * kilobytes for every answer; everywhere else the value is serialised as usual, to the same text.
 */
const written = new WeakMap<object, Buffer>();

export function rememberJson<T extends object>(value: T): T {
  written.set(value, Buffer.from(JSON.stringify(value)));
  return value;
}

/**
 * JSON.stringify({ result: { data } }) for a tRPC answer: a string, or the same text as UTF-8 bytes when
 * remembered JSON of data's own fields was spliced in.
 */
export function resultJson(res: unknown): string | Buffer {
  const data = (res as { result?: { data?: unknown } }).result?.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || Object.keys(res as object).length !== 1) return JSON.stringify(res);
  if (Object.keys((res as { result: object }).result).length !== 1 || typeof (data as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(res);
  const fields = Object.entries(data);
  const known = fields.map(([, v]) => (v !== null && typeof v === 'object' ? written.get(v) : undefined));
  if (known.every((j) => j === undefined)) return JSON.stringify(res);
  const chunks: Buffer[] = [];
  let text = '{"result":{"data":{';
  let first = true;
  fields.forEach(([k, v], i) => {
    const bytes = known[i];
    const j = bytes ? '' : JSON.stringify(v);
    // As JSON.stringify does: undefined, functions and symbols leave the key out.
    if (j === undefined) return;
    text += `${first ? '' : ','}${JSON.stringify(k)}:${j}`;
    first = false;
    if (bytes) {
      chunks.push(Buffer.from(text), bytes);
      text = '';
    }
  });
  chunks.push(Buffer.from(`${text}}}}`));
  return Buffer.concat(chunks);
}
