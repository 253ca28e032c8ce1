import { z } from 'zod';

const localized = z.object({ en: z.string(), ru: z.string() });
const localizedList = z.object({ en: z.array(z.string()), ru: z.array(z.string()) });

/** Per-type settings stored in Task.config. Secrets (quiz answers) never leave the server. */
export const taskConfigSchema = z.object({
  streakBonus: z.number().int().min(0).optional(),
  maxStreakBonusDays: z.number().int().min(0).max(365).optional(),
  chatId: z.string().optional(),
  chatUrl: z.string().optional(),
  question: localized.optional(),
  options: localizedList.optional(),
  answers: z.array(z.string()).optional(),
  url: z.string().optional(),
  dwellSeconds: z.number().int().min(0).optional(),
  friendsRequired: z.number().int().min(1).optional(),
  perFriend: z.boolean().optional(),
  /** A collectible from this drop's supply comes with the reward (while any is left). */
  prizeDropId: z.number().int().positive().optional(),
});
export type TaskConfig = z.infer<typeof taskConfigSchema>;

// Task rows are kept for TASK_CACHE_MS, so the same config object comes back on every call: parse it once.
// The result is shared; nobody may change it.
const parsed = new WeakMap<object, TaskConfig>();

export function parseTaskConfig(raw: unknown): TaskConfig {
  const known = raw !== null && typeof raw === 'object' ? parsed.get(raw) : undefined;
  if (known) return known;
  const r = taskConfigSchema.safeParse(raw ?? {});
  const cfg = r.success ? r.data : {};
  if (raw !== null && typeof raw === 'object') parsed.set(raw, cfg);
  return cfg;
}

export type Lang = 'en' | 'ru';
export function pick(text: unknown, lang: Lang): string {
  const t = text as Partial<Record<Lang, string>> | null;
  return t?.[lang] ?? t?.en ?? '';
}
