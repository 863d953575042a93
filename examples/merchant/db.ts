import Database from 'better-sqlite3';

/**
 * The merchant's ledger. Every duplicate-safety rule is a UNIQUE constraint, so a
 * duplicate is refused by the database itself rather than by a read-then-write check.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope         TEXT    NOT NULL,
  key           TEXT    NOT NULL,
  fingerprint   TEXT    NOT NULL,
  state         TEXT    NOT NULL CHECK (state IN ('in_flight', 'completed')),
  locked_until  INTEGER NOT NULL,
  status        INTEGER,
  response      TEXT,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);

CREATE TABLE IF NOT EXISTS checkout_sessions (
  id               TEXT    PRIMARY KEY,
  idempotency_key  TEXT    NOT NULL,
  amount           INTEGER NOT NULL,
  currency         TEXT    NOT NULL,
  return_url       TEXT,
  status           TEXT    NOT NULL,
  created_at       INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS webhook_events (
  id           TEXT    PRIMARY KEY,
  type         TEXT    NOT NULL,
  session_id   TEXT,
  created      INTEGER,
  received_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_events_type_received ON webhook_events (type, received_at);

-- One row per hosted KYC/KYB verification, with the outcome 0Bit last reported.
CREATE TABLE IF NOT EXISTS verifications (
  id           TEXT    PRIMARY KEY,
  customer_id  TEXT,
  type         TEXT    NOT NULL CHECK (type IN ('individual', 'business')),
  status       TEXT    NOT NULL CHECK (status IN ('pending', 'needs_review', 'verified', 'rejected', 'expired')),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS fulfilments (
  session_id    TEXT    NOT NULL UNIQUE,
  event_id      TEXT    NOT NULL UNIQUE REFERENCES webhook_events (id),
  amount        INTEGER NOT NULL,
  currency      TEXT    NOT NULL,
  fulfilled_at  INTEGER NOT NULL
);
`;

export type MerchantDatabase = Database.Database;

export function openDatabase(path: string): MerchantDatabase {
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  if (path !== ':memory:') {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
  }
  db.exec(SCHEMA);
  return db;
}
