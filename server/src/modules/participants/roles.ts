import type { Role } from '../../generated/prisma/client.ts';

// Here rather than in trpc.ts so services (profile, bot) can ask without importing the transport.
export type AdminRole = Exclude<Role, 'PARTICIPANT'>;
export const ADMIN_ROLES: AdminRole[] = ['MODERATOR', 'FINANCE', 'ADMIN', 'OWNER'];
export const isAdminRole = (r: Role) => r !== 'PARTICIPANT';
