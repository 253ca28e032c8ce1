/**
 * An edition's picture, drawn the way Telegram's collectible gifts look: the backdrop as a radial
 * gradient in its two colours, the symbol repeated in rings around, the model as a figure in the
 * middle. Pure and deterministic (no I/O, no Node or DOM APIs) so the server (NFT metadata, the bot)
 * and the Mini App import this one file and draw the same bytes from the same attributes.
 */

export interface ArtAttributes {
  model: string;
  backdrop: string;
  symbol: string;
}

interface Hsl {
  h: number;
  s: number;
  l: number;
}

/** FNV-1a: a stable 32-bit number per text, the same in every JavaScript engine. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const hsl = (c: Hsl, dl = 0, ds = 0) => `hsl(${Math.round(((c.h % 360) + 360) % 360)},${clamp(c.s + ds, 0, 100)}%,${clamp(c.l + dl, 0, 100)}%)`;
const has = (name: string, ...words: string[]) => words.some((w) => name.toLowerCase().includes(w));

// --- backdrop -----------------------------------------------------------------------------

interface Backdrop {
  centre: Hsl;
  edge: Hsl;
  pattern: Hsl;
}

/** Named backdrops keep the colours their name promises; any other name gets colours from its hash. */
const BACKDROPS: [string[], Backdrop][] = [
  [['aurora'], { centre: { h: 160, s: 70, l: 62 }, edge: { h: 200, s: 65, l: 30 }, pattern: { h: 185, s: 70, l: 20 } }],
  [['midnight', 'night', 'onyx', 'black'], { centre: { h: 228, s: 40, l: 38 }, edge: { h: 232, s: 45, l: 12 }, pattern: { h: 230, s: 50, l: 6 } }],
  [['sky', 'azure', 'ocean', 'sea'], { centre: { h: 200, s: 85, l: 72 }, edge: { h: 212, s: 70, l: 45 }, pattern: { h: 215, s: 75, l: 30 } }],
  [['sand', 'desert', 'beige'], { centre: { h: 42, s: 60, l: 78 }, edge: { h: 32, s: 45, l: 52 }, pattern: { h: 28, s: 45, l: 36 } }],
  [['emerald', 'forest', 'mint', 'green'], { centre: { h: 140, s: 55, l: 60 }, edge: { h: 150, s: 55, l: 26 }, pattern: { h: 150, s: 60, l: 16 } }],
  [['ruby', 'red', 'crimson', 'cherry'], { centre: { h: 355, s: 75, l: 62 }, edge: { h: 345, s: 65, l: 30 }, pattern: { h: 345, s: 70, l: 20 } }],
  [['lavender', 'violet', 'purple', 'amethyst'], { centre: { h: 270, s: 60, l: 74 }, edge: { h: 262, s: 45, l: 40 }, pattern: { h: 262, s: 50, l: 26 } }],
  [['coral', 'peach', 'orange', 'sunset'], { centre: { h: 18, s: 90, l: 70 }, edge: { h: 350, s: 60, l: 45 }, pattern: { h: 345, s: 60, l: 28 } }],
  [['gold', 'amber', 'honey'], { centre: { h: 46, s: 90, l: 66 }, edge: { h: 32, s: 75, l: 38 }, pattern: { h: 28, s: 70, l: 24 } }],
];

function backdropOf(name: string): Backdrop {
  const named = BACKDROPS.find(([words]) => has(name, ...words));
  if (named) return named[1];
  const h = hash(`backdrop:${name}`) % 360;
  return { centre: { h, s: 62, l: 66 }, edge: { h: h + 18, s: 55, l: 32 }, pattern: { h: h + 18, s: 60, l: 20 } };
}

// --- symbol -------------------------------------------------------------------------------

