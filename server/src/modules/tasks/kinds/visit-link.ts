import type { z } from 'zod';
import { baseConfig, httpUrl, seconds } from './fields.ts';
import { checkDwell } from './checks.ts';
import { defineKind } from './kind.ts';

const schema = baseConfig.extend({ url: httpUrl, dwellSeconds: seconds(3600).optional() });

/** Open a link and stay: the claim counts the dwell from the recorded open (tasks.start). */
export const visitLink = defineKind<Partial<z.infer<typeof schema>>>({
  type: 'VISIT_LINK',
  schema,
  start: { dwellSeconds: (config) => config.dwellSeconds ?? 0 },
  verify: (args) => checkDwell(args, args.config.dwellSeconds ?? 0),
  action: (config) => ({ kind: 'open_link', url: config.url ?? null, dwellSeconds: config.dwellSeconds ?? 0 }),
});
