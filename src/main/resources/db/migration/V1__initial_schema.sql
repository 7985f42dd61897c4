-- QuantaPilot's own tables. Flowable owns its ACT_* tables; each module owns its tables below.

-- identity
CREATE TABLE users (
    id            UUID PRIMARY KEY,
    username      VARCHAR(100) NOT NULL UNIQUE,
    password_hash VARCHAR(200) NOT NULL,
    role          VARCHAR(20)  NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id           UUID PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    prefix       VARCHAR(20)  NOT NULL,
    key_hash     VARCHAR(64)  NOT NULL UNIQUE,
    user_id      UUID         NOT NULL REFERENCES users (id),
    scopes       VARCHAR(200) NOT NULL DEFAULT 'read,write',
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor       VARCHAR(200) NOT NULL,
    action      VARCHAR(100) NOT NULL,
    target_type VARCHAR(50),
    target_id   VARCHAR(100),
    details     JSONB        NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);

-- projects
CREATE TABLE projects (
    id                  UUID PRIMARY KEY,
    name                VARCHAR(200) NOT NULL,
    slug                VARCHAR(100) NOT NULL,
    readme              TEXT         NOT NULL,
    source_repository   TEXT,
    status              VARCHAR(30)  NOT NULL,
    configuration       JSONB        NOT NULL DEFAULT '{}',
    budget_limits       JSONB        NOT NULL DEFAULT '{}',
    repository_url      TEXT,
    estimated_cost_usd  NUMERIC(12, 4) NOT NULL DEFAULT 0,
    estimated_tokens    BIGINT       NOT NULL DEFAULT 0,
    tokens_used         BIGINT       NOT NULL DEFAULT 0,
    cost_usd            NUMERIC(12, 4) NOT NULL DEFAULT 0,
    status_before_pause VARCHAR(30),
    failure_reason      TEXT,
    archived            BOOLEAN      NOT NULL DEFAULT FALSE,
    created_by          VARCHAR(200),
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at        TIMESTAMPTZ
);
CREATE INDEX projects_status ON projects (status, created_at);

CREATE TABLE stages (
    project_id          UUID         NOT NULL REFERENCES projects (id),
    number              INT          NOT NULL,
    name                VARCHAR(100) NOT NULL,
    goal                TEXT         NOT NULL,
    acceptance_criteria JSONB        NOT NULL DEFAULT '[]',
    estimated_tokens    BIGINT       NOT NULL DEFAULT 0,
    status              VARCHAR(30)  NOT NULL DEFAULT 'pending',
    branch              VARCHAR(200) NOT NULL,
    current_step        VARCHAR(50),
    attempts            INT          NOT NULL DEFAULT 0,
    commit_id           VARCHAR(64),
    merge_commit_id     VARCHAR(64),
    started_at          TIMESTAMPTZ,
    completed_at        TIMESTAMPTZ,
    PRIMARY KEY (project_id, number)
);

-- agents
CREATE TABLE agent_runs (
    id            UUID PRIMARY KEY,
    project_id    UUID         NOT NULL,
    stage_number  INT,
    role          VARCHAR(20)  NOT NULL,
    provider      VARCHAR(50)  NOT NULL,
    model         VARCHAR(100) NOT NULL,
    step_key      VARCHAR(200) NOT NULL UNIQUE,
    status        VARCHAR(20)  NOT NULL,
    input_tokens  BIGINT       NOT NULL DEFAULT 0,
    output_tokens BIGINT       NOT NULL DEFAULT 0,
    cached_tokens BIGINT       NOT NULL DEFAULT 0,
    estimated     BOOLEAN      NOT NULL DEFAULT TRUE,
    cost_usd      NUMERIC(12, 6) NOT NULL DEFAULT 0,
    summary       TEXT,
    error         TEXT,
    files_written JSONB        NOT NULL DEFAULT '[]',
    started_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ
);
CREATE INDEX agent_runs_project ON agent_runs (project_id, started_at);

