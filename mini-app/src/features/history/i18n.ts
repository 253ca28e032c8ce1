export default {
  en: {
    title: 'History',
    empty: 'No movements yet.',
    more: 'Show more',
    kinds: {
      TASK_REWARD: 'Task reward', REFERRAL_REWARD: 'Friend bonus', AWARD: 'Prize', DEMO_GRANT: 'Welcome points', PURCHASE: 'Purchase',
      POINTS_PACK: 'Points pack', POINTS_PACK_REVERSAL: 'Pack refunded', STARS_PAYMENT: 'Stars payment', STARS_REFUND: 'Stars refunded', REFUND: 'Refund',
      TON_PAYMENT: 'TON payment', WITHDRAWAL_HOLD: 'Withdrawal (held)', WITHDRAWAL_FEE_HOLD: 'Withdrawal fee (held)', WITHDRAWAL_CANCELLED: 'Withdrawal cancelled',
      WITHDRAWAL_REJECTED: 'Withdrawal returned', WITHDRAWAL_FAILED: 'Withdrawal returned', MARKET_SALE: 'Marketplace', MARKET_FEE: 'Marketplace fee', SEASON_PRIZE: 'Season prize',
      EVENT_ATTENDANCE: 'Event attendance',
    },
  },
  ru: {
    title: 'История',
    empty: 'Движений пока нет.',
    more: 'Показать ещё',
    kinds: {
      TASK_REWARD: 'Награда за задание', REFERRAL_REWARD: 'Бонус за друга', AWARD: 'Приз', DEMO_GRANT: 'Приветственные баллы', PURCHASE: 'Покупка',
      POINTS_PACK: 'Пакет баллов', POINTS_PACK_REVERSAL: 'Возврат пакета', STARS_PAYMENT: 'Оплата звёздами', STARS_REFUND: 'Возврат звёзд', REFUND: 'Возврат',
      TON_PAYMENT: 'Оплата TON', WITHDRAWAL_HOLD: 'Вывод (заморожено)', WITHDRAWAL_FEE_HOLD: 'Комиссия вывода (заморожено)', WITHDRAWAL_CANCELLED: 'Вывод отменён',
      WITHDRAWAL_REJECTED: 'Вывод возвращён', WITHDRAWAL_FAILED: 'Вывод возвращён', MARKET_SALE: 'Маркетплейс', MARKET_FEE: 'Комиссия маркетплейса', SEASON_PRIZE: 'Приз сезона',
      EVENT_ATTENDANCE: 'Участие в событии',
    },
  },
};
