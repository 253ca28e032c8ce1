import type { Config } from './config.ts';
import type { Database, Prisma } from './db/client.ts';
import type { TelegramGateway } from './lib/telegram.ts';
import type { Clock } from './lib/time.ts';
import type { InitDataVerifier } from './modules/auth/init-data.ts';
import type { TonGateway } from './lib/ton/gateway.ts';
import type { NftMinter } from './modules/collectibles/mint.ts';

/** Everything services need, built once at start (and per test). */
export interface AppDeps {
  config: Config;
  db: Database;
  prisma: Prisma;
  clock: Clock;
  telegram: TelegramGateway;
  verifier: InitDataVerifier;
  /** Public t.me links; filled in when the bot learns its username. */
  botInfo: { username: string | null };
  /** The chain, when TON is configured (toncenter in production, @ton/sandbox in tests). */
  ton: TonGateway | null;
  /** Sends as the NFT collections' owner (the hot wallet); null when minting is not set up. */
  minter: NftMinter | null;
}
