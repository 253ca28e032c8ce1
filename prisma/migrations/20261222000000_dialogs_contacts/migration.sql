-- Inbox: a dialog may be assigned to a team member; each stretch from a participant's first message to its
-- close is a conversation (first-response and resolution times); the team's quick replies.
-- Contacts: phone numbers participants chose to share through the bot, with the consent they gave.

ALTER TABLE "Dialog" ADD COLUMN "assigneeId" INTEGER;
ALTER TABLE "Dialog" ADD CONSTRAINT "Dialog_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Participant"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "Dialog_assigneeId_lastMessageAt_idx" ON "Dialog"("assigneeId", "lastMessageAt");

CREATE INDEX "DialogMessage_createdAt_idx" ON "DialogMessage"("createdAt");

CREATE TABLE "DialogConversation" (
    "id" SERIAL NOT NULL,
    "dialogId" INTEGER NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "firstResponseAt" TIMESTAMP(3),
    "firstResponderId" INTEGER,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "DialogConversation_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DialogConversation_times_check" CHECK (("firstResponseAt" IS NULL OR "firstResponseAt" >= "openedAt") AND ("closedAt" IS NULL OR "closedAt" >= "openedAt"))
);
CREATE INDEX "DialogConversation_dialogId_id_idx" ON "DialogConversation"("dialogId", "id");
CREATE INDEX "DialogConversation_openedAt_idx" ON "DialogConversation"("openedAt");
-- At most one conversation of a dialog is going on at a time.
CREATE UNIQUE INDEX "DialogConversation_one_open_key" ON "DialogConversation"("dialogId") WHERE "closedAt" IS NULL;
ALTER TABLE "DialogConversation" ADD CONSTRAINT "DialogConversation_dialogId_fkey" FOREIGN KEY ("dialogId") REFERENCES "Dialog"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Dialogs from before: one conversation each, as well as the messages tell it.
INSERT INTO "DialogConversation" ("dialogId", "openedAt", "firstResponseAt", "firstResponderId", "closedAt")
SELECT d.id, d."createdAt", f."createdAt", f."authorId",
       CASE WHEN d.status = 'CLOSED' THEN GREATEST(d."lastMessageAt", d."createdAt") END
  FROM "Dialog" d
  LEFT JOIN LATERAL (SELECT m."createdAt", m."authorId" FROM "DialogMessage" m WHERE m."dialogId" = d.id AND m.direction = 'OUT' AND m."createdAt" >= d."createdAt" ORDER BY m.id LIMIT 1) f ON true;

CREATE TABLE "QuickReply" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuickReply_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "QuickReply_title_key" ON "QuickReply"("title");

CREATE TABLE "ParticipantContact" (
    "participantId" INTEGER NOT NULL,
    "phone" TEXT NOT NULL,
    "consent" TEXT NOT NULL,
    "sharedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ParticipantContact_pkey" PRIMARY KEY ("participantId"),
    CONSTRAINT "ParticipantContact_phone_check" CHECK ("phone" ~ '^\+[0-9]{5,20}$')
);
CREATE INDEX "ParticipantContact_sharedAt_participantId_idx" ON "ParticipantContact"("sharedAt", "participantId");
ALTER TABLE "ParticipantContact" ADD CONSTRAINT "ParticipantContact_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
