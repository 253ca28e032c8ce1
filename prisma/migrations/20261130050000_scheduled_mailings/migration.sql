-- A mailing can be scheduled: the mailings job starts it (freezing its audience then) at scheduledAt.
ALTER TYPE "MailingStatus" ADD VALUE 'SCHEDULED' AFTER 'DRAFT';
ALTER TABLE "Mailing" ADD COLUMN "scheduledAt" TIMESTAMP(3);
