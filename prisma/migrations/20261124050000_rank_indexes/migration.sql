-- Banned participants are few: a partial index lets ranks subtract them without scanning everyone.
CREATE INDEX "Participant_banned_idx" ON "Participant"("id") WHERE "bannedAt" IS NOT NULL;
