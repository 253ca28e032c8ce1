// What the browser must fetch before Home can draw, read from the build's manifest (dist/.vite/manifest.json):
// the entry chunk and everything it imports statically. Shared by the size budget test and `pnpm bench:web`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface SizedFile {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export interface HomeBundle {
  /** The scripts Home needs, entry first. */
  js: SizedFile[];
  /** Stylesheets still linked (the entry's is inside index.html). */
  css: SizedFile[];
  html: SizedFile;
  /** Source modules that are chunk entries in that set (src/main.tsx, …): what loads eagerly. */
  sources: string[];
  /** The text of those scripts, to look for what must not be there. */
  code: string;
}

export const sum = (files: SizedFile[], k: 'raw' | 'gzip' | 'brotli') => files.reduce((n, f) => n + f[k], 0);

function size(dist: string, file: string): SizedFile & { text: string } {
  const buf = readFileSync(join(dist, file));
  return {
    file,
    raw: buf.length,
    // Sizes as the budget counts them: gzip at the level the build uses, whatever the server negotiates.
    gzip: gzipSync(buf, { level: constants.Z_BEST_COMPRESSION }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length,
    text: buf.toString('utf8'),
  };
}

/** The build manifest's chunks Home needs: the entry and what it imports statically, entry first. */
function homeChunks(dist: string): ManifestChunk[] {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
  if (!entry) throw new Error('the build manifest has no entry');
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key].imports ?? []) visit(i);
  };
  visit(entry);
  return [...seen].map((k) => manifest[k]);
}

/** The files Home needs before it can draw (the service worker keeps these): its scripts and index.html. */
export const homeFiles = (dist: string): string[] => ['index.html', ...homeChunks(dist).map((c) => c.file)];

export function homeBundle(dist: string): HomeBundle {
  const chunks = homeChunks(dist);
  const js = chunks.map((c) => size(dist, c.file));
  const html = size(dist, 'index.html');
  const css = [...new Set(chunks.flatMap((c) => c.css ?? []))].filter((f) => html.text.includes(`/${f}"`)).map((f) => size(dist, f));
  const strip = ({ text: _t, ...f }: SizedFile & { text: string }): SizedFile => f;
  return {
    js: js.map(strip),
    css: css.map(strip),
    html: strip(html),
    sources: chunks.flatMap((c) => (c.src ? [c.src] : [])),
    code: js.map((f) => f.text).join('\n'),
  };
}

/** The files a lazily loaded module (by its source path, e.g. src/kit/ton-connect.tsx) brings that Home does not. */
export function lazyFiles(dist: string, src: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const closure = (key: string, seen = new Set<string>()) => {
    if (!seen.has(key)) {
      seen.add(key);
      for (const i of manifest[key]?.imports ?? []) closure(i, seen);
    }
    return seen;
  };
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry)!;
  const home = closure(entry);
  const key = Object.keys(manifest).find((k) => manifest[k].src === src);
  if (!key) return [];
  return [...closure(key)].filter((k) => !home.has(k)).map((k) => manifest[k].file);
}
