import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BOT_API, checkCall } from './bot-api-spec.ts';

/** The token the harnesses configure the server with, and so the one the fake answers by default. */
export const TEST_BOT_TOKEN = '1000000001:test-token-AAAAAAAAAAAAAAAAAAAAAAAA';

export interface ApiCall {
  method: string;
  token: string;
  params: Record<string, any>;
}

type Handler = (params: Record<string, any>, call: ApiCall) => unknown;

/**
 * How Telegram fails a call: 429 with retry_after, a 5xx, or `hang` (no answer until the client gives up;
 * Telegram did not accept the call, so nothing was sent).
 */
export type Fault = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 | 504 } | 'hang';

export class BotApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    /** ResponseParameters, e.g. `{ retry_after: 1 }` with a 429. */
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }
}

/**
 * A loopback stand-in for the Telegram Bot API speaking its wire format: `POST /bot<token>/<method>`
 * with JSON, form or multipart bodies, answered `{ok: true, result}` or `{ok: false, error_code, description}`.
 * It records every call; tests script answers per method and push updates for getUpdates.
 *
 * Strict as Telegram is: another token is answered 401, a method Telegram lacks 404, and a call missing
 * a required parameter, with one of the wrong type or past a documented limit 400 (`bot-api-spec.ts`).
 * Those refusals, and a handler that throws anything but a BotApiError (a failed `expect` inside it),
 * are kept in `problems`; the harnesses fail the test with them (`verify()` after each test), so a wrong
 * call the product swallows still fails its test.
 */
export class FakeBotApi {
  readonly calls: ApiCall[] = [];
  private server: Server | null = null;
  private handlers = new Map<string, Handler>();
  private updates: any[] = [];
  private updateId = 1;
  private waiters: (() => void)[] = [];
  private messageId = 1;
  /** chatId → userId → status, for getChatMember. */
  readonly members = new Map<string, Map<number, string>>();
  /** Wrong calls (401, 400, 404) and handlers that threw: each fails the test that made it (see verify). */
  readonly problems: string[] = [];
  /** Calls Telegram answered ok; a failed or hung call is in `calls` but not here. */
  readonly accepted: ApiCall[] = [];
  private faults = new Map<string, Fault[]>();
  private hanging = new Set<() => void>();
  /** What getMyStarBalance answers (a StarAmount). */
  starBalance: { amount: number; nanostar_amount?: number } = { amount: 0 };
  /** Answer every call with a 5xx (Telegram unreachable). */
  down = false;
  /** Keep every call in `calls` and `accepted` (a long run that records on its own turns this off). */
  keepCalls = true;
  /** Telegram's limit on sends, per sliding second; past it a send is answered 429 with retry_after. */
  sendLimit: number | null = null;
  /** The share of sends answered 429 at random (Telegram's flood control is not exact). */
  random429 = 0;
  /** Sends refused for the limit and at random. */
  readonly refused = { limit: 0, random: 0 };
  /** When the sends of the last second were let through (monotonic ms), oldest first. */
  private window: number[] = [];
  url = '';

  private invoiceSeq = 1;

