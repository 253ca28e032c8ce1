-- A participant may delete their account: personal data is erased and the Telegram id released (the row
-- keeps -id, so the ledger's history stays whole and a later sign-in starts a new account).
ALTER TABLE "Participant" ADD COLUMN "deletedAt" TIMESTAMP(3);
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_deleted_check" CHECK ("deletedAt" IS NULL OR "telegramId" < 0);
