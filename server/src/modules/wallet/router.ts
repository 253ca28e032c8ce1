import { z } from 'zod';
import { participantProcedure, router } from '../../trpc.ts';
import { issueProofPayload, linkWallet, walletView } from './service.ts';

const hex = (len?: number) => z.string().regex(len ? new RegExp(`^[0-9a-fA-F]{${len}}$`) : /^[0-9a-fA-F]+$/, 'must be hex');

export const tonProofSchema = z.object({
  account: z.object({
    address: z.string().regex(/^-?\d+:[0-9a-fA-F]{64}$/, 'must be a raw address (0:hex)'),
    chain: z.enum(['-239', '-3']),
    publicKey: hex(64),
    walletStateInit: z.string().min(8).max(20_000),
  }),
  proof: z.object({
    timestamp: z.number().int().positive(),
    domain: z.object({ lengthBytes: z.number().int().min(1).max(255), value: z.string().min(1).max(255) }),
    payload: z.string().min(1).max(128),
    signature: z.string().min(8).max(200),
  }),
});

export const walletRouter = router({
  proofPayload: participantProcedure.mutation(({ ctx }) => issueProofPayload(ctx.deps, ctx.participant)),
  link: participantProcedure.input(tonProofSchema).mutation(({ ctx, input }) => linkWallet(ctx.deps, ctx.participant, input)),
  get: participantProcedure.query(async ({ ctx }) =>
    walletView(await ctx.deps.prisma.wallet.findUnique({ where: { participantId: ctx.participant.id } })),
  ),
});
