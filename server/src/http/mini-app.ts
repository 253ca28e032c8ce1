import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { miniAppDist } from '../lib/paths.ts';

/** Vite names what it builds under /assets/ by content hash: a changed file is a new URL. */
const HASHED = /^\/assets\//;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Serves the built Mini App from `root` (mini-app/dist), with client-side routes falling back to its shell. */
export async function serveMiniApp(app: FastifyInstance, root = miniAppDist) {
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain').send('The Mini App is not built yet: run `pnpm build` (pnpm start does it for you).'),
    );
    return;
  }
  // The build writes .br and .gz beside each file; the one the client accepts is sent (with Vary: Accept-Encoding).
  // Hashed files are cached for a year; the rest (index.html above all) is checked again on every open.
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, path) => {
      const url = path.slice(root.length).replaceAll('\\', '/');
      res.header('cache-control', HASHED.test(url) ? IMMUTABLE : 'no-cache');
    },
  });
  // The back office in a desktop browser: the same app, which shows the console there. Never framed by another site.
  app.get('/admin', (_req, reply) =>
    reply.header('x-frame-options', 'DENY').header('content-security-policy', "frame-ancestors 'none'").header('referrer-policy', 'same-origin').sendFile('index.html'),
  );
  // Client-side routes fall back to the app shell; API paths keep their 404s.
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !/^\/(trpc|telegram|dev|healthz|nft|auth)/.test(req.url) && !/\.\w+$/.test(req.url.split('?')[0])) {
      return reply.sendFile('index.html');
    }
    return reply.code(404).send({ error: 'Not found' });
  });
}
