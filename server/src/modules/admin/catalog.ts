import { mergeRouters } from '../../trpc.ts';
import { shopAdminRouter } from '../shop/admin.router.ts';
import { adminTasksRouter } from '../tasks/admin.router.ts';

/** `admin.catalog.*`: tasks and products, each administered from its own domain, under one name. */
export const adminCatalogRouter = mergeRouters(adminTasksRouter, shopAdminRouter);
