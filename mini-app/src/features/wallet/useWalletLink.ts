import { useEffect, useRef } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTonConnectUI } from '@tonconnect/ui-react';
import { useTRPC, useTRPCClient } from '../../lib/trpc.ts';
import { useFail, useOk } from '../../kit/ui.tsx';

/**
 * Asks the server for a one-time ton_proof payload before the wallet connects, and sends the
 * account and proof the wallet returns to wallet.link, which checks them as the spec says.
 */
export function useWalletLink(okText: string) {
  const [ui] = useTonConnectUI();
  const client = useTRPCClient();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const link = useMutation(
    trpc.wallet.link.mutationOptions({
      onSuccess: () => {
        ok(okText);
        void qc.invalidateQueries();
      },
      onError: fail,
    }),
  );
  const linkRef = useRef(link.mutate);
  linkRef.current = link.mutate;

  useEffect(() => {
    let alive = true;
    ui.setConnectRequestParameters({ state: 'loading' });
    client.wallet.proofPayload
      .mutate()
      .then(({ payload }) => alive && ui.setConnectRequestParameters({ state: 'ready', value: { tonProof: payload } }))
      .catch(() => alive && ui.setConnectRequestParameters(null));
    const off = ui.onStatusChange((w) => {
      const item = w?.connectItems?.tonProof;
      if (w && item && 'proof' in item) {
        linkRef.current({
          account: { address: w.account.address, chain: w.account.chain as '-239' | '-3', publicKey: w.account.publicKey ?? '', walletStateInit: w.account.walletStateInit ?? '' },
          proof: item.proof,
        });
      }
    });
    return () => {
      alive = false;
      off();
    };
  }, [ui, client]);

  return { ui, linking: link.isPending };
}