/** Each symbol is a path in a 24×24 box centred on 0,0. */
const SYMBOLS: [string[], string][] = [
  [['star'], 'M0-11 3.2-3.6 11.4-3.4 5-1.6 7.1 9.6 0 5 -7.1 9.6 -5-1.6 -11.4-3.4 -3.2-3.6Z'],
  [['diamond', 'gem', 'crystal'], 'M-7-8H7L11-3 0 10-11-3ZM-11-3H11M-3-8-5-3 0 10 5-3 3-8'],
  [['crown'], 'M-10 7-11-7-4-1 0-9 4-1 11-7 10 7Z'],
  [['leaf', 'clover'], 'M-9 9C-10-4-2-10 10-10 10 2 4 10-9 9ZM-9 9 4-4'],
  [['heart', 'love'], 'M0 10C-14 1-10-10-3-8-1-7.4 0-6 0-6 0-6 1-7.4 3-8 10-10 14 1 0 10Z'],
  [['moon', 'night'], 'M4-10A10 10 0 1 0 10 5 8 8 0 1 1 4-10Z'],
  [['bolt', 'lightning', 'flash'], 'M2-11-8 2H-1L-3 11 8-3H1Z'],
  [['flower', 'blossom', 'rose'], 'M0-3A4 4 0 1 1 3-8 4 4 0 1 1 6 1 4 4 0 1 1 0 7 4 4 0 1 1-6 1 4 4 0 1 1-3-8 4 4 0 1 1 0-3Z'],
  [['drop', 'water', 'tear'], 'M0-11C4-4 8 0 8 4A8 8 0 0 1-8 4C-8 0-4-4 0-11Z'],
  [['snow', 'ice', 'frost'], 'M0-11V11M-9.5-5.5 9.5 5.5M-9.5 5.5 9.5-5.5M-3-9 0-6 3-9M-3 9 0 6 3 9'],
];

function symbolOf(name: string): { path: string; stroked: boolean } {
  const named = SYMBOLS.find(([words]) => has(name, ...words));
  const [words, path] = named ?? SYMBOLS[hash(`symbol:${name}`) % SYMBOLS.length];
  // Outline-only shapes (snowflake, the diamond's facets) are drawn with a stroke.
  return { path, stroked: words[0] === 'snow' };
}

// --- model --------------------------------------------------------------------------------

const MODEL_COLOURS: [string[], Hsl][] = [
  [['gold', 'golden'], { h: 45, s: 88, l: 55 }],
  [['neon'], { h: 312, s: 90, l: 62 }],
  [['space', 'cosmic', 'astro'], { h: 235, s: 60, l: 66 }],
  [['plush', 'teddy', 'brown'], { h: 28, s: 48, l: 55 }],
  [['silver', 'chrome'], { h: 210, s: 12, l: 72 }],
  [['ruby', 'red'], { h: 355, s: 75, l: 55 }],
  [['mint', 'green'], { h: 150, s: 55, l: 58 }],
];

function modelColour(name: string): Hsl {
  return MODEL_COLOURS.find(([words]) => has(name, ...words))?.[1] ?? { h: hash(`model:${name}`) % 360, s: 65, l: 58 };
}

type Kind = 'cat' | 'bear' | 'frog' | 'duck' | 'blob';
const KINDS: [string[], Kind][] = [
  [['cat', 'kitty', 'fox'], 'cat'],
  [['bear', 'panda', 'teddy'], 'bear'],
  [['frog', 'toad'], 'frog'],
  [['duck', 'bird', 'chick', 'penguin'], 'duck'],
];

const kindOf = (name: string): Kind => KINDS.find(([words]) => has(name, ...words))?.[1] ?? 'blob';

