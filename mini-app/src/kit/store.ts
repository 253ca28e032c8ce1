import { create } from 'zustand';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';

/** A published post as a participant reads it (already in their language). */
export type NewsPost = inferRouterOutputs<AppRouter>['news']['feed']['items'][number];

export type Tab = 'home' | 'tasks' | 'shop' | 'collect' | 'top' | 'profile';
export type Screen =
  | { name: 'history' }
  | { name: 'orders' }
  | { name: 'wallet' }
  | { name: 'admin' }
  | { name: 'market' }
  | { name: 'edition'; id: number }
  | { name: 'drop'; id: number }
  | { name: 'verify'; dropId: number }
  | { name: 'news' }
  | { name: 'post'; post: NewsPost };

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
}

interface UiState {
  tab: Tab;
  stack: Screen[];
  toasts: Toast[];
  setTab(tab: Tab): void;
  push(s: Screen): void;
  pop(): void;
  toast(kind: Toast['kind'], text: string): void;
  dismiss(id: number): void;
}

let toastSeq = 0;

/** Client state only (navigation, toasts); server state lives in TanStack Query. */
export const useUi = create<UiState>((set) => ({
  tab: 'home',
  stack: [],
  toasts: [],
  setTab: (tab) => set({ tab, stack: [] }),
  push: (s) => set((st) => ({ stack: [...st.stack, s] })),
  pop: () => set((st) => ({ stack: st.stack.slice(0, -1) })),
  toast: (kind, text) => {
    const id = ++toastSeq;
    set((st) => ({ toasts: [...st.toasts.slice(-2), { id, kind, text }] }));
    setTimeout(() => set((st) => ({ toasts: st.toasts.filter((t) => t.id !== id) })), 3500);
  },
  dismiss: (id) => set((st) => ({ toasts: st.toasts.filter((t) => t.id !== id) })),
}));
