// The kit moved to kit/ui.tsx. This re-export only serves features/admin until its imports point there;
// delete it then (it keeps the shell ↔ admin loop the import check reports).
export * from '../kit/ui.tsx';
