export * from './Treasury.ts';
export { treasuryCode } from './compile.ts';
