type Lang = 'en' | 'ru';

/** What participants and admins read about withdrawals, in both languages. */
export const withdrawalText = {
  rejected: (amount: string, reason: string) => (l: Lang) =>
    l === 'ru' ? `Заявка на вывод ${amount} отклонена: ${reason}. Средства возвращены на баланс.` : `Your withdrawal of ${amount} was rejected: ${reason}. The funds are back on your balance.`,
  completed: (amount: string) => (l: Lang) =>
    l === 'ru' ? `Вывод ${amount} выполнен. Средства отправлены на ваш кошелёк.` : `Your withdrawal of ${amount} is complete. It was sent to your wallet.`,
  failed: (amount: string) => (l: Lang) =>
    l === 'ru' ? `Вывод ${amount} не удался. Средства возвращены на баланс.` : `Your withdrawal of ${amount} failed. The funds are back on your balance.`,
};

const ADMIN_WORDS = {
  en: { from: 'From', amount: 'Amount', fee: 'fee', to: 'To', risk: 'Risk', none: 'none', approvals: 'Approvals', approve: '✅ Approve', reject: '❌ Reject' },
  ru: { from: 'От', amount: 'Сумма', fee: 'комиссия', to: 'Куда', risk: 'Риск', none: 'нет', approvals: 'Одобрения', approve: '✅ Одобрить', reject: '❌ Отклонить' },
};
const STATUS: Record<Lang, Record<string, string>> = {
  en: { REQUESTED: 'requested', APPROVED: 'approved', SENDING: 'sending', COMPLETED: 'completed', REJECTED: 'rejected', FAILED: 'failed', CANCELLED: 'cancelled' },
  ru: { REQUESTED: 'запрошен', APPROVED: 'одобрен', SENDING: 'отправляется', COMPLETED: 'выполнен', REJECTED: 'отклонён', FAILED: 'не удался', CANCELLED: 'отменён' },
};

export const adminText = {
  request: (o: { id: number; who: string; amount: string; fee: string; address: string; flags: string[]; status: string; approvals: number; needed: number }, l: Lang = 'en') => {
    const w = ADMIN_WORDS[l];
    return [
      `💸 ${l === 'ru' ? 'Вывод' : 'Withdrawal'} #${o.id} — ${STATUS[l][o.status] ?? o.status}`,
      `${w.from}: ${o.who}`,
      `${w.amount}: ${o.amount} (${w.fee} ${o.fee})`,
      `${w.to}: ${o.address}`,
      `${w.risk}: ${o.flags.length ? o.flags.join(', ') : w.none}`,
      `${w.approvals}: ${o.approvals}/${o.needed}`,
    ].join('\n');
  },
  buttons: (l: Lang) => ({ approve: ADMIN_WORDS[l].approve, reject: ADMIN_WORDS[l].reject }),
};
