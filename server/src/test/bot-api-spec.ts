/**
 * What the Bot API requires of the calls this product makes, as https://core.telegram.org/bots/api
 * documents them: parameter types, required parameters and the limits a wrong call would hit. The
 * loopback fake checks every call against it and answers 400 as Telegram does, so a wrong call fails a test.
 */

export type ParamType = 'Integer' | 'String' | 'Boolean' | 'ChatId' | 'Json' | 'JsonArray' | 'InputFile';

interface MethodSpec {
  params: Record<string, ParamType>;
  required?: string[];
  /** Further rules of the method; returns the description after "Bad Request: ", or null when fine. */
  check?(p: Record<string, any>): string | null;
}

const send = { business_connection_id: 'String', message_thread_id: 'Integer', disable_notification: 'Boolean', protect_content: 'Boolean', allow_paid_broadcast: 'Boolean', message_effect_id: 'String', reply_parameters: 'Json', reply_markup: 'Json' } as const;
const caption = { caption: 'String', parse_mode: 'String', caption_entities: 'JsonArray', show_caption_above_media: 'Boolean' } as const;

export const BOT_API: Record<string, MethodSpec> = {
  getMe: { params: {} },
  logOut: { params: {} },
  close: { params: {} },
  getUpdates: { params: { offset: 'Integer', limit: 'Integer', timeout: 'Integer', allowed_updates: 'JsonArray' }, check: (p) => range('limit', p.limit, 1, 100) },
  setWebhook: {
    params: { url: 'String', certificate: 'InputFile', ip_address: 'String', max_connections: 'Integer', allowed_updates: 'JsonArray', drop_pending_updates: 'Boolean', secret_token: 'String' },
    required: ['url'],
    check: (p) =>
      p.url !== '' && !String(p.url).startsWith('https://')
        ? 'bad webhook: An HTTPS URL must be provided for webhook'
        : p.secret_token != null && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))
          ? 'secret token contains unallowed characters'
          : null,
  },
  deleteWebhook: { params: { drop_pending_updates: 'Boolean' } },
  getWebhookInfo: { params: {} },
  setMyCommands: { params: { commands: 'JsonArray', scope: 'Json', language_code: 'String' }, required: ['commands'] },
  sendMessage: {
    params: { ...send, chat_id: 'ChatId', text: 'String', parse_mode: 'String', entities: 'JsonArray', link_preview_options: 'Json' },
    required: ['chat_id', 'text'],
    check: (p) => text(p.text, 4096, 'message text is empty', 'message is too long') ?? markup(p.reply_markup),
  },
  sendPhoto: {
    params: { ...send, ...caption, chat_id: 'ChatId', photo: 'InputFile', has_spoiler: 'Boolean' },
    required: ['chat_id', 'photo'],
    check: (p) => captionLimit(p.caption) ?? markup(p.reply_markup),
  },
  sendDocument: {
    params: { ...send, ...caption, chat_id: 'ChatId', document: 'InputFile', thumbnail: 'InputFile', disable_content_type_detection: 'Boolean' },
    required: ['chat_id', 'document'],
    check: (p) => captionLimit(p.caption) ?? markup(p.reply_markup),
  },
  editMessageText: {
    params: { business_connection_id: 'String', chat_id: 'ChatId', message_id: 'Integer', inline_message_id: 'String', text: 'String', parse_mode: 'String', entities: 'JsonArray', link_preview_options: 'Json', reply_markup: 'Json' },
    required: ['text'],
    check: (p) => target(p) ?? text(p.text, 4096, 'message text is empty', 'message is too long') ?? markup(p.reply_markup, true),
  },
  editMessageReplyMarkup: {
    params: { business_connection_id: 'String', chat_id: 'ChatId', message_id: 'Integer', inline_message_id: 'String', reply_markup: 'Json' },
    check: (p) => target(p) ?? markup(p.reply_markup, true),
  },
  answerCallbackQuery: {
    params: { callback_query_id: 'String', text: 'String', show_alert: 'Boolean', url: 'String', cache_time: 'Integer' },
    required: ['callback_query_id'],
    check: (p) => (p.text != null && String(p.text).length > 200 ? 'MESSAGE_TOO_LONG' : null),
  },
  getChatMember: { params: { chat_id: 'ChatId', user_id: 'Integer' }, required: ['chat_id', 'user_id'] },
  savePreparedInlineMessage: {
    params: { user_id: 'Integer', result: 'Json', allow_user_chats: 'Boolean', allow_bot_chats: 'Boolean', allow_group_chats: 'Boolean', allow_channel_chats: 'Boolean' },
    required: ['user_id', 'result'],
    check: (p) => {
      const r = json(p.result);
      if (!r?.type || !r?.id) return 'result is invalid';
      if (Buffer.byteLength(String(r.id)) > 64) return 'RESULT_ID_INVALID';
      if (r.reply_markup) return markup(r.reply_markup, true);
      return null;
    },
  },
  createInvoiceLink: {
    params: {
      business_connection_id: 'String', title: 'String', description: 'String', payload: 'String', provider_token: 'String', currency: 'String', prices: 'JsonArray',
      subscription_period: 'Integer', max_tip_amount: 'Integer', suggested_tip_amounts: 'JsonArray', provider_data: 'String', photo_url: 'String', photo_size: 'Integer',
      photo_width: 'Integer', photo_height: 'Integer', need_name: 'Boolean', need_phone_number: 'Boolean', need_email: 'Boolean', need_shipping_address: 'Boolean',
      send_phone_number_to_provider: 'Boolean', send_email_to_provider: 'Boolean', is_flexible: 'Boolean',
    },
    required: ['title', 'description', 'payload', 'currency', 'prices'],
    check: (p) => {
      if (!String(p.title) || String(p.title).length > 32) return 'TITLE_INVALID'; // 1-32 characters
      if (!String(p.description) || String(p.description).length > 255) return 'DESCRIPTION_INVALID';
      const bytes = Buffer.byteLength(String(p.payload));
      if (bytes < 1 || bytes > 128) return 'PAYLOAD_INVALID';
      const prices = json(p.prices) as { label?: unknown; amount?: unknown }[];
      if (!prices.length || prices.some((x) => typeof x?.label !== 'string' || !isInteger(x.amount))) return "can't parse prices JSON object";
      if (p.currency === 'XTR') {
        if (prices.length !== 1) return 'STARS_INVOICE_INVALID'; // exactly one price for Stars
        if (Number(prices[0].amount) < 1) return 'CURRENCY_TOTAL_AMOUNT_INVALID';
        if (p.provider_token) return 'PAYMENT_PROVIDER_INVALID'; // empty for Stars
        if (p.max_tip_amount != null) return 'STARS_INVOICE_INVALID';
      }
      return null;
    },
  },
  answerPreCheckoutQuery: {
    params: { pre_checkout_query_id: 'String', ok: 'Boolean', error_message: 'String' },
    required: ['pre_checkout_query_id', 'ok'],
    check: (p) => (!truthy(p.ok) && !p.error_message ? 'error_message must be non-empty if ok is false' : null),
  },
  refundStarPayment: { params: { user_id: 'Integer', telegram_payment_charge_id: 'String' }, required: ['user_id', 'telegram_payment_charge_id'] },
  getMyStarBalance: { params: {} },
  getStarTransactions: { params: { offset: 'Integer', limit: 'Integer' }, check: (p) => range('limit', p.limit, 1, 100) },
  getAvailableGifts: { params: {} },
  sendGift: {
    params: { user_id: 'Integer', chat_id: 'ChatId', gift_id: 'String', pay_for_upgrade: 'Boolean', text: 'String', text_parse_mode: 'String', text_entities: 'JsonArray' },
    required: ['gift_id'],
    check: (p) => (p.user_id == null && p.chat_id == null ? 'user_id is empty' : p.text != null && String(p.text).length > 128 ? 'GIFT_MESSAGE_TOO_LONG' : null),
  },
  getUserGifts: {
    params: {
      user_id: 'Integer', exclude_unlimited: 'Boolean', exclude_limited_upgradable: 'Boolean', exclude_limited_non_upgradable: 'Boolean', exclude_from_blockchain: 'Boolean',
      exclude_unique: 'Boolean', sort_by_price: 'Boolean', offset: 'String', limit: 'Integer',
    },
    required: ['user_id'],
    check: (p) => range('limit', p.limit, 1, 100),
  },
};

