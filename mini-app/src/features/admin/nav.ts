import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc.ts';
import { go, useAdminRoute } from './kit/route.ts';
import type { SectionId } from './sections/index.ts';

/** Lets one section send the admin to another (the inbox's link to its statistics, say), through the back office's route. */
export interface AdminNav {
  /** Whether the caller's role has the section. */
  has: (id: SectionId) => boolean;
  /** Opens the section, at one of its views when it has several (`?view=`). */
  open: (id: SectionId, view?: string) => void;
  /** The view the section was opened at, if one was asked for. */
  view: string | null;
}

export function useAdminNav(): AdminNav {
  const trpc = useTRPC();
  const access = useQuery(trpc.admin.sections.queryOptions());
  const route = useAdminRoute();
  return {
    has: (id) => access.data?.sections.includes(id) ?? false,
    open: (id, view) => go({ section: id, params: view ? { view } : {} }),
    view: route.params.view ?? null,
  };
}
