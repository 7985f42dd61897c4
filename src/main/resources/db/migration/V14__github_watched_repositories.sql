-- forge: GitHub repositories watched for new projects (issue 4: push and issues webhooks).

-- Repositories whose pushes (README.md on the default branch) and issues labelled for QuantaPilot start
-- projects. One row per repository, whatever the case of its name.
CREATE TABLE github_watched_repositories (
    id         UUID PRIMARY KEY,
    owner      VARCHAR(100) NOT NULL,
    name       VARCHAR(100) NOT NULL,
    url        TEXT         NOT NULL,
    created_by VARCHAR(200) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX github_watched_repositories_name ON github_watched_repositories (lower(owner), lower(name));

-- What a webhook asked for: a project from a README push (source_key: the head commit) or from a labelled
-- issue (source_key: the issue number). Unique per source, so a redelivery or a second label event finds
-- the first request instead of starting a second project. status says what became of it, reason why
-- nothing was started; the issue columns track the comments posted back (each once).
CREATE TABLE github_project_requests (
    id                   UUID PRIMARY KEY,
    delivery_id          VARCHAR(100) NOT NULL,
    source               VARCHAR(10)  NOT NULL CHECK (source IN ('push', 'issue')),
    owner                VARCHAR(100) NOT NULL,
    name                 VARCHAR(100) NOT NULL,
    source_key           VARCHAR(100) NOT NULL,
    repository_url       TEXT         NOT NULL,
    title                VARCHAR(300),
    readme               TEXT,
    issue_number         INTEGER,
    status               VARCHAR(20)  NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'started', 'skipped', 'rejected')),
    reason               TEXT,
    project_id           UUID,
    project_outcome      VARCHAR(20),
    outcome_detail       TEXT,
    reported_status      VARCHAR(20),
    reported_outcome     VARCHAR(20),
    report_attempts      INTEGER      NOT NULL DEFAULT 0,
    report_error         TEXT,
    next_report_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX github_project_requests_source
    ON github_project_requests (source, lower(owner), lower(name), source_key);
CREATE INDEX github_project_requests_project ON github_project_requests (project_id);
