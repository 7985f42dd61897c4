-- When the current lease was taken: a heartbeat keeps lease_expires_at and updated_at fresh, so only this
-- tells how long a step has been running (workflows clear-stuck finds hung steps by it).
ALTER TABLE work_items ADD COLUMN claimed_at TIMESTAMPTZ;
