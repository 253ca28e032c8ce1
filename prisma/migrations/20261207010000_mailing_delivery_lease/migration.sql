-- A sender takes copies ahead (leased to its run, still PENDING) and marks each one in flight just before
-- its call leaves, so a process that stops leaves in doubt only what it had in flight; what it had taken
-- ahead goes to the next sender: at once to the holder of the mailings job lease, else when the lease ends.
ALTER TABLE "MailingDelivery" ADD COLUMN "leaseUntil" TIMESTAMP(3);
ALTER TABLE "MailingDelivery" ADD COLUMN "claimedBy" TEXT;
