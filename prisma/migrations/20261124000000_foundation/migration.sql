-- CreateEnum
CREATE TYPE "Role" AS ENUM ('PARTICIPANT', 'MODERATOR', 'FINANCE', 'ADMIN', 'OWNER');
CREATE TYPE "Currency" AS ENUM ('POINTS', 'STARS', 'TON');
CREATE TYPE "AccountKind" AS ENUM ('PARTICIPANT', 'SYSTEM');
CREATE TYPE "TransferStatus" AS ENUM ('POSTED', 'PENDING', 'PENDING_POSTED', 'PENDING_VOIDED');
CREATE TYPE "TaskType" AS ENUM ('DAILY_CHECKIN', 'JOIN_CHAT', 'INVITE_FRIENDS', 'QUIZ', 'VISIT_LINK', 'CONNECT_WALLET', 'PURCHASE', 'PARTNER');
CREATE TYPE "TaskPeriod" AS ENUM ('ONCE', 'DAILY', 'WEEKLY', 'UNLIMITED');

-- CreateTable
CREATE TABLE "Participant" (
    "id" SERIAL NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "username" TEXT,
    "firstName" TEXT NOT NULL DEFAULT '',
    "lastName" TEXT,
    "languageCode" TEXT,
    "language" TEXT NOT NULL DEFAULT 'en',
    "photoUrl" TEXT,
    "isPremium" BOOLEAN NOT NULL DEFAULT false,
    "role" "Role" NOT NULL DEFAULT 'PARTICIPANT',
    "referralCode" TEXT NOT NULL,
    "invitedById" INTEGER,
    "activatedAt" TIMESTAMP(3),
    "bannedAt" TIMESTAMP(3),
    "banReason" TEXT,
    "streak" INTEGER NOT NULL DEFAULT 0,
    "bestStreak" INTEGER NOT NULL DEFAULT 0,
    "lastCheckinDay" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Participant_pkey" PRIMARY KEY ("id"),
    -- Nobody invites themselves.
    CONSTRAINT "Participant_not_self_invited" CHECK ("invitedById" IS NULL OR "invitedById" <> "id")
);

CREATE TABLE "Account" (
    "id" SERIAL NOT NULL,
    "kind" "AccountKind" NOT NULL,
    "participantId" INTEGER,
    "code" TEXT,
    "currency" "Currency" NOT NULL,
    "shard" INTEGER NOT NULL DEFAULT 0,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id"),
    -- A participant's balance never goes below zero; system accounts (issuance, revenue, ...) may.
    CONSTRAINT "Account_participant_balance_nonnegative" CHECK ("kind" = 'SYSTEM' OR "balance" >= 0),
    CONSTRAINT "Account_owner_shape" CHECK (
        ("kind" = 'PARTICIPANT' AND "participantId" IS NOT NULL AND "code" IS NULL)
        OR ("kind" = 'SYSTEM' AND "participantId" IS NULL AND "code" IS NOT NULL)
    )
);

CREATE TABLE "Transfer" (
    "id" BIGSERIAL NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "debitAccountId" INTEGER NOT NULL,
    "creditAccountId" INTEGER NOT NULL,
    "currency" "Currency" NOT NULL,
    "amount" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "TransferStatus" NOT NULL DEFAULT 'POSTED',
    "pendingId" BIGINT,
    "reference" TEXT,
    "meta" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Transfer_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Transfer_amount_positive" CHECK ("amount" > 0),
    CONSTRAINT "Transfer_distinct_accounts" CHECK ("debitAccountId" <> "creditAccountId")
);

CREATE TABLE "Score" (
    "period" TEXT NOT NULL,
    "participantId" INTEGER NOT NULL,
    "points" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Score_pkey" PRIMARY KEY ("period","participantId")
);

CREATE TABLE "Level" (
    "level" INTEGER NOT NULL,
    "threshold" BIGINT NOT NULL,
    "multiplierBps" INTEGER NOT NULL DEFAULT 10000,
    "title" JSONB NOT NULL,

    CONSTRAINT "Level_pkey" PRIMARY KEY ("level")
);

