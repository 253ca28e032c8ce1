-- In-app navigation: one row per screen a participant opened, sent by the Mini App in batches. Kept for
-- ANALYTICS_KEEP_DAYS (a worker job deletes older rows).
CREATE TABLE "ScreenView" (
    "id" BIGSERIAL NOT NULL,
    "participantId" INTEGER NOT NULL,
    "screen" TEXT NOT NULL,
    "from" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScreenView_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ScreenView_screen_check" CHECK ("screen" ~ '^[a-z][a-z0-9_.-]{0,39}$' AND ("from" IS NULL OR "from" ~ '^[a-z][a-z0-9_.-]{0,39}$'))
);

-- The admin's day-range reads scan by time; the rate bound counts one participant's last minute.
CREATE INDEX "ScreenView_at_screen_idx" ON "ScreenView"("at", "screen");
CREATE INDEX "ScreenView_participantId_receivedAt_idx" ON "ScreenView"("participantId", "receivedAt");

ALTER TABLE "ScreenView" ADD CONSTRAINT "ScreenView_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