  constructor(
    readonly botInfo = { id: 1000000001, is_bot: true, first_name: 'Loyalty Bot', username: 'loyalty_test_bot' },
    /** The bot's token; a call with any other is answered 401 as Telegram does. */
    readonly token = TEST_BOT_TOKEN,
  ) {
    this.on('getMe', () => ({ ...this.botInfo, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }));
    this.on('setWebhook', () => true);
    this.on('deleteWebhook', () => true);
    this.on('setMyCommands', () => true);
    this.on('answerCallbackQuery', () => true);
    this.on('getMyStarBalance', () => this.starBalance);
    this.on('getWebhookInfo', () => ({ url: '', has_custom_certificate: false, pending_update_count: 0 }));
    this.on('logOut', () => true);
    this.on('close', () => true);
    // Payments and gifts answer as Telegram does for a valid call; tests script other answers.
    this.on('createInvoiceLink', () => `https://t.me/$invoice-${this.invoiceSeq++}`);
    this.on('answerPreCheckoutQuery', () => true);
    this.on('refundStarPayment', () => true);
    this.on('getStarTransactions', () => ({ transactions: [] }));
    this.on('getAvailableGifts', () => ({ gifts: [] }));
    this.on('sendGift', () => true);
    this.on('getUserGifts', () => ({ total_count: 0, gifts: [] }));
    this.on('sendMessage', (p) => this.message(p));
    this.on('sendDocument', (p) => this.message(p));
    this.on('sendPhoto', (p) => ({ ...this.message(p), caption: p.caption, photo: [{ file_id: `photo-${this.messageId}`, file_unique_id: `u${this.messageId}`, width: 512, height: 512 }] }));
    this.on('editMessageText', (p) => this.message(p));
    this.on('editMessageReplyMarkup', (p) => this.message(p));
    // PreparedInlineMessage: an id for the Mini App's shareMessage, kept by Telegram for a day.
    this.on('savePreparedInlineMessage', (p) => {
      const result = typeof p.result === 'string' ? JSON.parse(p.result) : p.result;
      if (!p.user_id || !result?.type || !result?.id) throw new BotApiError(400, 'Bad Request: result is invalid');
      if (![p.allow_user_chats, p.allow_bot_chats, p.allow_group_chats, p.allow_channel_chats].some((x) => x === true || x === 'true')) {
        throw new BotApiError(400, 'Bad Request: at least one chat type must be allowed');
      }
      return { id: `prep${this.messageId++}`, expiration_date: Math.floor(Date.now() / 1000) + 86_400 };
    });
    this.on('getChatMember', (p) => {
      const status = this.members.get(String(p.chat_id))?.get(Number(p.user_id));
      if (!status) throw new BotApiError(400, 'Bad Request: member not found');
      return { status, user: { id: Number(p.user_id), is_bot: false, first_name: 'User' } };
    });
    this.on('getUpdates', async (p) => {
      if (this.updates.length === 0 && Number(p.timeout ?? 0) > 0) {
        await new Promise<void>((r) => {
          const timer = setTimeout(r, Math.min(Number(p.timeout) * 1000, 500));
          this.waiters.push(() => (clearTimeout(timer), r()));
        });
      }
      const offset = Number(p.offset ?? 0);
      this.updates = this.updates.filter((u) => u.update_id >= offset);
      return this.updates.slice(0, Number(p.limit ?? 100));
    });
  }

  on(method: string, handler: Handler) {
    this.handlers.set(method, handler);
    return this;
  }

  /** Fails the next calls of `method`, one fault per call in order, then answers normally again. */
  fail(method: string, ...faults: Fault[]) {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
    return this;
  }

  /**
   * Throws with every problem since the last verify (a wrong call, a handler's failed assertion) and
   * forgets them; the harnesses call it after each test so those fail the test that caused them.
   */
  verify() {
    const problems = this.problems.splice(0);
    if (problems.length) throw new Error(`The Bot API fake saw ${problems.length} problem(s):\n${problems.join('\n')}`);
  }

  acceptedOf(method: string) {
    return this.accepted.filter((c) => c.method === method);
  }

  setMember(chatId: string | number, userId: number, status: string) {
    if (!this.members.has(String(chatId))) this.members.set(String(chatId), new Map());
    this.members.get(String(chatId))!.set(userId, status);
  }

  /** Queues an update for getUpdates (polling) and returns it, e.g. to post to a webhook. */
  pushUpdate(update: Record<string, unknown>) {
    const u = { update_id: this.updateId++, ...update };
    this.updates.push(u);
    this.waiters.splice(0).forEach((w) => w());
    return u;
  }

  /** A file uploaded with a call (`attach://<field>` as multipart, the way Bot API clients send files). */
  fileOf(call: ApiCall, param: string): { filename: string; content: Buffer } {
    const ref = call.params[param];
    const file = typeof ref === 'string' && ref.startsWith('attach://') ? call.params[ref.slice(9)] : ref;
    if (!file?.content) throw new Error(`${call.method} carried no file in ${param}`);
    return file;
  }

  callsOf(method: string) {
    return this.calls.filter((c) => c.method === method);
  }