/** The figure, centred at (256, 270); `body` and `shade` are gradient references. */
function figure(kind: Kind, c: Hsl, body: string, id: string): string {
  const eye = (x: number, y: number, r = 9) =>
    `<circle cx="${x}" cy="${y}" r="${r}" fill="#1b1b24"/><circle cx="${x + r * 0.35}" cy="${y - r * 0.35}" r="${r * 0.35}" fill="#fff"/>`;
  const cheeks = `<ellipse cx="206" cy="238" rx="13" ry="8" fill="hsl(350,80%,72%)" opacity=".55"/><ellipse cx="306" cy="238" rx="13" ry="8" fill="hsl(350,80%,72%)" opacity=".55"/>`;
  const outline = `stroke="${hsl(c, -28)}" stroke-width="4"`;
  const torso = `<ellipse cx="256" cy="330" rx="82" ry="70" fill="${body}" ${outline}/><ellipse cx="256" cy="342" rx="48" ry="40" fill="${hsl(c, 22, -10)}" opacity=".7"/>`;
  const feet = `<ellipse cx="214" cy="394" rx="26" ry="14" fill="${hsl(c, -12)}" ${outline}/><ellipse cx="298" cy="394" rx="26" ry="14" fill="${hsl(c, -12)}" ${outline}/>`;
  const head = (rx: number, ry: number) => `<ellipse cx="256" cy="222" rx="${rx}" ry="${ry}" fill="${body}" ${outline}/>`;
  switch (kind) {
    case 'cat':
      return `${feet}${torso}
<path d="M196 190 186 118 236 164Z" fill="${body}" ${outline} stroke-linejoin="round"/><path d="M316 190 326 118 276 164Z" fill="${body}" ${outline} stroke-linejoin="round"/>
<path d="M200 172 195 136 222 160Z" fill="hsl(350,70%,75%)"/><path d="M312 172 317 136 290 160Z" fill="hsl(350,70%,75%)"/>
${head(78, 66)}${cheeks}${eye(228, 214, 10)}${eye(284, 214, 10)}
<path d="M249 236h14l-7 8Z" fill="hsl(350,70%,62%)"/><path d="M256 244q-8 10-18 4M256 244q8 10 18 4" fill="none" stroke="#1b1b24" stroke-width="3" stroke-linecap="round"/>
<path d="M196 236h-34M198 246l-32 8M316 236h34M314 246l32 8" stroke="${hsl(c, -35)}" stroke-width="3" stroke-linecap="round"/>`;
    case 'bear':
      return `${feet}${torso}
<circle cx="196" cy="166" r="28" fill="${body}" ${outline}/><circle cx="316" cy="166" r="28" fill="${body}" ${outline}/>
<circle cx="196" cy="166" r="14" fill="${hsl(c, 18, -10)}"/><circle cx="316" cy="166" r="14" fill="${hsl(c, 18, -10)}"/>
${head(80, 70)}${eye(226, 206)}${eye(286, 206)}
<ellipse cx="256" cy="242" rx="32" ry="24" fill="${hsl(c, 24, -15)}"/><ellipse cx="256" cy="232" rx="11" ry="8" fill="#2a1d16"/>
<path d="M256 240v10M244 252q12 8 24 0" fill="none" stroke="#2a1d16" stroke-width="3" stroke-linecap="round"/>`;
    case 'frog':
      return `${feet}${torso}
${head(92, 58)}
<circle cx="212" cy="174" r="30" fill="${body}" ${outline}/><circle cx="300" cy="174" r="30" fill="${body}" ${outline}/>
<circle cx="212" cy="172" r="19" fill="#fff"/><circle cx="300" cy="172" r="19" fill="#fff"/>${eye(214, 174, 10)}${eye(298, 174, 10)}
${cheeks}<path d="M204 240q52 34 104 0" fill="none" stroke="#1b1b24" stroke-width="4" stroke-linecap="round"/>`;
    case 'duck':
      return `${feet.replace(/hsl\([^)]*\)/g, 'hsl(28,90%,55%)')}${torso}
<path d="M186 320q-30 10-20 44 30-6 40-30Z" fill="${hsl(c, -10)}" ${outline}/><path d="M326 320q30 10 20 44-30-6-40-30Z" fill="${hsl(c, -10)}" ${outline}/>
${head(70, 66)}<path d="M256 156q-6-26 12-34" fill="none" stroke="${hsl(c, -20)}" stroke-width="6" stroke-linecap="round"/>
${eye(230, 210)}${eye(282, 210)}
<ellipse cx="256" cy="244" rx="34" ry="14" fill="hsl(30,95%,58%)" stroke="hsl(25,80%,38%)" stroke-width="3"/><path d="M226 244h60" stroke="hsl(25,80%,38%)" stroke-width="2"/>`;
    case 'blob':
      return `${feet}
<path d="M256 120v-30" stroke="${hsl(c, -28)}" stroke-width="5" stroke-linecap="round"/><circle cx="256" cy="86" r="13" fill="url(#shine-${id})" ${outline}/>
<path d="M256 126c72 0 104 74 104 150 0 76-46 120-104 120s-104-44-104-120c0-76 32-150 104-150Z" fill="${body}" ${outline}/>
<ellipse cx="256" cy="318" rx="56" ry="46" fill="${hsl(c, 22, -10)}" opacity=".6"/>
${eye(226, 226, 12)}${eye(286, 226, 12)}${cheeks.replace(/cy="238"/g, 'cy="252"')}
<path d="M240 262q16 14 32 0" fill="none" stroke="#1b1b24" stroke-width="4" stroke-linecap="round"/>`;
  }
}