CREATE TABLE agent_run_events (
    run_id  UUID        NOT NULL REFERENCES agent_runs (id),
    seq     INT         NOT NULL,
    at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    type    VARCHAR(50) NOT NULL,
    message TEXT        NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- quality
CREATE TABLE test_executions (
    id           UUID PRIMARY KEY,
    project_id   UUID        NOT NULL,
    stage_number INT         NOT NULL,
    step_key     VARCHAR(200) NOT NULL UNIQUE,
    command      TEXT        NOT NULL,
    ecosystem    VARCHAR(30),
    sandbox      VARCHAR(30),
    exit_code    INT,
    timed_out    BOOLEAN     NOT NULL DEFAULT FALSE,
    passed       BOOLEAN     NOT NULL,
    total        INT         NOT NULL DEFAULT -1,
    failed       INT         NOT NULL DEFAULT -1,
    errors       INT         NOT NULL DEFAULT -1,
    skipped      INT         NOT NULL DEFAULT -1,
    failures     JSONB       NOT NULL DEFAULT '[]',
    output       TEXT,
    duration_ms  BIGINT      NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX test_executions_project ON test_executions (project_id, stage_number);

-- forge (local forge pull requests; GitHub's live on GitHub)
CREATE TABLE pull_requests (
    id              UUID PRIMARY KEY,
    project_id      UUID         NOT NULL,
    stage_number    INT          NOT NULL,
    number          INT          NOT NULL,
    title           VARCHAR(300) NOT NULL,
    branch          VARCHAR(200) NOT NULL,
    head_commit     VARCHAR(64),
    status          VARCHAR(20)  NOT NULL,
    checks          JSONB        NOT NULL DEFAULT '[]',
    url             TEXT,
    merge_commit_id VARCHAR(64),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    merged_at       TIMESTAMPTZ,
    UNIQUE (project_id, stage_number),
    UNIQUE (project_id, number)
);

-- decisions
CREATE TABLE decisions (
    id               UUID PRIMARY KEY,
    project_id       UUID         NOT NULL,
    type             VARCHAR(30)  NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    context          JSONB        NOT NULL DEFAULT '{}',
    options          JSONB        NOT NULL DEFAULT '[]',
    task_id          VARCHAR(64),
    escalation_level INT          NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    timeout_at       TIMESTAMPTZ,
    decided_at       TIMESTAMPTZ,
    decided_by       VARCHAR(200),
    decision         VARCHAR(20),
    comments         TEXT,
    modifications    JSONB
);
CREATE INDEX decisions_status ON decisions (status, created_at);
CREATE INDEX decisions_project ON decisions (project_id);
CREATE UNIQUE INDEX decisions_task ON decisions (task_id) WHERE task_id IS NOT NULL;

-- workflow: leased work items (long steps run outside engine transactions, DESIGN §2)
CREATE TABLE work_items (
    id                  UUID PRIMARY KEY,
    step_key            VARCHAR(200) NOT NULL UNIQUE,
    project_id          UUID         NOT NULL,
    process_instance_id VARCHAR(64)  NOT NULL,
    activity_id         VARCHAR(100) NOT NULL,
    execution_id        VARCHAR(64)  NOT NULL,
    variables           JSONB        NOT NULL DEFAULT '{}',
    step                VARCHAR(50)  NOT NULL,
    stage_number        INT,
    status              VARCHAR(20)  NOT NULL,
    attempts            INT          NOT NULL DEFAULT 0,
    max_attempts        INT          NOT NULL DEFAULT 3,
    held                BOOLEAN      NOT NULL DEFAULT FALSE,
    lease_owner         VARCHAR(100),
    lease_expires_at    TIMESTAMPTZ,
    available_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_error          TEXT,
    result              JSONB,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX work_items_claimable ON work_items (status, available_at);
CREATE INDEX work_items_project ON work_items (project_id);

-- Spring Modulith's event publication registry (PostgreSQL schema of spring-modulith-events-jdbc)
CREATE TABLE event_publication (
    id                     UUID NOT NULL,
    listener_id            TEXT NOT NULL,
    event_type             TEXT NOT NULL,
    serialized_event       TEXT NOT NULL,
    publication_date       TIMESTAMP WITH TIME ZONE NOT NULL,
    completion_date        TIMESTAMP WITH TIME ZONE,
    status                 TEXT,
    completion_attempts    INT,
    last_resubmission_date TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (id)
);
CREATE INDEX event_publication_serialized_event_hash_idx ON event_publication USING hash (serialized_event);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);
