import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { pick } from '../../lib/localized.ts';
import { editionArtSvg, type ArtAttributes } from '../../lib/edition-art.ts';
import { editionArtPng } from '../../lib/edition-art-png.ts';
import type { AttributeTables } from '../editions/roll.ts';

const IMAGE_CACHE = 'public, max-age=86400';

/** A collection's cover: the rarest model on the rarest backdrop with the rarest symbol. */
function coverAttributes(tables: AttributeTables): ArtAttributes {
  const rarest = (xs: { value: string; permille: number }[]) => [...xs].sort((a, b) => a.permille - b.permille)[0]?.value ?? '';
  return { model: rarest(tables.model), backdrop: rarest(tables.backdrop), symbol: rarest(tables.symbol) };
}

/**
 * TEP-64 off-chain metadata at stable URLs: the NFT collection's content points at
 * `<PUBLIC_URL>/nft/<slug>/collection.json` and each item's at `<PUBLIC_URL>/nft/<slug>/<number>.json`.
 */
export function registerMetadataRoutes(app: FastifyInstance, deps: AppDeps) {
  const base = deps.config.publicUrl;
  app.get('/nft/:slug/collection.json', async (req, reply) => {
    const { slug } = req.params as { slug: string };
    const c = await deps.prisma.collection.findUnique({ where: { slug } });
    if (!c) return reply.code(404).send({ error: 'Not found' });
    return {
      name: pick(c.title, 'en'),
      description: pick(c.description, 'en'),
      image: c.coverUrl ?? `${base}/nft/${slug}/cover.svg`,
      external_url: `${base}/`,
      social_links: [],
    };
  });
  app.get('/nft/:slug/:file', async (req, reply) => {
    const { slug, file } = req.params as { slug: string; file: string };
    // Nine digits at most: a number past INTEGER would be refused by the database, not "not found".
    const m = /^(\d{1,9}|cover)\.(json|svg|png)$/.exec(file);
    if (!m || (m[1] === 'cover' && m[2] === 'json')) return reply.code(404).send({ error: 'Not found' });
    const c = await deps.prisma.collection.findUnique({ where: { slug } });
    if (!c) return reply.code(404).send({ error: 'Not found' });
    if (m[1] === 'cover') return sendArt(reply, coverAttributes(c.attributes as unknown as AttributeTables), m[2]);
    const e = await deps.prisma.edition.findUnique({ where: { collectionId_number: { collectionId: c.id, number: Number(m[1]) } } });
    if (!e) return reply.code(404).send({ error: 'Not found' });
    if (m[2] !== 'json') return sendArt(reply, e, m[2]);
    const title = pick(c.title, 'en');
    return {
      name: `${title} #${e.number}`,
      description: pick(c.description, 'en'),
      image: `${base}/nft/${slug}/${e.number}.svg`,
      external_url: `${base}/`,
      attributes: [
        { trait_type: 'Model', value: e.model, rarity_per_mille: e.modelPermille },
        { trait_type: 'Backdrop', value: e.backdrop, rarity_per_mille: e.backdropPermille },
        { trait_type: 'Symbol', value: e.symbol, rarity_per_mille: e.symbolPermille },
      ],
    };
  });
}

/** The picture as SVG (what the metadata's image points to) or PNG (for places that take no SVG). */
function sendArt(reply: FastifyReply, a: ArtAttributes, format: string) {
  const attrs = { model: a.model, backdrop: a.backdrop, symbol: a.symbol };
  reply.header('cache-control', IMAGE_CACHE);
  return format === 'png' ? reply.type('image/png').send(editionArtPng(attrs)) : reply.type('image/svg+xml').send(editionArtSvg(attrs));
}
