import { describe, expect, it } from 'vitest';
import { editionArtSvg } from './edition-art.ts';
import { editionArtPng } from './edition-art-png.ts';

const frog = { model: 'Golden Frog', backdrop: 'Aurora', symbol: 'Diamond' };

describe('edition art', () => {
  it('draws the same bytes from the same attributes, and another picture from others', () => {
    expect(editionArtSvg({ ...frog })).toBe(editionArtSvg(frog));
    const others = [
      { ...frog, model: 'Neon Cat' },
      { ...frog, backdrop: 'Midnight' },
      { ...frog, symbol: 'Star' },
      { model: 'Zorblax 3000', backdrop: 'Unheard-of', symbol: 'Glyph' },
    ].map(editionArtSvg);
    expect(new Set([editionArtSvg(frog), ...others]).size).toBe(5);
  });

  it('is the backdrop as a radial gradient, the symbol repeated around, a figure in the middle; no words', () => {
    const svg = editionArtSvg(frog);
    expect(svg).toMatch(/<radialGradient id="bg-/);
    expect(svg.match(/<use href="#sym-/g)!.length).toBeGreaterThanOrEqual(40);
    expect(svg).not.toContain('<text');
    expect(svg).not.toContain('Golden Frog');
  });

  it('keeps names that look like markup out of the picture', () => {
    const svg = editionArtSvg({ model: '<script>alert(1)</script>', backdrop: '"><x', symbol: '&amp;' });
    expect(svg).not.toMatch(/<script|<x|&amp;/);
  });

  it('renders to a PNG Telegram accepts as a photo', () => {
    const png = editionArtPng(frog);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // Width and height from the IHDR chunk.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    expect(editionArtPng(frog).equals(png)).toBe(true);
  });
});
