-- agents: budget thresholds already announced (each once per project)
CREATE TABLE budget_alerts (
    project_id UUID        NOT NULL,
    threshold  INT         NOT NULL,
    at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, threshold)
);

-- agents: whether a run's cost came from the price table
ALTER TABLE agent_runs ADD COLUMN priced BOOLEAN NOT NULL DEFAULT TRUE;

-- workflow: a step parked on a decision (budget_exceeded, agent_failure)
ALTER TABLE work_items ADD COLUMN decision_id UUID;
CREATE INDEX work_items_decision ON work_items (decision_id) WHERE decision_id IS NOT NULL;
