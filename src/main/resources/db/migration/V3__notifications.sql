-- notifications: Telegram, e-mail and outbound webhooks, delivered from a durable outbox.

-- The journal: one row per domain event worth telling someone about, written in the transaction of the
-- change that caused it (so it exists exactly when the change does).
CREATE TABLE notification_events (
    id             UUID PRIMARY KEY,
    seq            BIGSERIAL    NOT NULL,
    source         VARCHAR(60)  NOT NULL,
    project_id     UUID,
    decision_id    UUID,
    data           JSONB        NOT NULL DEFAULT '{}',
    occurred_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    dispatched_at  TIMESTAMPTZ,
    dispatch_error TEXT
);
CREATE INDEX notification_events_undispatched ON notification_events (seq) WHERE dispatched_at IS NULL;

-- The outbox: one row per message to one recipient on one channel. A row is delivered under a lease
-- (status 'sending', lease_owner, lease_expires_at); a dead owner's lease expires and the row is taken over.
CREATE TABLE notification_outbox (
    id               UUID PRIMARY KEY,
    seq              BIGSERIAL    NOT NULL,
    event_id         UUID REFERENCES notification_events (id),
    event            VARCHAR(60)  NOT NULL,
    channel          VARCHAR(20)  NOT NULL CHECK (channel IN ('telegram', 'email', 'webhook')),
    recipient        VARCHAR(320) NOT NULL,
    payload          JSONB        NOT NULL,
    status           VARCHAR(20)  NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'cancelled')),
    attempts         INT          NOT NULL DEFAULT 0,
    max_attempts     INT          NOT NULL,
    progress         INT          NOT NULL DEFAULT 0,
    available_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    lease_owner      VARCHAR(100),
    lease_expires_at TIMESTAMPTZ,
    last_error       TEXT,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    delivered_at     TIMESTAMPTZ,
    UNIQUE (event_id, event, channel, recipient)
);
CREATE INDEX notification_outbox_due ON notification_outbox (available_at) WHERE status IN ('pending', 'sending');
CREATE INDEX notification_outbox_queue ON notification_outbox (channel, recipient, seq)
    WHERE status IN ('pending', 'sending');
CREATE INDEX notification_outbox_created ON notification_outbox (created_at);

-- Per-user choices: the e-mail address and, per channel, the events wanted (NULL: the defaults).
CREATE TABLE notification_preferences (
    user_id    UUID PRIMARY KEY,
    email      VARCHAR(320),
    channels   JSONB,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Reminders sent before a decision's timeout (one per decision).
CREATE TABLE decision_reminders (
    decision_id UUID PRIMARY KEY,
    sent_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Telegram
CREATE TABLE telegram_chats (
    chat_id    BIGINT PRIMARY KEY,
    user_id    UUID         NOT NULL,
    title      VARCHAR(200),
    linked_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX telegram_chats_user ON telegram_chats (user_id);

CREATE TABLE telegram_link_codes (
    code_hash    VARCHAR(64) PRIMARY KEY,
    user_id      UUID         NOT NULL,
    created_by   VARCHAR(200) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ  NOT NULL,
    used_at      TIMESTAMPTZ,
    used_by_chat BIGINT
);

-- Every update handled, so a redelivered update (webhook retry, polling after a crash) is ignored.
CREATE TABLE telegram_updates (
    update_id   BIGINT PRIMARY KEY,
    kind        VARCHAR(30),
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    error       TEXT
);

-- Which message in which chat shows which decision, to edit it when the decision is made.
CREATE TABLE telegram_decision_messages (
    chat_id     BIGINT      NOT NULL,
    message_id  BIGINT      NOT NULL,
    decision_id UUID        NOT NULL,
    sent_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX telegram_decision_messages_decision ON telegram_decision_messages (decision_id);

-- Small durable state of the bot (the long-polling offset).
CREATE TABLE telegram_state (
    name  VARCHAR(50) PRIMARY KEY,
    value TEXT        NOT NULL
);

-- Outbound webhooks
CREATE TABLE webhook_subscriptions (
    id                   UUID PRIMARY KEY,
    url                  TEXT         NOT NULL,
    events               JSONB        NOT NULL,
    secret_ciphertext    TEXT         NOT NULL,
    description          VARCHAR(200),
    status               VARCHAR(20)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'deleted')),
    consecutive_failures INT          NOT NULL DEFAULT 0,
    created_by           VARCHAR(200) NOT NULL,
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    disabled_at          TIMESTAMPTZ,
    disabled_reason      TEXT,
    deleted_at           TIMESTAMPTZ,
    last_delivery_at     TIMESTAMPTZ,
    last_status_code     INT
);

CREATE TABLE webhook_deliveries (
    id              BIGSERIAL PRIMARY KEY,
    subscription_id UUID        NOT NULL REFERENCES webhook_subscriptions (id),
    outbox_id       UUID        NOT NULL,
    event           VARCHAR(60) NOT NULL,
    attempt         INT         NOT NULL,
    at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    status_code     INT,
    success         BOOLEAN     NOT NULL,
    error           TEXT,
    duration_ms     BIGINT      NOT NULL
);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);

-- One-click decision links in e-mails: signed, single use, expiring.
CREATE TABLE email_decision_links (
    nonce       VARCHAR(32) PRIMARY KEY,
    decision_id UUID        NOT NULL,
    user_id     UUID        NOT NULL,
    action      VARCHAR(20) NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);

-- decisions: through which channel a decision was answered (api, telegram, email; timeout, system).
ALTER TABLE decisions ADD COLUMN decided_via VARCHAR(20);
