/** What the domain needs from the Bot API; grammY's Api satisfies it, tests point it at a fake. */
export interface TelegramGateway {
  getChatMember(chatId: string | number, userId: number): Promise<{ status: string; is_member?: boolean }>;
}

export const MEMBER_STATUSES = new Set(['creator', 'administrator', 'member']);

export function isMember(m: { status: string; is_member?: boolean }): boolean {
  return MEMBER_STATUSES.has(m.status) || (m.status === 'restricted' && m.is_member === true);
}
