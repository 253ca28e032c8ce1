-- SQL functions live in server/src/db/functions/ (one file each), applied by the migration runner after
-- the migrations whenever a file changed. Migrations no longer carry copies of them.

-- The claim functions now take each claim as an object with named fields (a jsonb array of them) instead
-- of fourteen positional arrays: their old signatures go; the files create the new ones.
DROP FUNCTION "claim_task"(INTEGER, INTEGER, TEXT, INTEGER, TEXT, BIGINT, INTEGER, TEXT, TEXT, TEXT, TIMESTAMP(3), INTEGER, TEXT, BIGINT);
DROP FUNCTION "claim_tasks"(INTEGER[], INTEGER[], TEXT[], INTEGER[], TEXT[], BIGINT[], INTEGER[], TEXT[], TEXT[], TEXT[], TIMESTAMP(3)[], INTEGER, TEXT[], BIGINT[]);
