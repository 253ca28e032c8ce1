import { expect } from 'vitest';
import type { DevUser } from '../modules/auth/init-data.ts';
import { DEMO_ATTRIBUTES } from '../seed/demo.ts';
import type { ServerHarness } from './server-harness.ts';

/** An HTTP answer that must be a success: its data. */
export const ok = (r: { status: number; body: any }) => {
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.result.data;
};

/** The "critters" collection and an open drop of it priced in points, made by an owner over HTTP. */
export async function crittersDrop(s: ServerHarness, owner: DevUser, drop: { title: { en: string; ru: string }; supply: number; startsAt: string; pricePoints: string }) {
  const collection = ok(
    await s.call(owner, 'admin.collectibles.createCollection', {
      slug: 'critters',
      title: { en: 'Critters', ru: 'Зверята' },
      description: { en: 'Critters', ru: 'Зверята' },
      supplyCap: 100,
      attributes: DEMO_ATTRIBUTES,
    }),
  );
  const opened = ok(
    await s.call(owner, 'admin.collectibles.createDrop', {
      collectionId: collection.id,
      title: drop.title,
      supply: drop.supply,
      startsAt: drop.startsAt,
      pricePoints: drop.pricePoints,
    }),
  );
  return { collection, drop: opened };
}