// --- the picture --------------------------------------------------------------------------

const RINGS = [
  { r: 122, n: 8, scale: 1.15, opacity: 0.42 },
  { r: 178, n: 12, scale: 1.3, opacity: 0.32 },
  { r: 234, n: 16, scale: 1.45, opacity: 0.24 },
  { r: 292, n: 20, scale: 1.6, opacity: 0.16 },
];

function pattern(id: string, turn: number): string {
  const out: string[] = [];
  RINGS.forEach((ring, i) => {
    for (let k = 0; k < ring.n; k++) {
      // Every other ring sits half a step round, so the symbols interleave as on Telegram's gifts.
      const a = ((k + (i % 2) / 2) / ring.n) * 2 * Math.PI + turn;
      const x = (256 + ring.r * Math.cos(a)).toFixed(1);
      const y = (256 + ring.r * Math.sin(a)).toFixed(1);
      const rot = Math.round((a * 180) / Math.PI + 90);
      out.push(`<use href="#sym-${id}" transform="translate(${x} ${y}) rotate(${rot}) scale(${ring.scale})" opacity="${ring.opacity}"/>`);
    }
  });
  return out.join('');
}

/** The edition's picture as SVG text (512×512). Same attributes, same bytes. */
export function editionArtSvg(a: ArtAttributes): string {
  const id = hash(`${a.model}\u0000${a.backdrop}\u0000${a.symbol}`).toString(36);
  const bd = backdropOf(a.backdrop);
  const sym = symbolOf(a.symbol);
  const colour = modelColour(a.model);
  const turn = ((hash(`turn:${a.symbol}`) % 360) * Math.PI) / 180;
  const symbolFill = sym.stroked ? `fill="none" stroke="${hsl(bd.pattern)}" stroke-width="2.4" stroke-linecap="round"` : `fill="${hsl(bd.pattern)}"`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
<defs>
<radialGradient id="bg-${id}" cx="50%" cy="50%" r="70%"><stop offset="0" stop-color="${hsl(bd.centre)}"/><stop offset="1" stop-color="${hsl(bd.edge)}"/></radialGradient>
<radialGradient id="body-${id}" cx="38%" cy="30%" r="80%"><stop offset="0" stop-color="${hsl(colour, 20)}"/><stop offset=".55" stop-color="${hsl(colour)}"/><stop offset="1" stop-color="${hsl(colour, -18)}"/></radialGradient>
<radialGradient id="shine-${id}" cx="35%" cy="30%" r="75%"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="${hsl(colour, 5)}"/></radialGradient>
<clipPath id="frame-${id}"><rect width="512" height="512" rx="56"/></clipPath>
<path id="sym-${id}" d="${sym.path}" ${symbolFill}/>
</defs>
<g clip-path="url(#frame-${id})">
<rect width="512" height="512" fill="url(#bg-${id})"/>
${pattern(id, turn)}
<ellipse cx="256" cy="404" rx="112" ry="18" fill="#000" opacity=".18"/>
${figure(kindOf(a.model), colour, `url(#body-${id})`, id)}
</g>
</svg>`;
}
