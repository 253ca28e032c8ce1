-- A participant's idempotency key, written in the same transaction as the effect it guards, with the
-- answer to give again. The primary key makes a concurrent duplicate wait for the first to commit.
CREATE TABLE "IdempotencyKey" (
    "participantId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "procedure" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("participantId", "key")
);

ALTER TABLE "IdempotencyKey" ADD CONSTRAINT "IdempotencyKey_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
