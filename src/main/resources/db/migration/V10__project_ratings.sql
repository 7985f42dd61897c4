-- projects: how satisfied people are with a finished project (the runbook's user satisfaction metric).
-- One rating per user and project: rating again replaces the row. The user is kept by id and name
-- (identity owns the users table; a removed user's rating stays countable).
CREATE TABLE project_ratings (
    project_id UUID         NOT NULL REFERENCES projects (id),
    user_id    UUID         NOT NULL,
    username   VARCHAR(100) NOT NULL,
    score      SMALLINT     NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment    VARCHAR(2000),
    channel    VARCHAR(20)  NOT NULL,
    rated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_ratings_rated_at ON project_ratings (rated_at);