  async waitFor(method: string, count = 1, timeoutMs = 5000): Promise<ApiCall[]> {
    const start = Date.now();
    while (this.callsOf(method).length < count) {
      if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${count} ${method} call(s)`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.callsOf(method);
  }

  /** A sent message as Telegram returns it (for handlers that answer some chats and refuse others). */
  message(p: Record<string, any>) {
    return {
      message_id: this.messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(p.chat_id), type: 'private' },
      text: p.text,
      reply_markup: typeof p.reply_markup === 'string' ? JSON.parse(p.reply_markup) : p.reply_markup,
    };
  }

  /** Whether a send now is past the limit (counted in the window when it is not). */
  private overLimit(): { why: 'limit' | 'random'; seconds: number } | null {
    if (this.random429 > 0 && Math.random() < this.random429) return { why: 'random', seconds: 1 };
    if (this.sendLimit === null) return null;
    const now = performance.now();
    let drop = 0;
    while (drop < this.window.length && this.window[drop] <= now - 1000) drop++;
    if (drop) this.window.splice(0, drop);
    if (this.window.length >= this.sendLimit) return { why: 'limit', seconds: Math.max(1, Math.ceil((this.window[0] + 1000 - now) / 1000)) };
    this.window.push(now);
    return null;
  }

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const m = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!m) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, token, method] = m;
      const params = await readParams(req);
      const call = { method, token, params };
      if (this.keepCalls) this.calls.push(call);
      if (this.down) return send(502, { ok: false, error_code: 502, description: 'Bad Gateway' });
      const refuse = (code: 400 | 401 | 404, description: string) => {
        this.problems.push(`${method} answered ${code} ${description} (params ${describe(params)})`);
        send(code, { ok: false, error_code: code, description });
      };
      if (token !== this.token) return refuse(401, 'Unauthorized');
      if (!BOT_API[method] && !this.handlers.has(method)) return refuse(404, 'Not Found');
      const invalid = checkCall(method, params, (name) => typeof params[name] === 'object' && Buffer.isBuffer(params[name]?.content));
      if (invalid) return refuse(400, invalid);
      if (/^(send|copy|forward)/.test(method)) {
        const wait = this.overLimit();
        if (wait) {
          this.refused[wait.why]++;
          return send(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${wait.seconds}`, parameters: { retry_after: wait.seconds } });
        }
      }
      const fault = this.faults.get(method)?.shift();
      if (fault === 'hang') {
        // Held until the client aborts (its timeout) or the fake stops; never answered, never accepted.
        await new Promise<void>((r) => {
          this.hanging.add(r);
          res.on('close', () => (this.hanging.delete(r), r()));
        });
        return;
      }
      if (fault?.status === 429) {
        return send(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${fault.retryAfter}`, parameters: { retry_after: fault.retryAfter } });
      }
      if (fault) return send(fault.status, { ok: false, error_code: fault.status, description: fault.status === 502 ? 'Bad Gateway' : 'Internal Server Error' });
      const h = this.handlers.get(method);
      if (!h) return refuse(404, 'Not Found');
      try {
        const result = await h(params, call);
        if (this.keepCalls) this.accepted.push(call);
        send(200, { ok: true, result });
      } catch (e) {
        if (e instanceof BotApiError) {
          return send(e.code, { ok: false, error_code: e.code, description: e.description, ...(e.parameters ? { parameters: e.parameters } : {}) });
        }
        // An assertion inside a handler: the test must fail with it, not the product see a 500 it may retry past.
        this.problems.push(`the ${method} handler threw: ${(e as Error).stack ?? e}`);
        send(500, { ok: false, error_code: 500, description: `Internal Server Error: ${(e as Error).message}` });
      }
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop() {
    this.waiters.splice(0).forEach((w) => w());
    this.hanging.forEach((r) => r());
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server?.closeAllConnections?.();
  }
}

async function readParams(req: IncomingMessage): Promise<Record<string, any>> {
  const url = new URL(req.url ?? '/', 'http://x');
  const params: Record<string, any> = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return params;
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return { ...params, ...JSON.parse(body.toString('utf8')) };
  if (type.includes('application/x-www-form-urlencoded')) return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  if (type.includes('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    if (!boundary) return params;
    for (const part of multipartParts(body, boundary[1] ?? boundary[2])) {
      params[part.name] = part.filename != null ? { filename: part.filename, content: part.content } : tryJson(part.content.toString('utf8'));
    }
    return params;
  }
  return params;
}

/** The parts of a multipart/form-data body (RFC 7578), as Bot API clients upload files. */
function multipartParts(body: Buffer, boundary: string): { name: string; filename: string | null; content: Buffer }[] {
  const parts: { name: string; filename: string | null; content: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2); // past the CRLF after the delimiter, before the CRLF ending the part
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const name = /[;:\s]name="([^"]*)"/i.exec(headers)?.[1];
    const filename = /filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers);
    if (name != null) parts.push({ name, filename: filename ? (filename[1] ?? filename[2]) : null, content: part.subarray(headerEnd + 4) });
    at = next;
  }
  return parts;
}

function describe(params: Record<string, any>) {
  const shown = JSON.stringify(params, (_k, v) => (v?.type === 'Buffer' ? `<${v.data?.length} bytes>` : v));
  return shown.length > 400 ? `${shown.slice(0, 400)}…` : shown;
}

function tryJson(v: string) {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
