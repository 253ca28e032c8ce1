-- Mint requests: each request to take an edition to TON, recorded before anything is sent so the back
-- office sees requested / sent / confirmed / failed and can retry a failed one safely.
CREATE TYPE "MintStatus" AS ENUM ('REQUESTED', 'SENT', 'CONFIRMED', 'FAILED', 'CANCELLED');

CREATE TABLE "MintRequest" (
    "id" SERIAL NOT NULL,
    "editionId" INTEGER NOT NULL,
    "participantId" INTEGER,
    "collection" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "index" BIGINT NOT NULL,
    "again" BOOLEAN NOT NULL DEFAULT false,
    "content" TEXT NOT NULL,
    "status" "MintStatus" NOT NULL DEFAULT 'REQUESTED',
    "sends" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "eventKey" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3),
    "validUntil" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MintRequest_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "MintRequest_eventKey_key" ON "MintRequest"("eventKey");
CREATE INDEX "MintRequest_status_id_idx" ON "MintRequest"("status", "id");
CREATE INDEX "MintRequest_editionId_idx" ON "MintRequest"("editionId");

ALTER TABLE "MintRequest" ADD CONSTRAINT "MintRequest_editionId_fkey" FOREIGN KEY ("editionId") REFERENCES "Edition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Mints requested before this table existed, while their outbox event is still kept: a waiting event
-- is REQUESTED, a handled one SENT (whether it landed was not recorded), a failed one FAILED.
INSERT INTO "MintRequest" ("editionId", "participantId", "collection", "item", "owner", "index", "again", "content", "status", "eventKey", "createdAt", "updatedAt")
SELECT t."editionId", t."fromId", o.payload->>'collection', o.payload->>'item', o.payload->>'owner', (o.payload->>'index')::bigint,
       COALESCE((o.payload->>'again')::boolean, false), o.payload->>'content',
       (CASE o.status WHEN 'DONE' THEN 'SENT' WHEN 'FAILED' THEN 'FAILED' ELSE 'REQUESTED' END)::"MintStatus",
       o.key, t."createdAt", t."createdAt"
  FROM "EditionTransfer" t JOIN "OutboxEvent" o ON o.key = 'edition-transfer:' || t.id || ':mint'
 WHERE t.kind = 'MINT';
