-- Latency in whole microseconds instead of fractional milliseconds: the
-- figures that matter are well under a millisecond, and integers sum and
-- compare exactly in both databases. Votes get an index on their time for
-- retention, which now deletes old votes on their own.

-- +goose Up
ALTER TABLE questions ADD COLUMN latency_us BIGINT NOT NULL DEFAULT 0;
UPDATE questions SET latency_us = CAST(ROUND(latency_ms * 1000) AS BIGINT);
ALTER TABLE questions DROP COLUMN latency_ms;
CREATE INDEX votes_at ON votes (at_ms);

-- +goose Down
DROP INDEX votes_at;
ALTER TABLE questions ADD COLUMN latency_ms DOUBLE PRECISION NOT NULL DEFAULT 0;
UPDATE questions SET latency_ms = latency_us / 1000.0;
ALTER TABLE questions DROP COLUMN latency_us;
