-- A ban may end by itself: past "bannedUntil" it no longer blocks (NULL: until lifted by hand).
ALTER TABLE "Participant" ADD COLUMN "bannedUntil" TIMESTAMP(3);

-- The ban list: every ban with who gave it, why, until when, and who lifted it (or that it ran out).
-- The participant's own columns stay the current state the sign-in reads.
CREATE TABLE "Ban" (
    "id" SERIAL NOT NULL,
    "participantId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "until" TIMESTAMP(3),
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "liftedAt" TIMESTAMP(3),
    "liftedById" INTEGER,

    CONSTRAINT "Ban_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Ban_participantId_idx" ON "Ban"("participantId");
ALTER TABLE "Ban" ADD CONSTRAINT "Ban_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Ban" ADD CONSTRAINT "Ban_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Participant"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Ban" ADD CONSTRAINT "Ban_liftedById_fkey" FOREIGN KEY ("liftedById") REFERENCES "Participant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Bans given before the list existed (not the accounts their owners deleted, which are marked banned too).
INSERT INTO "Ban" ("participantId", "reason", "createdAt")
SELECT id, COALESCE("banReason", ''), "bannedAt" FROM "Participant" WHERE "bannedAt" IS NOT NULL AND "deletedAt" IS NULL;

-- Saved segments: a named filter (the mailing segment's shape) that mailings, the people list and tasks reuse.
CREATE TABLE "Segment" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "filter" JSONB NOT NULL DEFAULT '{}',
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Segment_name_key" ON "Segment"("name");
ALTER TABLE "Segment" ADD CONSTRAINT "Segment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A mailing names the saved segment it was composed with; its "segment" column keeps the copy it was sent to.
ALTER TABLE "Mailing" ADD COLUMN "segmentId" INTEGER;
ALTER TABLE "Mailing" ADD CONSTRAINT "Mailing_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A task offered only to a segment; a segment in use by a task cannot be deleted.
ALTER TABLE "Task" ADD COLUMN "segmentId" INTEGER;
ALTER TABLE "Task" ADD CONSTRAINT "Task_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
