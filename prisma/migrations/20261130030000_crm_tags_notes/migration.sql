-- CRM: admins label participants with tags (a mailing can aim at one) and keep notes on them.
ALTER TABLE "Participant" ADD COLUMN "tags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
CREATE INDEX "Participant_tags_idx" ON "Participant" USING GIN ("tags");

CREATE TABLE "ParticipantNote" (
    "id" SERIAL NOT NULL,
    "participantId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ParticipantNote_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ParticipantNote_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "ParticipantNote_participantId_id_idx" ON "ParticipantNote"("participantId", "id");
