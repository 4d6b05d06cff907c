-- The question log, first version. The SQL is the same for SQLite and
-- PostgreSQL: times are Unix milliseconds, booleans 0/1 integers.

-- +goose Up
CREATE TABLE questions (
	id         TEXT PRIMARY KEY,           -- the answer's id, as its buttons carry it
	at_ms      BIGINT NOT NULL,            -- when it was asked, Unix ms
	platform   TEXT NOT NULL,              -- telegram, slack, terminal
	chat_hash  TEXT NOT NULL,              -- HMAC-SHA256 of the chat id, never the id
	user_hash  TEXT NOT NULL,              -- HMAC-SHA256 of the user id
	question   TEXT,                       -- NULL when log_questions is false
	lang       TEXT NOT NULL,              -- the bot's language for the reply
	abstained  INTEGER NOT NULL,           -- 1 when the bot said "no match"
	matched_by TEXT NOT NULL,              -- direct, translation, '' when abstained
	latency_ms DOUBLE PRECISION NOT NULL   -- the search's duration
);
CREATE INDEX questions_at ON questions (at_ms);

CREATE TABLE hits (
	question_id TEXT NOT NULL,
	pos         INTEGER NOT NULL,          -- 1 is the best
	ref         TEXT NOT NULL,
	doc         TEXT NOT NULL,
	section     TEXT NOT NULL,
	score       DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (question_id, pos)
);

CREATE TABLE votes (
	question_id TEXT NOT NULL,
	user_hash   TEXT NOT NULL,
	at_ms       BIGINT NOT NULL,
	up          INTEGER NOT NULL,          -- 1 for 👍, 0 for 👎
	correct     TEXT NOT NULL,             -- on a 👎: the right reference, 'none', or ''
	PRIMARY KEY (question_id, user_hash)
);

-- +goose Down
DROP TABLE votes;
DROP TABLE hits;
DROP TABLE questions;
