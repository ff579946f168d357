-- Transactional email (issue 19): every message is written here by the request that
-- causes it and sent by a background worker, retried with back-off, so a mail server
-- that is down delays mail and loses none. Times are Unix milliseconds.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    store           TEXT    NOT NULL,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    text_body       TEXT    NOT NULL,
    html_body       TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- When a worker may next try it; a worker that takes it moves this past its lease.
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    -- Set when the server refused it for good (a permanent SMTP error).
    failed_at       INTEGER,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
