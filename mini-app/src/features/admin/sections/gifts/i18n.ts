export default {
  en: {
    gifts: 'Gifts',
    giftTo: 'Recipient’s Telegram id',
    giftReason: 'Reason (e.g. weekly top 1)',
    send: 'Send',
    giftSent: 'Gift sent',
    giftDuplicate: 'Already sent for this reason',
  },
  ru: {
    gifts: 'Подарки',
    giftTo: 'Telegram id получателя',
    giftReason: 'Причина (например, топ-1 недели)',
    send: 'Отправить',
    giftSent: 'Подарок отправлен',
    giftDuplicate: 'Уже отправлено по этой причине',
  },
};
