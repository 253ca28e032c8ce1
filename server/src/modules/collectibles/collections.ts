import { Address } from '@ton/core';
import type { AppDeps } from '../../context.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';

/** Records where a collection's NFT contract was deployed (owned by the app's hot wallet), in raw form. */
export async function setNftAddress(deps: AppDeps, adminId: number, collectionId: number, address: string) {
  let raw: string;
  try {
    raw = Address.parse(address).toRawString();
  } catch {
    throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'That is not a TON address.');
  }
  await deps.prisma.collection.update({ where: { id: collectionId }, data: { nftAddress: raw } });
  await audit(deps.prisma, { actorId: adminId, action: 'collection.nft_address', subjectType: 'collection', subjectId: collectionId, data: { address: raw } });
  return { collectionId, address: raw };
}
