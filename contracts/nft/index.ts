export * from './Nft.ts';
export { nftCollectionCode, nftItemCode } from './compile.ts';
