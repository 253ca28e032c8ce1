import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../../mini-app/scripts/build-plugins.mjs';
import { IMMUTABLE, serveMiniApp } from './mini-app.ts';

// A build as Vite lays it out (hashed files under assets/), compressed by the build's own step.
let dir: string;
let app: FastifyInstance;
const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word-${i}`))};\n`;
const html = `<!doctype html><html><head><title>TON Loyalty</title><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root">${'<i></i>'.repeat(100)}</div></body></html>`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mini-app-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-Ab12Cd34.js'), script);
  writeFileSync(join(dir, 'index.html'), html);
  writeFileSync(join(dir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await precompressDir(dir);
  app = Fastify();
  app.get('/trpc/profile.me', async () => ({ ok: true }));
  await serveMiniApp(app, dir);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, encoding?: string) => app.inject({ method: 'GET', url, headers: encoding === undefined ? {} : { 'accept-encoding': encoding } });
const varies = (v: unknown) => String(v).toLowerCase().split(/\s*,\s*/).includes('accept-encoding');

describe('the built Mini App over HTTP', () => {
  it('writes a Brotli and a gzip copy beside each file worth compressing, not beside a tiny one', () => {
    expect(existsSync(join(dir, 'assets', 'index-Ab12Cd34.js.br'))).toBe(true);
    expect(existsSync(join(dir, 'assets', 'index-Ab12Cd34.js.gz'))).toBe(true);
    expect(existsSync(join(dir, 'index.html.br'))).toBe(true);
    expect(existsSync(join(dir, 'icon.svg.br'))).toBe(false);
  });

  it('sends a hashed script as Brotli to a browser that takes it, cached for a year, and it decompresses to the file', async () => {
    const res = await get('/assets/index-Ab12Cd34.js', 'gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(varies(res.headers.vary)).toBe(true);
    expect(res.rawPayload.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(res.rawPayload).toString('utf8')).toBe(script);
  });

  it('sends gzip to a client without Brotli and the plain file to one that takes neither, both saying they vary', async () => {
    const gz = await get('/assets/index-Ab12Cd34.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe(IMMUTABLE);
    expect(varies(gz.headers.vary)).toBe(true);
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(script);

    const plain = await get('/assets/index-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(varies(plain.headers.vary)).toBe(true);
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
    expect(plain.payload).toBe(script);
  });

  it('never lets index.html be cached without asking, at / and as the fallback of a client-side route', async () => {
    for (const url of ['/', '/index.html', '/profile/wallet']) {
      const res = await get(url, 'br, gzip');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(varies(res.headers.vary), url).toBe(true);
      expect(brotliDecompressSync(res.rawPayload).toString('utf8'), url).toBe(html);
    }
    const plain = await get('/profile/wallet');
    expect(plain.payload).toBe(html);
  });

  it('keeps other files out of the long cache and answers a missing asset or API path with 404, not the shell', async () => {
    const icon = await get('/icon.svg', 'br, gzip');
    expect(icon.headers['cache-control']).toBe('no-cache');
    expect(icon.headers['content-encoding']).toBeUndefined();
    expect(icon.payload).toBe(readFileSync(join(dir, 'icon.svg'), 'utf8'));
    expect((await get('/assets/index-Missing1.js', 'br')).statusCode).toBe(404);
    expect((await get('/trpc/nothing.here')).statusCode).toBe(404);
    expect((await get('/trpc/profile.me')).json()).toEqual({ ok: true });
  });
});
