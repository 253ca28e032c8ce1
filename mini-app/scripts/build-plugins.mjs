// Vite plugins for a first screen that paints at once: the entry's CSS inside index.html, and a Brotli (.br)
// and a gzip (.gz) copy beside each text file, which the server sends by Accept-Encoding.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const br = promisify(brotliCompress);
const gz = promisify(gzip);
const TEXT = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/;
// Below this a compressed copy saves less than its headers cost.
const MIN_BYTES = 512;

async function* files(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    // Dot folders (.vite's manifest) are not served.
    if (e.isDirectory()) {
      if (!e.name.startsWith('.')) yield* files(p);
    } else if (TEXT.test(e.name)) yield p;
  }
}

/** Compresses one file both ways; a copy that is not smaller is not written. */
async function compress(path) {
  if ((await stat(path)).size < MIN_BYTES) return;
  const raw = await readFile(path);
  const [b, g] = await Promise.all([
    br(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    gz(raw, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  if (b.length < raw.length) await writeFile(`${path}.br`, b);
  if (g.length < raw.length) await writeFile(`${path}.gz`, g);
}

/** Writes the compressed copies for every text file under `dir`. */
export async function precompressDir(dir) {
  const all = [];
  for await (const p of files(dir)) all.push(p);
  await Promise.all(all.map(compress));
}

/** @returns {import('vite').Plugin} */
export function precompress() {
  let outDir = 'dist';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    // After every file (the public folder's too) is written.
    closeBundle: () => precompressDir(outDir),
  };
}

/**
 * Puts the entry's stylesheet inside index.html: a stylesheet link holds back the first paint (the splash)
 * for a whole round trip, and a few kilobytes in the page, which is checked on every open anyway, cost less.
 * @returns {import('vite').Plugin}
 */
export function inlineEntryCss() {
  return {
    name: 'inline-entry-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return html;
        return html.replace(/[ \t]*<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>\n?/g, (tag, file) => {
          const css = bundle[file];
          if (!css || css.type !== 'asset') return tag;
          return `    <style>${String(css.source).replaceAll('</style', '<\\/style')}</style>\n`;
        });
      },
    },
  };
}
