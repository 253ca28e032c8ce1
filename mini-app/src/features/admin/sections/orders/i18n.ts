export default {
  en: {
    ordersTab: 'Orders',
    ord: {
      orders: 'Orders',
      purchased: 'Purchased',
      anyProduct: 'Any product',
      col: { product: 'Product', delivery: 'Delivery', kind: 'Kind', since: 'Since', until: 'Until' },
      status: { PENDING: 'Awaiting payment', FULFILLED: 'Fulfilled', REFUNDED: 'Refunded', CANCELLED: 'Cancelled' },
      delivery: { PENDING: 'Not yet', DELIVERED: 'Delivered', ACTIVE: 'Active', ENDED: 'Ended', REVOKED: 'Taken back' },
      kind: { ITEM: 'Product', BOOST: 'Boost' },
    },
  },
  ru: {
    ordersTab: 'Заказы',
    ord: {
      orders: 'Заказы',
      purchased: 'Купленное',
      anyProduct: 'Любой товар',
      col: { product: 'Товар', delivery: 'Выдача', kind: 'Вид', since: 'С', until: 'До' },
      status: { PENDING: 'Ждёт оплаты', FULFILLED: 'Выполнен', REFUNDED: 'Возвращён', CANCELLED: 'Отменён' },
      delivery: { PENDING: 'Ещё нет', DELIVERED: 'Выдан', ACTIVE: 'Действует', ENDED: 'Закончился', REVOKED: 'Отозван' },
      kind: { ITEM: 'Товар', BOOST: 'Буст' },
    },
  },
};
