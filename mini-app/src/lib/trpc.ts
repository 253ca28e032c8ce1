import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext, createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Clients signed in with initData, or, for the back office in a desktop browser (null), with its session cookie. */
export function makeClients(initData: string | null) {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (n, e) => n < 2 && !(e instanceof TRPCClientError && (e.data as { httpStatus?: number } | undefined)?.httpStatus && (e.data as { httpStatus: number }).httpStatus < 500),
        refetchOnWindowFocus: false,
        // Offline, a call fails at once with a sentence saying so (and a retry), rather than waiting unseen.
        networkMode: 'always',
      },
      mutations: { networkMode: 'always' },
    },
  });
  const trpcClient = createTRPCClient<AppRouter>({
    links: [
      initData === null
        ? httpBatchLink({ url: '/trpc', fetch: (url, init) => fetch(url, { ...(init as RequestInit), credentials: 'same-origin' }) })
        : httpBatchLink({ url: '/trpc', headers: () => ({ authorization: `tma ${initData}` }) }),
    ],
  });
  return { queryClient, trpcClient };
}

type Outputs = inferRouterOutputs<AppRouter>;

/**
 * Takes over the answers index.html asked for before the scripts arrived (`profile.me` and `tasks.list`,
 * batched), so Home's first queries are already on their way; a missing or failed answer is asked again here.
 */
export function adoptEarlyAnswers(queryClient: QueryClient, trpcClient: ReturnType<typeof makeClients>['trpcClient']) {
  const w = window as { __earlyAnswers?: Promise<unknown> };
  const early = w.__earlyAnswers;
  if (!early) return;
  delete w.__earlyAnswers;
  const answer = <T,>(i: number) =>
    early.then((batch) => {
      const r = Array.isArray(batch) ? (batch[i] as { result?: { data?: unknown } } | undefined)?.result : undefined;
      if (!r || !('data' in r)) throw new Error('no early answer');
      return r.data as T;
    });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  void queryClient.prefetchQuery({
    queryKey: trpc.profile.me.queryKey(),
    queryFn: () => answer<Outputs['profile']['me']>(0).catch(() => trpcClient.profile.me.query()),
  });
  void queryClient.prefetchQuery({
    queryKey: trpc.tasks.list.queryKey(),
    queryFn: () => answer<Outputs['tasks']['list']>(1).catch(() => trpcClient.tasks.list.query()),
  });
}

/** Codes the client gives a failure the server did not describe (see the kit's errors). */
export type ClientCode = 'OFFLINE' | 'SERVER_UNREACHABLE' | 'GENERIC';

const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/**
 * The stable app code a failed call carries (see server/src/lib/errors.ts); when the server said nothing,
 * whether the device is offline or our server could not be reached (or answered with something not ours).
 */
export function appCodeOf(e: unknown): string {
  if (e instanceof TRPCClientError) {
    const data = e.data as { appCode?: string } | undefined;
    if (data?.appCode) return data.appCode;
    const shape = e.shape as { data?: { appCode?: string } } | undefined;
    if (shape?.data?.appCode) return shape.data.appCode;
    return offline() ? 'OFFLINE' : 'SERVER_UNREACHABLE';
  }
  return offline() ? 'OFFLINE' : 'GENERIC';
}

/** Failures that may pass by themselves, where trying again helps. */
export const TRANSIENT = new Set(['OFFLINE', 'SERVER_UNREACHABLE', 'INTERNAL_SERVER_ERROR', 'DATABASE_UNAVAILABLE', 'BUSY', 'RATE_LIMITED', 'TIMEOUT']);
