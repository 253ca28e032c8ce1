import { z } from 'zod';
import { id, page, pageSize, searchText, sortOf } from '../../lib/schemas.ts';
import { OrderStatus } from '../../generated/prisma/enums.ts';

export const ordersFilterSchema = z.object({
  /** A Telegram id, an @username or a name. */
  participant: searchText.optional(),
  product: id.optional(),
  status: z.enum(OrderStatus).optional(),
  page,
  limit: pageSize(),
  sort: sortOf(['id', 'createdAt', 'price'], { by: 'id', dir: 'desc' }),
});
export type OrdersFilter = z.output<typeof ordersFilterSchema>;

export const purchasedFilterSchema = z.object({
  participant: searchText.optional(),
  product: id.optional(),
  kind: z.enum(['ITEM', 'BOOST']).optional(),
  page,
  limit: pageSize(),
  sort: sortOf(['since', 'until', 'participant', 'product', 'kind'], { by: 'since', dir: 'desc' }),
});
export type PurchasedFilter = z.output<typeof purchasedFilterSchema>;
