import type { Api } from 'grammy';

/** The Bot API as the domain uses it: grammY's client, pointed at TELEGRAM_API_ROOT (a loopback fake in tests). */
export type TelegramGateway = Api;

export const MEMBER_STATUSES = new Set(['creator', 'administrator', 'member']);

export function isMember(m: { status: string; is_member?: boolean }): boolean {
  return MEMBER_STATUSES.has(m.status) || (m.status === 'restricted' && m.is_member === true);
}
