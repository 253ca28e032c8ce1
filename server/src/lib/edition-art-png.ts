import { Resvg } from '@resvg/resvg-js';
import { editionArtSvg, type ArtAttributes } from './edition-art.ts';

/**
 * The same picture as PNG, for where SVG is not taken: Telegram's sendPhoto accepts JPEG/PNG/WebP only.
 * Rendered from the one SVG, so the bot's photo and the NFT image cannot drift apart.
 */
export function editionArtPng(a: ArtAttributes, size = 512): Buffer {
  return Buffer.from(new Resvg(editionArtSvg(a), { fitTo: { mode: 'width', value: size } }).render().asPng());
}
