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
  | { name: 'calendar'; focus?: number }
  | { name: 'post'; post: NewsPost };

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
  /** A button beside the text (say, "Try again"); the toast goes away when it is pressed. */
  action?: { label: string; run: () => void };
}

interface UiState {
  tab: Tab;
  stack: Screen[];
  /** One message at a time: a new one replaces the last. */
  shown: Toast | null;
  /** A screen's own way back (the back office's sections), asked before the stack is popped; true when it went back. */
  back: (() => boolean) | null;
  setBack(back: (() => boolean) | null): void;
  /** A screen's inner tab (Collect's mine/drops): kept while going deeper and back, forgotten when the tab bar is pressed. */
  views: Record<string, string>;
  setView(screen: string, view: string): void;
  setTab(tab: Tab): void;
  push(s: Screen): void;
  pop(): void;
  toast(kind: Toast['kind'], text: string, action?: Toast['action']): void;
  dismiss(id?: number): void;
}

let toastSeq = 0;
// A message raised by the same action that navigates (a purchase that opens what was bought) goes with it;
// any older one belongs to the screen being left.
let freshToast: number | null = null;
const TOAST_MS = 4000;

/** Client state only (navigation, the message shown); server state lives in TanStack Query. */
export const useUi = create<UiState>((set, get) => {
  const keepFresh = () => {
    const t = get().shown;
    return t && t.id === freshToast ? t : null;
  };
  return {
    tab: 'home',
    stack: [],
    shown: null,
    back: null,
    views: {},
    setBack: (back) => set({ back }),
    setView: (screen, view) => set((st) => ({ views: { ...st.views, [screen]: view } })),
    setTab: (tab) => set({ tab, stack: [], views: {}, shown: keepFresh() }),
    push: (s) => set((st) => ({ stack: [...st.stack, s], shown: keepFresh() })),
    pop: () => set((st) => ({ stack: st.stack.slice(0, -1), shown: keepFresh() })),
    toast: (kind, text, action) => {
      const id = ++toastSeq;
      freshToast = id;
      queueMicrotask(() => {
        if (freshToast === id) freshToast = null;
      });
      set({ shown: { id, kind, text, action } });
      // Errors with a way out stay until read or replaced; the rest fade.
      if (!action) setTimeout(() => get().dismiss(id), TOAST_MS);
    },
    dismiss: (id) => set((st) => (id == null || st.shown?.id === id ? { shown: null } : {})),
  };
});
