-- Picking a gift's recipient: people one traded or gifted with (either side of a transfer), and
-- participants by @username (case-insensitive prefix; Prisma cannot express the expression index).
CREATE INDEX "EditionTransfer_fromId_id_idx" ON "EditionTransfer"("fromId", "id");
CREATE INDEX "EditionTransfer_toId_id_idx" ON "EditionTransfer"("toId", "id");
CREATE INDEX "Participant_username_lower_idx" ON "Participant"(lower("username") text_pattern_ops);
