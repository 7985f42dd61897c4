-- quality: coverage of each test execution, quality gate evaluations with one row per gate, and the
-- quality override decision taken on an evaluation.

ALTER TABLE test_executions
    ADD COLUMN coverage_percent NUMERIC(5, 2),
    ADD COLUMN coverage_covered INT,
    ADD COLUMN coverage_total   INT,
    ADD COLUMN coverage_format  VARCHAR(30),
    ADD COLUMN coverage_note    TEXT;

CREATE TABLE quality_evaluations (
    id                UUID PRIMARY KEY,
    project_id        UUID         NOT NULL,
    stage_number      INT          NOT NULL,
    step_key          VARCHAR(200) NOT NULL UNIQUE,
    execution_id      UUID         NOT NULL REFERENCES test_executions (id),
    passed            BOOLEAN      NOT NULL,
    -- the settings the gates were evaluated with, and the test inventory the next attempt is compared with
    policy            JSONB        NOT NULL,
    inventory         JSONB        NOT NULL,
    decision          VARCHAR(20) CHECK (decision IN ('override', 'retry', 'abort')),
    decided_by        VARCHAR(200),
    decision_comments TEXT,
    decided_at        TIMESTAMPTZ,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX quality_evaluations_project ON quality_evaluations (project_id, stage_number, created_at);

CREATE TABLE quality_gate_results (
    evaluation_id UUID         NOT NULL REFERENCES quality_evaluations (id) ON DELETE CASCADE,
    position      INT          NOT NULL,
    gate          VARCHAR(100) NOT NULL,
    verdict       VARCHAR(10)  NOT NULL CHECK (verdict IN ('passed', 'warning', 'failed')),
    value         TEXT,
    threshold     TEXT,
    message       TEXT         NOT NULL,
    evidence      JSONB        NOT NULL DEFAULT '[]',
    PRIMARY KEY (evaluation_id, position),
    UNIQUE (evaluation_id, gate)
);
