-- Incoming TON an admin chose to return is sent back by the payout worker: the return's state and the
-- outgoing message's identity (query id, seqno, valid_until) are recorded on the transfer before it is sent.
CREATE TYPE "TonReturnStatus" AS ENUM ('PENDING', 'SENDING', 'RETURNED', 'FAILED');

ALTER TABLE "TonTransfer"
    ADD COLUMN "returnStatus" "TonReturnStatus",
    ADD COLUMN "returnQueryId" BIGINT,
    ADD COLUMN "returnAttempts" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "returnSeqno" INTEGER,
    ADD COLUMN "returnValidUntil" TIMESTAMP(3),
    ADD COLUMN "returnSentAt" TIMESTAMP(3),
    ADD COLUMN "returnTxHash" TEXT,
    ADD COLUMN "returnFailReason" TEXT,
    ADD COLUMN "returnedAt" TIMESTAMP(3);

CREATE UNIQUE INDEX "TonTransfer_returnQueryId_key" ON "TonTransfer"("returnQueryId");
CREATE INDEX "TonTransfer_returnStatus_idx" ON "TonTransfer"("returnStatus");

-- Transfers marked TO_RETURN before this existed keep a null status: they may have been returned by hand
-- meanwhile, so none is sent on its own; an admin starts each one from the back office.
