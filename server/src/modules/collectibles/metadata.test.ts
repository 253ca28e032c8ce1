import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { useServer } from '../../test/server-harness.ts';
import { DEMO_ATTRIBUTES, seedDemoCollectibles } from '../../seed/demo.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { editionArtSvg } from '../../lib/edition-art.ts';
import { artSrc } from '../../../../mini-app/src/features/collectibles/art.ts';

const h = useServer();

describe('NFT metadata (TEP-64, off-chain)', () => {
  it('serves collection and item JSON at stable URLs, with a picture', async () => {
    await seedDemoCollectibles(h.db.prisma, h.clock.now());
    const buyer = { telegramId: 9950 };
    await h.call(buyer, 'profile.me');
    const p = await h.db.prisma.participant.findUniqueOrThrow({ where: { telegramId: 9950n } });
    await inTx(h.db.prisma, (tx) => transfer(tx, { key: 'g', debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount: 1000n, kind: 'AWARD' }));
    const drop = await h.db.prisma.drop.findFirstOrThrow();
    expect((await h.call(buyer, 'collectibles.buy', { dropId: drop.id, currency: 'POINTS' })).status).toBe(200);

    const col = await h.running.app.inject({ url: '/nft/ton-critters/collection.json' });
    expect(col.json()).toMatchObject({ name: 'TON Critters', image: 'https://loyalty.example/nft/ton-critters/cover.svg' });
    const item = await h.running.app.inject({ url: '/nft/ton-critters/1.json' });
    const meta = item.json();
    expect(meta).toMatchObject({ name: 'TON Critters #1', image: 'https://loyalty.example/nft/ton-critters/1.svg' });
    const e = await h.db.prisma.edition.findFirstOrThrow();
    expect(meta.attributes).toEqual([
      { trait_type: 'Model', value: e.model, rarity_per_mille: e.modelPermille },
      { trait_type: 'Backdrop', value: e.backdrop, rarity_per_mille: e.backdropPermille },
      { trait_type: 'Symbol', value: e.symbol, rarity_per_mille: e.symbolPermille },
    ]);
    expect(DEMO_ATTRIBUTES.model.map((m) => m.value)).toContain(e.model);
    const svg = await h.running.app.inject({ url: '/nft/ton-critters/1.svg' });
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    // The picture is drawn from the attributes by the one generator the Mini App draws with too.
    const attrs = { model: e.model, backdrop: e.backdrop, symbol: e.symbol };
    expect(svg.body).toBe(editionArtSvg(attrs));
    expect(decodeURIComponent(artSrc(attrs).split(',').slice(1).join(','))).toBe(svg.body);
    expect(svg.body).not.toContain('<text');
    const png = await h.running.app.inject({ url: '/nft/ton-critters/1.png' });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    // The collection's cover (its metadata's image) answers too: the rarest of each attribute.
    const cover = await h.running.app.inject({ url: '/nft/ton-critters/cover.svg' });
    expect(cover.headers['content-type']).toContain('image/svg+xml');
    expect(cover.body).toBe(editionArtSvg({ model: 'Golden Frog', backdrop: 'Aurora', symbol: 'Diamond' }));
    expect((await h.running.app.inject({ url: '/nft/ton-critters/99999999999.svg' })).statusCode).toBe(404);
    expect((await h.running.app.inject({ url: '/nft/ton-critters/cover.json' })).statusCode).toBe(404);
    expect((await h.running.app.inject({ url: '/nft/ton-critters/2.json' })).statusCode).toBe(404);
    expect((await h.running.app.inject({ url: '/nft/nope/collection.json' })).statusCode).toBe(404);
  });
});
