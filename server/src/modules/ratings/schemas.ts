import { z } from 'zod';
import { id, instant, key, page, pageSize, searchText, sortOf } from '../../lib/schemas.ts';
import { amountIn } from '../ledger/currencies.ts';
import { localizedSchema } from '../mailings/schemas.ts';

/** The last place a season may reward: its standings are frozen down to here, in one statement. */
export const MAX_PRIZE_PLACE = 1000;
/** How long a season may last. */
export const MAX_SEASON_DAYS = 366;

const place = z.number().int().min(1).max(MAX_PRIZE_PLACE, `must be at most ${MAX_PRIZE_PLACE}`);
const places = { fromPlace: place, toPlace: place };

/** One prize for every place in [fromPlace, toPlace]: an amount (bounded per currency), an edition from a drop, or a Telegram gift. */
export const prizeSchema = z.discriminatedUnion('kind', [
  z.object({ ...places, kind: z.literal('points'), amount: amountIn('POINTS') }),
  z.object({ ...places, kind: z.literal('ton'), amount: amountIn('TON') }),
  z.object({ ...places, kind: z.literal('collectible'), dropId: id }),
  z.object({ ...places, kind: z.literal('telegram_gift'), giftId: key(1, 64) }),
]);
export type Prize = z.output<typeof prizeSchema>;
export type PrizeKind = Prize['kind'];

/** Place ranges in ascending order, none overlapping the one before. */
export const prizesSchema = z
  .array(prizeSchema)
  .min(1, 'a season needs at least one prize')
  .max(20)
  .superRefine((prizes, ctx) => {
    prizes.forEach((p, i) => {
      if (p.toPlace < p.fromPlace) ctx.addIssue({ code: 'custom', path: [i, 'toPlace'], message: 'must not be before fromPlace' });
      const prev = prizes[i - 1];
      if (prev && p.fromPlace <= prev.toPlace) ctx.addIssue({ code: 'custom', path: [i, 'fromPlace'], message: 'places must be ascending and not overlap' });
    });
  });

export const seasonInput = z
  .object({
    id: id.optional(),
    name: localizedSchema(100),
    startsAt: instant,
    endsAt: instant,
    prizes: prizesSchema,
  })
  .superRefine((s, ctx) => {
    if (s.endsAt.getTime() <= s.startsAt.getTime()) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    else if (s.endsAt.getTime() - s.startsAt.getTime() > MAX_SEASON_DAYS * 86_400_000) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: `a season lasts at most ${MAX_SEASON_DAYS} days` });
    }
  });
export type SeasonInput = z.output<typeof seasonInput>;

export const seasonId = z.object({ id });
export const seasonsList = z.object({
  page,
  limit: pageSize(100, 20),
  /** Part of the name, either language, any case. */
  search: searchText.optional(),
  /** Not started yet, under way (started, not ended), or ended (paid or not). */
  state: z.enum(['upcoming', 'running', 'ended']).optional(),
  sort: sortOf(['startsAt', 'endsAt', 'name'], { by: 'startsAt', dir: 'desc' }),
});
export type SeasonsList = z.output<typeof seasonsList>;
