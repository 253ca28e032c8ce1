import { Composer } from 'grammy';
import type { AppDeps } from '../../context.ts';
import { answerPreCheckout, settleStarsPayment } from '../../modules/payments/stars.ts';

/** Telegram Stars: pre-checkout re-validation and settlement. Same handlers for webhook and polling. */
export function paymentsComposer(deps: AppDeps) {
  const c = new Composer();
  c.on('pre_checkout_query', async (ctx) => {
    await answerPreCheckout(deps, ctx.preCheckoutQuery);
  });
  c.on('message:successful_payment', async (ctx) => {
    await settleStarsPayment(deps, ctx.from!.id, ctx.message.successful_payment);
  });
  return c;
}
