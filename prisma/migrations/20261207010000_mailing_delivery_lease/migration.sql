-- A sender takes copies ahead (leased, still PENDING) and marks each one in flight only as it sends it,
-- so a process that stops leaves few copies whose fate is unknown; the rest go back when the lease ends.
ALTER TABLE "MailingDelivery" ADD COLUMN "leaseUntil" TIMESTAMP(3);
