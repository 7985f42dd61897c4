-- forge: the GitHub forge beside the local one (issue 4).

-- Which forge holds each project's repository. Decided once, at intake, so a later change of the
-- default provider does not move a running project.
CREATE TABLE forge_repositories (
    project_id UUID PRIMARY KEY,
    provider   VARCHAR(20)  NOT NULL CHECK (provider IN ('local', 'github')),
    owner      VARCHAR(100) NOT NULL,
    name       VARCHAR(100) NOT NULL,
    remote     TEXT         NOT NULL,
    clone_url  TEXT         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX forge_repositories_by_name ON forge_repositories (provider, lower(owner), lower(name));

-- Pull requests of either forge; for GitHub the record mirrors the pull request on GitHub, and
-- checks_* hold the last judgement of its head's checks.
ALTER TABLE pull_requests
    ADD COLUMN provider          VARCHAR(20) NOT NULL DEFAULT 'local',
    ADD COLUMN checks_state      VARCHAR(20),
    ADD COLUMN checks_report     TEXT,
    ADD COLUMN checks_started_at TIMESTAMPTZ,
    ADD COLUMN checks_updated_at TIMESTAMPTZ,
    ADD COLUMN updated_at        TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX pull_requests_head ON pull_requests (head_commit);

-- Inbound GitHub webhook deliveries, so a redelivery (same X-GitHub-Delivery) is processed once.
CREATE TABLE github_webhook_deliveries (
    delivery_id VARCHAR(100) PRIMARY KEY,
    event       VARCHAR(50)  NOT NULL,
    action      VARCHAR(50),
    repository  VARCHAR(200),
    received_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
