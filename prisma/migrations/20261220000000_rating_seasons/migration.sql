-- Rating seasons: a board of their own (Score period 'season:<id>', written by add_scores while open),
-- prizes per place range, and the frozen winners with what each was paid. Telegram gifts sent after a
-- commit get a row of their own so the outbox handler sends each at most once.
CREATE TYPE "SeasonStatus" AS ENUM ('SCHEDULED', 'ACTIVE', 'ENDED', 'PAID');
CREATE TYPE "SeasonPrizeKind" AS ENUM ('POINTS', 'TON', 'COLLECTIBLE', 'TELEGRAM_GIFT');
CREATE TYPE "GiftSendStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED');

CREATE TABLE "Season" (
    "id" SERIAL NOT NULL,
    "name" JSONB NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "status" "SeasonStatus" NOT NULL DEFAULT 'SCHEDULED',
    "prizes" JSONB NOT NULL DEFAULT '[]',
    "endedAt" TIMESTAMP(3),
    "paidAt" TIMESTAMP(3),
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Season_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Season_window_check" CHECK ("endsAt" > "startsAt")
);
CREATE INDEX "Season_status_endsAt_idx" ON "Season"("status", "endsAt");
ALTER TABLE "Season" ADD CONSTRAINT "Season_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "SeasonResult" (
    "seasonId" INTEGER NOT NULL,
    "place" INTEGER NOT NULL,
    "participantId" INTEGER NOT NULL,
    "points" BIGINT NOT NULL,
    "kind" "SeasonPrizeKind" NOT NULL,
    "amount" BIGINT,
    "dropId" INTEGER,
    "giftId" TEXT,
    "paidAt" TIMESTAMP(3),
    "transferId" BIGINT,
    "editionId" INTEGER,
    "giftSendId" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "SeasonResult_pkey" PRIMARY KEY ("seasonId", "place"),
    CONSTRAINT "SeasonResult_place_check" CHECK ("place" > 0)
);
CREATE INDEX "SeasonResult_participantId_idx" ON "SeasonResult"("participantId");
ALTER TABLE "SeasonResult" ADD CONSTRAINT "SeasonResult_seasonId_fkey" FOREIGN KEY ("seasonId") REFERENCES "Season"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "SeasonResult" ADD CONSTRAINT "SeasonResult_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "GiftSend" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "participantId" INTEGER NOT NULL,
    "giftId" TEXT NOT NULL,
    "text" TEXT,
    "reason" TEXT NOT NULL,
    "status" "GiftSendStatus" NOT NULL DEFAULT 'PENDING',
    "stars" INTEGER,
    "transferId" BIGINT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "GiftSend_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "GiftSend_key_key" ON "GiftSend"("key");
ALTER TABLE "GiftSend" ADD CONSTRAINT "GiftSend_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
