// Import-cycle check, run by `pnpm test` before vitest (see server/ARCHITECTURE.md).
// Finds runtime import loops between files and between module folders in server/src and mini-app/src,
// and imports that point up the layers (projectLayers below).
// Type-only imports (`import type`, or names used only as types) vanish at compile time, so they do
// not count. Dynamic `import()` does: a loop through it is still a loop in the design.
// Usage: node scripts/check-imports.mjs   (exits 1, printing each loop as a chain and each import against the layers)
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

/**
 * Folder a file belongs to, for the folder-level check: the first pattern that matches, its groups
 * joined by '/'. A domain's routers (`router.ts`, `admin.router.ts`) count apart from its services:
 * they are the tRPC transport, which sits above every domain (trpc.ts signs participants in).
 */
export const projectFolders = [
  /^(server\/src\/modules\/[^/]+)\/(?:[\w-]+\.)?(router)\.ts$/,
  /^(server\/src\/modules\/[^/]+)\//,
  /^(server\/src\/[^/]+)/,
  /^(mini-app\/src\/features\/[^/]+)\//,
  /^(mini-app\/src\/[^/]+)/,
];

export const projectRoots = ['server/src', 'mini-app/src'];
export const projectExclude = ['\\.test\\.tsx?$', '/generated/', '^server/src/test/', 'node_modules'];

/**
 * Imports that point down the layers the wrong way even without closing a loop (yet). Each rule: files
 * matching `from` may not import, at run time, files matching `to`. See server/ARCHITECTURE.md.
 */
