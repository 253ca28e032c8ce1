import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cell } from '@ton/core';
import { runTolkCompiler } from '@ton/tolk-js';

const cache = new Map<string, Promise<Cell>>();

function compile(file: string): Promise<Cell> {
  let c = cache.get(file);
  if (!c) {
    c = (async () => {
      const r = await runTolkCompiler({ entrypointFileName: file, fsReadCallback: (p) => readFileSync(join(import.meta.dirname, p), 'utf8') });
      if (r.status !== 'ok') throw new Error(`${file} does not compile: ${r.message}`);
      return Cell.fromBase64(r.codeBoc64);
    })();
    cache.set(file, c);
  }
  return c;
}

export const nftItemCode = () => compile('nft_item.tolk');
export const nftCollectionCode = () => compile('nft_collection.tolk');
