import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cell } from '@ton/core';
import { runTolkCompiler } from '@ton/tolk-js';

let cached: Promise<Cell> | null = null;

/** The treasury's code, compiled from treasury.tolk with the Tolk compiler (offline, cached). */
export function treasuryCode(): Promise<Cell> {
  cached ??= (async () => {
    const r = await runTolkCompiler({ entrypointFileName: 'treasury.tolk', fsReadCallback: (p) => readFileSync(join(import.meta.dirname, p), 'utf8') });
    if (r.status !== 'ok') throw new Error(`treasury.tolk does not compile: ${r.message}`);
    return Cell.fromBase64(r.codeBoc64);
  })();
  return cached;
}