CREATE TABLE "Task" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "type" "TaskType" NOT NULL,
    "title" JSONB NOT NULL,
    "description" JSONB NOT NULL,
    "reward" BIGINT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "period" "TaskPeriod" NOT NULL DEFAULT 'ONCE',
    "limitPerPeriod" INTEGER NOT NULL DEFAULT 1,
    "cooldownSeconds" INTEGER NOT NULL DEFAULT 0,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Task_reward_nonnegative" CHECK ("reward" >= 0),
    CONSTRAINT "Task_limit_positive" CHECK ("limitPerPeriod" >= 1 AND "cooldownSeconds" >= 0)
);

CREATE TABLE "TaskClaim" (
    "id" BIGSERIAL NOT NULL,
    "participantId" INTEGER NOT NULL,
    "taskId" INTEGER NOT NULL,
    "periodKey" TEXT NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 1,
    "reward" BIGINT NOT NULL,
    "transferId" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskClaim_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "TaskStart" (
    "participantId" INTEGER NOT NULL,
    "taskId" INTEGER NOT NULL,
    "periodKey" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskStart_pkey" PRIMARY KEY ("participantId","taskId","periodKey")
);

CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "data" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Participant_telegramId_key" ON "Participant"("telegramId");
CREATE UNIQUE INDEX "Participant_referralCode_key" ON "Participant"("referralCode");
CREATE INDEX "Participant_invitedById_idx" ON "Participant"("invitedById");
CREATE UNIQUE INDEX "Account_participantId_currency_key" ON "Account"("participantId", "currency");
CREATE UNIQUE INDEX "Account_code_currency_shard_key" ON "Account"("code", "currency", "shard");
CREATE UNIQUE INDEX "Transfer_idempotencyKey_key" ON "Transfer"("idempotencyKey");
CREATE UNIQUE INDEX "Transfer_pendingId_key" ON "Transfer"("pendingId");
CREATE INDEX "Transfer_debitAccountId_id_idx" ON "Transfer"("debitAccountId", "id");
CREATE INDEX "Transfer_creditAccountId_id_idx" ON "Transfer"("creditAccountId", "id");
CREATE INDEX "Score_period_points_participantId_idx" ON "Score"("period", "points" DESC, "participantId");
CREATE INDEX "Score_participantId_idx" ON "Score"("participantId");
CREATE UNIQUE INDEX "Task_slug_key" ON "Task"("slug");
CREATE UNIQUE INDEX "TaskClaim_participantId_taskId_periodKey_seq_key" ON "TaskClaim"("participantId", "taskId", "periodKey", "seq");
CREATE INDEX "TaskClaim_taskId_idx" ON "TaskClaim"("taskId");
CREATE INDEX "TaskStart_taskId_idx" ON "TaskStart"("taskId");
CREATE INDEX "AuditLog_subjectType_subjectId_idx" ON "AuditLog"("subjectType", "subjectId");
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "Participant"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Account" ADD CONSTRAINT "Account_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_debitAccountId_fkey" FOREIGN KEY ("debitAccountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_creditAccountId_fkey" FOREIGN KEY ("creditAccountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_pendingId_fkey" FOREIGN KEY ("pendingId") REFERENCES "Transfer"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Score" ADD CONSTRAINT "Score_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "TaskClaim" ADD CONSTRAINT "TaskClaim_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "TaskClaim" ADD CONSTRAINT "TaskClaim_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "TaskStart" ADD CONSTRAINT "TaskStart_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "TaskStart" ADD CONSTRAINT "TaskStart_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Ledger transfers and the audit log are append-only: history is never rewritten.
-- A transfer's status may move only from PENDING to PENDING_POSTED / PENDING_VOIDED.
CREATE FUNCTION "transfer_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ledger transfers are immutable' USING ERRCODE = 'P0001';
  END IF;
  IF OLD."status" = 'PENDING' AND NEW."status" IN ('PENDING_POSTED', 'PENDING_VOIDED')
     AND NEW."amount" = OLD."amount" AND NEW."debitAccountId" = OLD."debitAccountId"
     AND NEW."creditAccountId" = OLD."creditAccountId" AND NEW."idempotencyKey" = OLD."idempotencyKey" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'ledger transfers are immutable' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER "Transfer_immutable" BEFORE UPDATE OR DELETE ON "Transfer"
  FOR EACH ROW EXECUTE FUNCTION "transfer_guard"();

CREATE FUNCTION "audit_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER "AuditLog_append_only" BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_guard"();
