import { z } from 'zod';
import { AppCodes, DomainError } from '../../../lib/errors.ts';
import { pick } from '../../../lib/localized.ts';
import { answerMatches } from '../rules.ts';
import { baseConfig, localized, localizedList, text } from './fields.ts';
import { defineKind } from './kind.ts';

const schema = baseConfig.extend({
  question: localized(500),
  /** Choices to pick from; without them the participant types the answer. */
  options: localizedList(10, 200).optional(),
  /** Accepted answers, compared without case and extra spaces. Never leave the server. */
  answers: z.array(text(200)).min(1).max(20),
});

export const quiz = defineKind<Partial<z.infer<typeof schema>>>({
  type: 'QUIZ',
  schema,
  verify: async ({ config, answer }) => {
    if (!answer || !answerMatches(answer, config.answers ?? [])) {
      throw new DomainError(AppCodes.QUIZ_WRONG_ANSWER, 'BAD_REQUEST', 'That answer is not right. Try again.');
    }
  },
  action: (config, { lang }) => ({
    kind: 'answer',
    question: config.question ? pick(config.question, lang) : '',
    options: config.options ? config.options[lang] ?? config.options.en : [],
  }),
});
