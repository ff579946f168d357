-- See SQLite's 0013: a new password ends the customer's older sessions; reset links.
ALTER TABLE customers ADD COLUMN sessions_since BIGINT NOT NULL DEFAULT 0;

CREATE TABLE password_resets (
    token_hash TEXT   PRIMARY KEY,
    store      TEXT   NOT NULL,
    customer   TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX password_resets_by_customer ON password_resets (store, customer, created_at);

CREATE TABLE password_reset_sent (
    store    TEXT   NOT NULL,
    customer TEXT   NOT NULL,
    sent_at  BIGINT NOT NULL,
    PRIMARY KEY (store, customer)
);
