-- Community events (meet-ups, streams) with RSVP, a reminder before the start and attendance. Named
-- "CommunityEvent" because "events" already means the outbox.
CREATE TYPE "CommunityEventStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'CANCELLED');
CREATE TYPE "RsvpAnswer" AS ENUM ('YES', 'NO', 'MAYBE');

CREATE TABLE "CommunityEvent" (
    "id" SERIAL NOT NULL,
    "title" JSONB NOT NULL,
    "description" JSONB NOT NULL,
    "place" TEXT,
    "url" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "capacity" INTEGER,
    "status" "CommunityEventStatus" NOT NULL DEFAULT 'DRAFT',
    "remindMinutesBefore" INTEGER NOT NULL DEFAULT 60,
    "rewardPoints" BIGINT NOT NULL DEFAULT 0,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "CommunityEvent_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CommunityEvent_times_check" CHECK ("endsAt" > "startsAt"),
    CONSTRAINT "CommunityEvent_capacity_check" CHECK ("capacity" IS NULL OR "capacity" > 0),
    CONSTRAINT "CommunityEvent_remind_check" CHECK ("remindMinutesBefore" BETWEEN 1 AND 10080),
    CONSTRAINT "CommunityEvent_reward_check" CHECK ("rewardPoints" >= 0)
);

CREATE TABLE "EventRsvp" (
    "eventId" INTEGER NOT NULL,
    "participantId" INTEGER NOT NULL,
    "answer" "RsvpAnswer" NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL,
    "attended" BOOLEAN NOT NULL DEFAULT false,
    "rewardTransferId" BIGINT,
    "remindedAt" TIMESTAMP(3),

    CONSTRAINT "EventRsvp_pkey" PRIMARY KEY ("eventId", "participantId")
);

-- Participants read published events by start; counts and the reminder job read answers per event.
CREATE INDEX "CommunityEvent_status_startsAt_idx" ON "CommunityEvent"("status", "startsAt");
CREATE INDEX "EventRsvp_eventId_answer_idx" ON "EventRsvp"("eventId", "answer");
CREATE INDEX "EventRsvp_participantId_idx" ON "EventRsvp"("participantId");

ALTER TABLE "EventRsvp" ADD CONSTRAINT "EventRsvp_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "CommunityEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "EventRsvp" ADD CONSTRAINT "EventRsvp_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
