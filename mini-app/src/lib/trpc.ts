import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
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
      },
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

/** The stable app code a failed call carries (see server/src/lib/errors.ts), or a generic one. */
export function appCodeOf(e: unknown): string {
  if (e instanceof TRPCClientError) {
    const data = e.data as { appCode?: string } | undefined;
    if (data?.appCode) return data.appCode;
    const shape = e.shape as { data?: { appCode?: string } } | undefined;
    if (shape?.data?.appCode) return shape.data.appCode;
  }
  return 'GENERIC';
}
