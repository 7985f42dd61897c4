-- identity: the dashboard's server-side sign-in sessions and the failed sign-ins that lock an account.

-- One row per sign-in. The cookie carries a random token; only its SHA-256 is stored, so reading this
-- table does not hand out live sessions. Rows stay after expiry or sign-out for audits (runbook:
-- "SELECT * FROM user_sessions WHERE created_at > NOW() - INTERVAL '24 hours'").
CREATE TABLE user_sessions (
    id           UUID PRIMARY KEY,
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    user_id      UUID         NOT NULL REFERENCES users (id),
    csrf_token   VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ  NOT NULL,
    revoked_at   TIMESTAMPTZ,
    ip           VARCHAR(64),
    user_agent   VARCHAR(400)
);
CREATE INDEX user_sessions_user ON user_sessions (user_id, created_at);
CREATE INDEX user_sessions_created ON user_sessions (created_at);

-- Failed sign-ins per user name (known or not, so the answer does not reveal which names exist);
-- too many within the lockout window refuse further attempts, even with the right password.
CREATE TABLE failed_sign_ins (
    id       BIGSERIAL PRIMARY KEY,
    username VARCHAR(100) NOT NULL,
    ip       VARCHAR(64),
    at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX failed_sign_ins_username ON failed_sign_ins (username, at);
