import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { pick } from '../../lib/localized.ts';

/** Deterministic colours per attribute value, so an edition's picture never changes. */
function hue(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.codePointAt(0)!) % 360;
  return h;
}

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function editionSvg(e: { number: number; model: string; backdrop: string; symbol: string }, title: string): string {
  const bg = hue(e.backdrop);
  const fg = hue(e.model);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
<defs><radialGradient id="g" cx="50%" cy="45%" r="70%"><stop offset="0" stop-color="hsl(${bg},70%,62%)"/><stop offset="1" stop-color="hsl(${bg},60%,28%)"/></radialGradient></defs>
<rect width="512" height="512" rx="48" fill="url(#g)"/>
<circle cx="256" cy="230" r="120" fill="hsl(${fg},75%,55%)" stroke="rgba(255,255,255,.6)" stroke-width="8"/>
<text x="256" y="250" font-family="sans-serif" font-size="38" font-weight="700" text-anchor="middle" fill="#fff">${esc(e.symbol)}</text>
<text x="256" y="410" font-family="sans-serif" font-size="30" font-weight="700" text-anchor="middle" fill="#fff">${esc(e.model)}</text>
<text x="256" y="455" font-family="sans-serif" font-size="22" text-anchor="middle" fill="rgba(255,255,255,.85)">${esc(title)} #${e.number}</text>
</svg>`;
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
    const m = /^(\d+)\.(json|svg)$/.exec(file);
    if (!m) return reply.code(404).send({ error: 'Not found' });
    const c = await deps.prisma.collection.findUnique({ where: { slug } });
    const e = c ? await deps.prisma.edition.findUnique({ where: { collectionId_number: { collectionId: c.id, number: Number(m[1]) } } }) : null;
    if (!c || !e) return reply.code(404).send({ error: 'Not found' });
    const title = pick(c.title, 'en');
    if (m[2] === 'svg') return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(editionSvg(e, title));
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
