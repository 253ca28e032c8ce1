import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@app/server/router';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function makeClients(initData: string) {
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
    links: [httpBatchLink({ url: '/trpc', headers: () => ({ authorization: `tma ${initData}` }) })],
  });
  return { queryClient, trpcClient };
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
