-- News and events: admins write and publish posts; participants read the published ones.
CREATE TYPE "PostKind" AS ENUM ('NEWS', 'EVENT');

CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "kind" "PostKind" NOT NULL,
    "title" JSONB NOT NULL,
    "body" JSONB NOT NULL,
    "imageUrl" TEXT,
    "url" TEXT,
    "eventAt" TIMESTAMP(3),
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "publishedAt" TIMESTAMP(3),
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Post_event_check" CHECK ("kind" = 'EVENT' OR "eventAt" IS NULL)
);
CREATE INDEX "Post_publishedAt_idx" ON "Post"("publishedAt");
