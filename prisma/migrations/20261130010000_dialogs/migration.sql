-- Dialogs: what participants write to the bot lands in the back office inbox, and admins answer there
-- (the bot sends the answer). One dialog per participant; a redelivered update is recorded once.
CREATE TYPE "DialogStatus" AS ENUM ('OPEN', 'ANSWERED', 'CLOSED');
CREATE TYPE "MessageDirection" AS ENUM ('IN', 'OUT');

CREATE TABLE "Dialog" (
    "id" SERIAL NOT NULL,
    "participantId" INTEGER NOT NULL,
    "status" "DialogStatus" NOT NULL DEFAULT 'OPEN',
    "unread" INTEGER NOT NULL DEFAULT 0,
    "lastMessageAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dialog_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Dialog_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Dialog_unread_check" CHECK ("unread" >= 0)
);
CREATE UNIQUE INDEX "Dialog_participantId_key" ON "Dialog"("participantId");
CREATE INDEX "Dialog_status_lastMessageAt_idx" ON "Dialog"("status", "lastMessageAt");

CREATE TABLE "DialogMessage" (
    "id" BIGSERIAL NOT NULL,
    "dialogId" INTEGER NOT NULL,
    "direction" "MessageDirection" NOT NULL,
    "text" TEXT NOT NULL,
    "telegramMessageId" INTEGER,
    "authorId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DialogMessage_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DialogMessage_dialogId_fkey" FOREIGN KEY ("dialogId") REFERENCES "Dialog"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "DialogMessage_dialogId_direction_telegramMessageId_key" ON "DialogMessage"("dialogId", "direction", "telegramMessageId");
CREATE INDEX "DialogMessage_dialogId_id_idx" ON "DialogMessage"("dialogId", "id");
