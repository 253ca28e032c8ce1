import { createContext, useContext } from 'react';
import type { SectionId } from './sections/index.ts';

/** Lets one section send the admin to another (the inbox's link to its statistics, say). */
export interface AdminNav {
  /** Whether the caller's role has the section. */
  has: (id: SectionId) => boolean;
  /** Opens the section, at one of its views when it has several. */
  open: (id: SectionId, view?: string) => void;
  /** The view the section was opened at, if one was asked for. */
  view: string | null;
}

export const AdminNavContext = createContext<AdminNav>({ has: () => false, open: () => {}, view: null });
export const useAdminNav = () => useContext(AdminNavContext);
