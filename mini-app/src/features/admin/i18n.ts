// The back office's strings, one namespace ('admin') put together from each section's own file and a
// few shared words. A key lives in exactly one of them (the check below refuses a clash).
import common from './kit/i18n.ts';
import { SECTION_STRINGS } from './sections/strings.ts';

type Strings = { en: Record<string, unknown>; ru: Record<string, unknown> };

function merge(parts: Strings[], lang: 'en' | 'ru') {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part[lang])) {
      if (k in out) throw new Error(`admin strings: "${k}" is defined twice`);
      out[k] = v;
    }
  }
  return out;
}

const parts: Strings[] = [common, ...SECTION_STRINGS];
export default { en: merge(parts, 'en'), ru: merge(parts, 'ru') };
