/** Payment texts participants read (Telegram's payment sheet, bot messages), in both languages. */
type Lang = 'en' | 'ru';

export const paymentText = {
  expired: (l: Lang) => (l === 'ru' ? 'Счёт истёк. Начните покупку заново.' : 'This invoice has expired. Please start the purchase again.'),
  notPending: (l: Lang) => (l === 'ru' ? 'Этот счёт уже оплачен или отменён.' : 'This invoice is already paid or cancelled.'),
  changed: (l: Lang) => (l === 'ru' ? 'Сумма счёта изменилась. Начните покупку заново.' : 'The invoice amount has changed. Please start the purchase again.'),
  notYours: (l: Lang) => (l === 'ru' ? 'Этот счёт выставлен другому участнику.' : 'This invoice belongs to another participant.'),
  unknown: (l: Lang) => (l === 'ru' ? 'Счёт не найден.' : 'Invoice not found.'),
  soldOut: (l: Lang) => (l === 'ru' ? 'Товар закончился.' : 'This product is sold out.'),
  paid: (title: string, amount: string) => (l: Lang) =>
    l === 'ru' ? `Оплата получена: ${title} (${amount}). Спасибо!` : `Payment received: ${title} (${amount}). Thank you!`,
  underpaid: (got: string, need: string) => (l: Lang) =>
    l === 'ru'
      ? `Получено ${got} из ${need}. Сумма зачислена на ваш баланс TON; счёт не оплачен полностью.`
      : `Received ${got} of ${need}. The amount is on your TON balance; the invoice is not fully paid.`,
  refunded: (title: string) => (l: Lang) =>
    l === 'ru' ? `Возврат выполнен: ${title}.` : `Refund completed: ${title}.`,
};
