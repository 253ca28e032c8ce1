-- Balances, streaks and check-in days change on every claim; none of them is indexed, so with room left
-- on each page PostgreSQL updates the row in place (a HOT update) instead of adding an entry to every
-- index of the table. The setting applies to pages filled from now on.
ALTER TABLE "Account" SET (fillfactor = 85);
ALTER TABLE "Participant" SET (fillfactor = 85);

-- Only holds that were posted or voided have a pendingId: the unique index need not hold every NULL
-- (one entry per transfer saved). Still unique: one post or void per hold.
DROP INDEX "Transfer_pendingId_key";
CREATE UNIQUE INDEX "Transfer_pendingId_key" ON "Transfer"("pendingId") WHERE "pendingId" IS NOT NULL;
