-- A mailing copy records which sending run claimed it and when its call left for Telegram, so a run that
-- dies leaves the copies it never handed over to be sent by the next one.
ALTER TABLE "MailingDelivery" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "MailingDelivery" ADD COLUMN "handedAt" TIMESTAMP(3);
-- Copies in flight when this runs may have left: they keep the old rule (counted failed, not sent again).
UPDATE "MailingDelivery" SET "handedAt" = "attemptAt" WHERE status = 'SENDING';
