-- The audit log is append-only (trigger "AuditLog_append_only").
CREATE OR REPLACE FUNCTION "audit_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'P0001';
END $$;
