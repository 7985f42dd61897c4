-- The provider's own id of a run's conversation (CLI session or thread id, cloud agent id) and the cost the
-- provider reported, if any (the ledger's cost_usd stays the price-table figure).
ALTER TABLE agent_runs ADD COLUMN session_id VARCHAR(200);
ALTER TABLE agent_runs ADD COLUMN reported_cost_usd NUMERIC(12, 6);
