import { useEffect, useState } from 'react';
import { QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, ErrorBox, Skeleton, Toaster } from '../../kit/ui.tsx';
import { appCodeOf, makeClients, TRPCProvider, useTRPC } from '../../lib/trpc.ts';
import { AdminScreen, WIDE } from '../admin/AdminScreen.tsx';
import { useMediaQuery } from '../admin/kit/useMediaQuery.ts';
import { signOut } from './api.ts';
import { SignIn } from './SignIn.tsx';
import './console.css';

/** The back office in a desktop browser: /admin opened outside Telegram (no launch parameters in the hash). */
export { isConsoleLaunch } from './launch.ts';

/** The console's providers: tRPC with the session cookie instead of initData. */
export function ConsoleRoot() {
  const [{ queryClient, trpcClient }] = useState(() => makeClients(null));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <Console />
      </TRPCProvider>
    </QueryClientProvider>
  );
}

function Console() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const access = useQuery({ ...trpc.admin.sections.queryOptions(), retry: false });
  const [ended, setEnded] = useState(false);
  // A session that ends while the page is open (expired, revoked elsewhere) brings the sign-in back.
  useEffect(
    () =>
      qc.getQueryCache().subscribe((e) => {
        if (e.type === 'updated' && e.action.type === 'error' && appCodeOf(e.action.error) === 'UNAUTHORIZED') setEnded(true);
      }),
    [qc],
  );
  // Signed in or out: nothing cached under the previous session is shown again.
  const restart = () => {
    setEnded(false);
    void qc.resetQueries();
  };
  if (access.isPending && !ended) return <div className="console-signin"><Skeleton lines={4} /></div>;
  if (ended || (access.isError && appCodeOf(access.error) === 'UNAUTHORIZED')) return <SignIn onSignedIn={restart} />;
  if (access.isError) return <div className="console-signin"><ErrorBox error={access.error} onRetry={() => access.refetch()} /></div>;
  return <Shell onSignedOut={() => (setEnded(true), void qc.resetQueries())} />;
}

/** The back office itself, with who is signed in and a sign-out in its header; the route lives in the URL's hash. */
function Shell({ onSignedOut }: { onSignedOut: () => void }) {
  const { t } = useTranslation('console');
  const trpc = useTRPC();
  const me = useQuery(trpc.profile.me.queryOptions());
  const [busy, setBusy] = useState(false);
  const out = async () => {
    setBusy(true);
    // Whatever the answer, this page forgets the session; the server has ended it unless the network failed.
    await signOut().catch(() => {});
    setBusy(false);
    onSignedOut();
  };
  const account = (
    <span className="console-account">
      {me.data && <span className="hint" data-testid="console-me">{me.data.firstName}</span>}
      <Button variant="secondary" small busy={busy} onClick={() => void out()} testId="console-signout">
        {t('signOut')}
      </Button>
    </span>
  );
  const wide = useMediaQuery(WIDE);
  return (
    <div className={wide ? 'console' : 'console console-phone'}>
      <AdminScreen account={account} hashRoutes />
      <Toaster />
    </div>
  );
}
