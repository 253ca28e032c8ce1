import { useTRPCClient } from '../lib/trpc.ts';
import { canShareMessage, openTg, sharePreparedMessage } from '../lib/telegram.ts';

/**
 * Sharing an invitation: inside Telegram, its own chat picker with a message the bot prepared
 * (`referrals.prepareShare` → `shareMessage`); elsewhere, or if preparing fails, Telegram's share link.
 */
export function useShareInvite() {
  const client = useTRPCClient();
  return async (link: string, text: string) => {
    if (canShareMessage()) {
      try {
        const prepared = await client.referrals.prepareShare.mutate();
        if (await sharePreparedMessage(prepared.id)) return;
      } catch {
        // Fall through to the share link.
      }
    }
    openTg(`https://t.me/share/url?url=${encodeURIComponent(link)}&text=${encodeURIComponent(text)}`);
  };
}
