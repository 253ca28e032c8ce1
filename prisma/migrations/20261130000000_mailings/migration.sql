-- Mailings: a message to a segment of participants who accept its category, sent in chunks by the
-- mailings job within Telegram's limits. Every participant's copy is a row written at start, so a
-- restart resumes where it stopped and nobody gets the same mailing twice.
CREATE TYPE "MailingCategory" AS ENUM ('NEWS', 'EVENTS', 'OFFERS');
CREATE TYPE "MailingStatus" AS ENUM ('DRAFT', 'SENDING', 'PAUSED', 'DONE', 'CANCELLED');
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'BLOCKED');

ALTER TABLE "Participant" ADD COLUMN "botBlockedAt" TIMESTAMP(3);

CREATE TABLE "MailingConsent" (
    "participantId" INTEGER NOT NULL,
    "category" "MailingCategory" NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MailingConsent_pkey" PRIMARY KEY ("participantId", "category"),
    CONSTRAINT "MailingConsent_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE TABLE "Mailing" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "category" "MailingCategory" NOT NULL,
    "variants" JSONB NOT NULL,
    "button" JSONB,
    "segment" JSONB NOT NULL DEFAULT '{}',
    "status" "MailingStatus" NOT NULL DEFAULT 'DRAFT',
    "total" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Mailing_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Mailing_variants_check" CHECK (jsonb_typeof("variants") = 'array' AND jsonb_array_length("variants") BETWEEN 1 AND 2),
    CONSTRAINT "Mailing_counts_check" CHECK ("sent" >= 0 AND "failed" >= 0 AND "blocked" >= 0 AND "sent" + "failed" + "blocked" <= "total")
);
CREATE INDEX "Mailing_status_idx" ON "Mailing"("status");

CREATE TABLE "MailingDelivery" (
    "mailingId" INTEGER NOT NULL,
    "participantId" INTEGER NOT NULL,
    "variant" INTEGER NOT NULL DEFAULT 0,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "messageId" INTEGER,
    "error" TEXT,
    "attemptAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3),

    CONSTRAINT "MailingDelivery_pkey" PRIMARY KEY ("mailingId", "participantId"),
    CONSTRAINT "MailingDelivery_mailingId_fkey" FOREIGN KEY ("mailingId") REFERENCES "Mailing"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MailingDelivery_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MailingDelivery_variant_check" CHECK ("variant" IN (0, 1))
);
-- The sender takes the next copies still to send, and finds copies a stopped process left in flight.
CREATE INDEX "MailingDelivery_todo_idx" ON "MailingDelivery"("mailingId", "participantId") WHERE "status" IN ('PENDING', 'SENDING');
