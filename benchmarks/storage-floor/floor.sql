-- The server-side floor of one cycle's writes: the rows SolStake must write per cycle for 1,351 validators, with the
-- data already inside PostgreSQL (no client, no network, no parameters), in a schema shaped like SolStake's.
-- Run by benchmarks/storage-floor/run.sh; see benchmarks/results/storage-write-floor-2026-11-28.md.
\set QUIET on
CREATE TABLE validators (id bigserial PRIMARY KEY, vote_account varchar(44) UNIQUE, identity varchar(44), commission_bps int, activated_stake bigint, delinquent bool, last_vote bigint, root_slot bigint, uptime float8, updated_at timestamptz) WITH (fillfactor = 70);
CREATE INDEX ON validators (identity);
INSERT INTO validators (vote_account, identity, commission_bps, activated_stake, delinquent, last_vote, root_slot, uptime, updated_at)
  SELECT 'V' || lpad(g::text, 43, '0'), 'I' || lpad(g::text, 43, '0'), 500, g * 1000000, false, 325000000 + g, 324999900 + g, 99.5, now() FROM generate_series(1, 1351) g;
CREATE TABLE validator_observations (id bigserial PRIMARY KEY, validator_id bigint REFERENCES validators(id), slot bigint, delinquent bool, last_vote bigint, commission_bps int, activated_stake bigint, observed_at timestamptz, UNIQUE (validator_id, slot));
CREATE TABLE scoring_runs (id bigserial PRIMARY KEY, run_date timestamptz, status text);
CREATE TABLE trust_scores (id bigserial PRIMARY KEY, validator_id bigint REFERENCES validators(id) ON DELETE CASCADE, scoring_run_id bigint REFERENCES scoring_runs(id) ON DELETE CASCADE, score float8, state varchar(16), profile varchar(64), model_version varchar(64), breakdown jsonb, flags jsonb, created_at timestamptz, UNIQUE (scoring_run_id, validator_id));
CREATE INDEX ON trust_scores (validator_id);
CREATE TABLE validator_epoch_stats (validator_id bigint REFERENCES validators(id), epoch bigint, credits bigint, previous_credits bigint, PRIMARY KEY (validator_id, epoch)) WITH (fillfactor = 70);
INSERT INTO validator_epoch_stats SELECT v.id, e, 400000, 0 FROM validators v, generate_series(748, 752) e;
CREATE TABLE src_scores AS SELECT v.id AS validator_id, (random() * 100) AS score,
  (SELECT json_agg(json_build_object('factor', 'factor_' || f, 'points', round((random() * 10)::numeric, 2), 'maxPoints', 10, 'detail', 'vote credits 0.9712 of the cluster median over 5 epochs, weighted ' || f))::text FROM generate_series(1, 9) f) AS breakdown
  FROM validators v;
ANALYZE;
\set QUIET off
\timing on
\echo 1) one observation per validator (1,351 rows), three cycles
INSERT INTO validator_observations (validator_id, slot, delinquent, last_vote, commission_bps, activated_stake, observed_at) SELECT id, 1000, delinquent, last_vote, commission_bps, activated_stake, now() FROM validators;
INSERT INTO validator_observations (validator_id, slot, delinquent, last_vote, commission_bps, activated_stake, observed_at) SELECT id, 1001, delinquent, last_vote, commission_bps, activated_stake, now() FROM validators;
INSERT INTO validator_observations (validator_id, slot, delinquent, last_vote, commission_bps, activated_stake, observed_at) SELECT id, 1002, delinquent, last_vote, commission_bps, activated_stake, now() FROM validators;
\echo 2) update every validator (HOT)
UPDATE validators SET last_vote = last_vote + 1, updated_at = now();
UPDATE validators SET last_vote = last_vote + 1, updated_at = now();
UPDATE validators SET last_vote = last_vote + 1, updated_at = now();
\echo 3) 1,351 scores with a 9-line JSON breakdown, parsed to jsonb
INSERT INTO scoring_runs (run_date, status) VALUES (now(), 'running');
INSERT INTO trust_scores (validator_id, scoring_run_id, score, state, profile, model_version, breakdown, flags, created_at) SELECT validator_id, (SELECT max(id) FROM scoring_runs), score, 'ELIGIBLE', 'Default', 'trustscore-v2.0', breakdown::jsonb, '[]'::jsonb, now() FROM src_scores;
INSERT INTO scoring_runs (run_date, status) VALUES (now(), 'running');
INSERT INTO trust_scores (validator_id, scoring_run_id, score, state, profile, model_version, breakdown, flags, created_at) SELECT validator_id, (SELECT max(id) FROM scoring_runs), score, 'ELIGIBLE', 'Default', 'trustscore-v2.0', breakdown::jsonb, '[]'::jsonb, now() FROM src_scores;
INSERT INTO scoring_runs (run_date, status) VALUES (now(), 'running');
INSERT INTO trust_scores (validator_id, scoring_run_id, score, state, profile, model_version, breakdown, flags, created_at) SELECT validator_id, (SELECT max(id) FROM scoring_runs), score, 'ELIGIBLE', 'Default', 'trustscore-v2.0', breakdown::jsonb, '[]'::jsonb, now() FROM src_scores;
SELECT pg_size_pretty(sum(length(breakdown))) AS json_text_per_run FROM src_scores;
\echo 4) the same scores without the JSON (an empty breakdown): what the rows, keys and foreign keys cost alone
INSERT INTO scoring_runs (run_date, status) VALUES (now(), 'running');
INSERT INTO trust_scores (validator_id, scoring_run_id, score, state, profile, model_version, breakdown, flags, created_at) SELECT validator_id, (SELECT max(id) FROM scoring_runs), score, 'ELIGIBLE', 'Default', 'trustscore-v2.0', '[]'::jsonb, '[]'::jsonb, now() FROM src_scores;
INSERT INTO scoring_runs (run_date, status) VALUES (now(), 'running');
INSERT INTO trust_scores (validator_id, scoring_run_id, score, state, profile, model_version, breakdown, flags, created_at) SELECT validator_id, (SELECT max(id) FROM scoring_runs), score, 'ELIGIBLE', 'Default', 'trustscore-v2.0', '[]'::jsonb, '[]'::jsonb, now() FROM src_scores;
\echo 5) per-epoch stats: the credits of the current epoch of every validator, upserted (the completed epochs left alone)
INSERT INTO validator_epoch_stats SELECT id, 752, 400001, 0 FROM validators ON CONFLICT (validator_id, epoch) DO UPDATE SET credits = excluded.credits WHERE validator_epoch_stats.credits IS DISTINCT FROM excluded.credits;
INSERT INTO validator_epoch_stats SELECT id, 752, 400002, 0 FROM validators ON CONFLICT (validator_id, epoch) DO UPDATE SET credits = excluded.credits WHERE validator_epoch_stats.credits IS DISTINCT FROM excluded.credits;
INSERT INTO validator_epoch_stats SELECT id, 752, 400003, 0 FROM validators ON CONFLICT (validator_id, epoch) DO UPDATE SET credits = excluded.credits WHERE validator_epoch_stats.credits IS DISTINCT FROM excluded.credits;
