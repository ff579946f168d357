-- Password reset (issue 19). A customer's sessions begun before `sessions_since` (Unix
-- ms) are signed out: a new password ends every other session.
ALTER TABLE customers ADD COLUMN sessions_since INTEGER NOT NULL DEFAULT 0;

-- Reset links the storefront issued, by the SHA-256 of their token: single-use
-- (`used_at`), expiring, for one customer handle of one store. Any backend that can set
-- a password (`password-reset`) is served by these.
CREATE TABLE password_resets (
    token_hash TEXT    PRIMARY KEY,
    store      TEXT    NOT NULL,
    customer   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX password_resets_by_customer ON password_resets (store, customer, created_at);

-- When each customer was last sent a link: one row, taken in one statement, so two
-- requests at once cannot both send one.
CREATE TABLE password_reset_sent (
    store    TEXT    NOT NULL,
    customer TEXT    NOT NULL,
    sent_at  INTEGER NOT NULL,
    PRIMARY KEY (store, customer)
);
