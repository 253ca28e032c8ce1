import { editionArtSvg, type ArtAttributes } from '@app/server/lib/edition-art.ts';

export type { ArtAttributes };

/** The edition's picture, drawn here by the server's own generator: the same bytes as its NFT image. */
export const artSrc = (a: ArtAttributes) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(editionArtSvg(a))}`;
