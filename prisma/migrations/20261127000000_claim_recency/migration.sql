-- A participant's last claim of a task (cooldowns) is read from the end of this index, so the Tasks
-- screen and a claim cost the same after a year of claims as after a day.
CREATE INDEX "TaskClaim_participantId_taskId_createdAt_idx" ON "TaskClaim"("participantId", "taskId", "createdAt");
