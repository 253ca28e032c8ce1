import { z } from 'zod';
import { line, lines } from '../../lib/schemas.ts';
import { MailingCategory } from '../../generated/prisma/enums.ts';
import { id } from '../../lib/schemas.ts';
import { segmentSchema } from '../participants/segments.ts';

export const categorySchema = z.enum(MailingCategory);
export const CATEGORIES = categorySchema.options;
export type Category = z.infer<typeof categorySchema>;

/**
 * A category a participant has not chosen for: news and events reach everyone who started the bot,
 * offers only those who asked for them.
 */
export const CONSENT_DEFAULT: Record<Category, boolean> = { NEWS: true, EVENTS: true, OFFERS: false };

// Telegram's limit for a message's text is 4096 characters.
const text = (max: number) => lines(max).min(1, 'must not be empty');
export const localizedSchema = (max: number) => z.object({ en: text(max), ru: text(max).optional() });
export type Localized = { en: string; ru?: string };

export const variantSchema = z.object({ text: localizedSchema(4096) });
export type Variant = z.infer<typeof variantSchema>;

export const buttonSchema = z.object({
  label: localizedSchema(64),
  /** Without it the button opens the Mini App (and the open is counted). */
  url: z.url({ protocol: /^https?$/ }).max(1000).nullish(),
});
export type Button = z.infer<typeof buttonSchema>;

// The segment's shape and how it matches live with participants: the people list and tasks use it too.
export { segmentSchema, type Segment } from '../participants/segments.ts';

export const mailingInput = z.object({
  title: line(200).min(1, 'must not be empty'),
  category: categorySchema,
  /** One variant, or two for an A/B test (each participant gets one, half and half). */
  variants: z.array(variantSchema).min(1).max(2),
  button: buttonSchema.nullish(),
  segment: segmentSchema.default({}),
  /** A saved segment: its filter is used instead of `segment`, and copied into the mailing when it starts. */
  segmentId: id.nullish(),
});
export type MailingInput = z.infer<typeof mailingInput>;

/** The text in the participant's language, English when there is none in theirs. */
export const inLanguage = (l: Localized, lang: string) => (lang === 'ru' && l.ru ? l.ru : l.en);
