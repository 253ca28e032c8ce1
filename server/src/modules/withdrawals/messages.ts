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

export const adminText = {
  request: (o: { id: number; who: string; amount: string; fee: string; address: string; flags: string[]; status: string; approvals: number; needed: number }) =>
    [
      `💸 Withdrawal #${o.id} — ${o.status}`,
      `From: ${o.who}`,
      `Amount: ${o.amount} (fee ${o.fee})`,
      `To: ${o.address}`,
      o.flags.length ? `Risk: ${o.flags.join(', ')}` : 'Risk: none',
      `Approvals: ${o.approvals}/${o.needed}`,
    ].join('\n'),
};
