// Prisma 7 reads connection settings from here, not from schema.prisma. Only the CLI uses it
// (e.g. `prisma migrate deploy` where the schema engine is available); the app connects itself.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/app' },
});
