-- Every claim writes a claim row and two score rows (the all-time one is updated, and its points are
-- indexed for the boards, so each update adds entries to every index of "Score"). Two indexes were only
-- there for foreign keys whose parent rows are never deleted (tasks are switched off, participants
-- banned), and every read of a score names its period, which the primary key serves: three index
-- entries fewer per claim.
DROP INDEX "Score_participantId_idx";
DROP INDEX "TaskClaim_taskId_idx";
