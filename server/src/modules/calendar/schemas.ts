import { z } from 'zod';
import { amountOrZero, id, idOf, intField, line } from '../../lib/schemas.ts';
import { CommunityEventStatus, RsvpAnswer } from '../../generated/prisma/enums.ts';
import { localizedSchema } from '../mailings/schemas.ts';

export const rsvpAnswerSchema = z.enum(RsvpAnswer);
export const eventStatusSchema = z.enum(CommunityEventStatus);

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** What an admin writes: the event in English (Russian optional), when and where, its limits and reward. */
export const eventInput = z
  .object({
    id: id.optional(),
    title: localizedSchema(200),
    description: localizedSchema(4000),
    place: line(300).min(1).nullish(),
    url: z.url({ protocol: /^https?$/ }).max(1000).nullish(),
    startsAt: instant,
    endsAt: instant,
    capacity: intField(1, 1_000_000).nullish(),
    remindMinutesBefore: intField(1, 10_080).default(60),
    /** Points paid once to each participant marked as attended, as digits; "0" pays nothing. */
    rewardPoints: amountOrZero().refine((v) => v <= 1_000_000_000n, 'is too large').default(0n),
  })
  .refine((e) => e.endsAt > e.startsAt, { message: 'must be after the start', path: ['endsAt'] });
export type EventInput = z.infer<typeof eventInput>;

export const eventId = z.object({ eventId: idOf('an event id') });

export const rsvpInput = z.object({ eventId: idOf('an event id'), answer: rsvpAnswerSchema });

export const attendanceInput = z.object({
  eventId: idOf('an event id'),
  participantIds: z.array(idOf('a participant id')).min(1).max(500),
  attended: z.boolean(),
});