/** Checks one call; null when Telegram would take it, else the 400's description. */
export function checkCall(method: string, params: Record<string, any>, files: (name: string) => boolean): string | null {
  const spec = BOT_API[method];
  if (!spec) return null;
  for (const name of spec.required ?? []) {
    if (params[name] == null || params[name] === '' && name !== 'url') return `Bad Request: ${name === 'text' ? 'message text' : name} is empty`;
  }
  for (const [name, type] of Object.entries(spec.params)) {
    const v = params[name];
    if (v == null) continue;
    if (!ofType(v, type, files)) return `Bad Request: field "${name}" must be of type ${type === 'Json' || type === 'JsonArray' ? `a JSON-serialized ${type === 'Json' ? 'object' : 'array'}` : type}`;
  }
  const why = spec.check?.(params);
  return why ? `Bad Request: ${why}` : null;
}

function ofType(v: unknown, type: ParamType, files: (name: string) => boolean): boolean {
  switch (type) {
    case 'Integer':
      return isInteger(v);
    case 'String': // multipart fields arrive as text, which the fake reads back as JSON where it parses
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    case 'Boolean':
      return typeof v === 'boolean' || v === 'true' || v === 'false';
    case 'ChatId':
      return isInteger(v) || (typeof v === 'string' && /^@[A-Za-z]\w{3,}$/.test(v));
    case 'Json':
      return json(v) !== null && typeof json(v) === 'object' && !Array.isArray(json(v));
    case 'JsonArray':
      return Array.isArray(json(v));
    case 'InputFile':
      if (typeof v === 'string') return v.startsWith('attach://') ? files(v.slice(9)) : v.length > 0;
      return typeof v === 'object' && v !== null && Buffer.isBuffer((v as { content?: unknown }).content);
  }
}