export const projectLayers = [
  {
    name: 'lib, config and db import no domain, transport or composition',
    from: /^server\/src\/(lib\/|db\/|config\.ts$)/,
    to: /^server\/src\/(modules|bot|http|jobs|seed)\/|^server\/src\/(trpc|router|app|server|main|context)\.ts$/,
  },
  {
    // The audit log sits beside the ledger: both are append-only records every domain writes to.
    name: 'the ledger and the audit log import no domain',
    from: /^server\/src\/modules\/(ledger|audit)\/(?!(?:[\w-]+\.)?router\.ts$)/,
    to: /^server\/src\/modules\/(?!ledger\/|audit\/)|^server\/src\/(bot|http|jobs|seed)\/|^server\/src\/(trpc|router|app|server|main)\.ts$/,
  },
  {
    // modules/admin holds only routers (the back office's procedures).
    name: 'domain services import no transport (bot, HTTP, jobs, trpc.ts) and no composition',
    from: /^server\/src\/modules\/(?!admin\/)[^/]+\/(?!(?:[\w-]+\.)?router\.ts$)/,
    to: /^server\/src\/(bot|http|jobs|seed)\/|^server\/src\/(trpc|router|app|server|main)\.ts$/,
  },
  { name: 'the Mini App’s lib imports neither kit, features nor the shell', from: /^mini-app\/src\/lib\//, to: /^mini-app\/src\/(kit|features|app)\/|^mini-app\/src\/main\.tsx$/ },
  { name: 'the Mini App’s kit imports neither features nor the shell', from: /^mini-app\/src\/kit\//, to: /^mini-app\/src\/(features|app)\/|^mini-app\/src\/main\.tsx$/ },
  { name: 'Mini App features do not import the shell', from: /^mini-app\/src\/features\//, to: /^mini-app\/src\/app\/|^mini-app\/src\/main\.tsx$/ },
];

const COMPILE_TIME_ONLY = new Set(['type-only', 'pre-compilation-only']);

/** Runtime import graph (file → files it imports) of the given roots, paths relative to `cwd`. */
export async function runtimeGraph(roots, { exclude = projectExclude, cwd = process.cwd() } = {}) {
  const { output } = await cruise(
    roots,
    { baseDir: cwd, tsPreCompilationDeps: 'specify', exclude: { path: exclude }, doNotFollow: { path: ['node_modules'] } },
    { extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs'] },
  );
  const inRoots = (p) => roots.some((r) => p === r || p.startsWith(`${r.replace(/\/$/, '')}/`));
  const graph = new Map();
  for (const m of output.modules) {
    if (!inRoots(m.source)) continue;
    const targets = graph.get(m.source) ?? new Set();
    for (const d of m.dependencies) {
      if (!inRoots(d.resolved) || d.couldNotResolve) continue;
      if (d.dependencyTypes.some((t) => COMPILE_TIME_ONLY.has(t))) continue;
      targets.add(d.resolved);
    }
    graph.set(m.source, targets);
  }
  return graph;
}

/** The same graph with each file replaced by its folder; `via` keeps one file-level import per folder edge. */
export function collapse(graph, patterns = projectFolders) {
  const folderOf = (file) => {
    for (const p of patterns) {
      const m = p.exec(file);
      if (m) return m.slice(1).filter(Boolean).join('/');
    }
    return file;
  };
  const folders = new Map();
  const via = new Map();
  for (const [from, targets] of graph) {
    const a = folderOf(from);
    if (!folders.has(a)) folders.set(a, new Set());
    for (const to of targets) {
      const b = folderOf(to);
      if (a === b) continue;
      folders.get(a).add(b);
      if (!via.has(`${a}\n${b}`)) via.set(`${a}\n${b}`, `${from} → ${to}`);
    }
  }
  return { graph: folders, via };
}

/** Strongly connected components with more than one node (Tarjan), each sorted. */
function loops(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** Shortest path from `from` to `to` through `members` (breadth first), both ends included. */
function shortestPath(graph, members, from, to) {
  const prev = new Map([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const v = queue.shift();
    if (v === to) {
      const path = [];
      for (let x = v; x !== null; x = prev.get(x)) path.unshift(x);
      return path;
    }
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (members.has(w) && !prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return null;
}

/**
 * Readable loops: per tangle (strongly connected set), the shortest loop through each of its imports,
 * so every import that would have to go to untie it shows up in some chain. A chain ends where it began.
 */
export function cycles(graph) {
  const result = [];
  for (const scc of loops(graph)) {
    const members = new Set(scc);
    const seen = new Set();
    const chains = [];
    for (const u of scc) {
      for (const v of [...(graph.get(u) ?? [])].sort()) {
        if (!members.has(v)) continue;
        const loop = [u, ...shortestPath(graph, members, v, u)];
        loop.pop();
        // The same loop found from another of its imports: compare from its smallest node.
        const at = loop.indexOf([...loop].sort()[0]);
        const rotated = [...loop.slice(at), ...loop.slice(0, at)];
        const key = rotated.join('\n');
        if (seen.has(key)) continue;
        seen.add(key);
        chains.push([...rotated, rotated[0]]);
      }
    }
    chains.sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()));
    result.push({ members: scc, chains });
  }
  return result;
}

/** Every runtime import that breaks a layer rule, as `{ rule, from, to }`. */
export function layerBreaches(graph, rules = projectLayers) {
  const out = [];
  for (const [from, targets] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
    for (const rule of rules) {
      if (!rule.from.test(from)) continue;
      for (const to of [...targets].sort()) if (rule.to.test(to)) out.push({ rule: rule.name, from, to });
    }
  }
  return out;
}

export async function checkImports(roots = projectRoots, opts = {}) {
  const graph = await runtimeGraph(roots, opts);
  const folders = collapse(graph, opts.folders ?? projectFolders);
  const layers = layerBreaches(graph, opts.layers ?? projectLayers);
  return { files: cycles(graph), folders: cycles(folders.graph), via: folders.via, layers };
}

function print({ files, folders, via, layers }) {
  const lines = [];
  if (layers.length) {
    lines.push(`Imports against the layers (${layers.length}):`);
    let rule = null;
    for (const b of layers) {
      if (b.rule !== rule) lines.push(`  ${(rule = b.rule)}:`);
      lines.push(`    ${b.from} → ${b.to}`);
    }
  }
  if (files.length) {
    lines.push(`Import loops between files (${files.length}):`);
    for (const { members, chains } of files) {
      lines.push(`  ${members.length} files tied together:`);
      for (const c of chains) lines.push(`    ${c.join(' → ')}`);
    }
  }
  if (folders.length) {
    lines.push(`Import loops between module folders (${folders.length}):`);
    for (const { members, chains } of folders) {
      lines.push(`  ${members.length} folders tied together: ${members.join(', ')}`);
      for (const c of chains) {
        lines.push(`    ${c.join(' → ')}`);
        for (let i = 0; i + 1 < c.length; i++) lines.push(`      ${via.get(`${c[i]}\n${c[i + 1]}`)}`);
      }
    }
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = await checkImports(projectRoots, { cwd: root });
  if (result.files.length || result.folders.length || result.layers.length) {
    console.error(print(result));
    console.error(`\nRuntime import loops or imports against the layers found (type-only imports aside). Layers and rules: ${relative(process.cwd(), `${root}server/ARCHITECTURE.md`)}`);
    process.exit(1);
  }
  console.log('Import check: no runtime import loops and no imports against the layers in server/src or mini-app/src.');
}