function isInteger(v: unknown) {
  return (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && /^-?\d{1,19}$/.test(v));
}

function truthy(v: unknown) {
  return v === true || v === 'true';
}

function json(v: unknown): any {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

function range(name: string, v: unknown, min: number, max: number) {
  return v != null && (Number(v) < min || Number(v) > max) ? `${name} must be between ${min} and ${max}` : null;
}

function text(v: unknown, max: number, empty: string, long: string) {
  const s = String(v ?? '');
  if (!s.trim()) return empty;
  return s.length > max ? long : null;
}

function captionLimit(v: unknown) {
  return v != null && String(v).length > 1024 ? 'message caption is too long' : null;
}

/** One of chat_id + message_id or inline_message_id names the message to edit. */
function target(p: Record<string, any>) {
  if (p.inline_message_id != null) return null;
  if (p.chat_id == null) return 'chat_id is empty';
  return p.message_id == null ? 'message identifier is not specified' : null;
}

const BUTTON_ACTIONS = ['url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay'];

/** A reply markup Telegram can parse: an inline keyboard of buttons with text and exactly one action. */
function markup(v: unknown, inlineOnly = false): string | null {
  if (v == null) return null;
  const m = json(v);
  if (!m || typeof m !== 'object') return "can't parse reply keyboard markup JSON object";
  if (!m.inline_keyboard) {
    if (inlineOnly) return "can't parse inline keyboard markup JSON object";
    return m.keyboard || m.remove_keyboard || m.force_reply ? null : "can't parse reply keyboard markup JSON object";
  }
  if (!Array.isArray(m.inline_keyboard) || m.inline_keyboard.some((row: unknown) => !Array.isArray(row))) return 'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays';
  for (const b of m.inline_keyboard.flat()) {
    if (typeof b?.text !== 'string' || !b.text) return 'text buttons are unallowed in the inline keyboard';
    const actions = BUTTON_ACTIONS.filter((a) => b[a] != null);
    if (actions.length !== 1) return "can't parse inline keyboard button: Can't find field \"url\"";
    if (b.callback_data != null && (Buffer.byteLength(String(b.callback_data)) < 1 || Buffer.byteLength(String(b.callback_data)) > 64)) return 'BUTTON_DATA_INVALID';
    if (b.url != null && !/^(https?|tg):\/\/\S+$/.test(String(b.url))) return `inline keyboard button URL '${b.url}' is invalid: Wrong HTTP URL`;
    if (b.web_app != null && !/^https:\/\/\S+$/.test(String(b.web_app?.url))) return `inline keyboard button Web App URL '${b.web_app?.url}' is invalid: Only HTTPS links are allowed`;
  }
  return null;
}
