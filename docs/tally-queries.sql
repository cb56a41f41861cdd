-- Every figure of `marathon tally`, computed from the ledger's entries and letter events
-- alone (not from the `cell` summary the command reads), so that anyone can check a
-- published figure with `sqlite3 ledger.sqlite`.
--
-- Parameters: :from and :to (days as `YYYY-MM-DD`, inclusive) and :case (a case id); NULL
-- means no limit. In the sqlite3 shell:
--   .parameter init
--   .parameter set :from NULL
--   .parameter set :to NULL
--   .parameter set :case NULL
-- then paste a query.
--
-- What counts (see `src/ledger/mod.rs`):
-- * An entry counts `count` actions unless a later entry corrects it (`corrects` names the
--   entry it replaces; a withdrawal is a correction with count 0). The live entries are
--   those no entry corrects.
-- * A generated letter is one entry (its `letter` column set) from its first delivered,
--   posted, received, replied, returned or withheld event. `sent` alone, `deferred` and
--   `failed` do not count.
-- * A day is the day the action happened (`entry.day`); for a letter, the day of the event
--   that made it count.
--
-- Each query starts with a `-- name:` line; `tests/cli/tally.rs` runs them all and compares
-- the results with `marathon tally --format json`.

-- name: actions
-- All actions.
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT COALESCE(SUM(count), 0) FROM live;

-- name: countries
-- Countries with at least one action.
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT COUNT(*) FROM (SELECT country FROM live GROUP BY country HAVING SUM(count) > 0);

-- name: cases
-- Cases with at least one action.
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT COUNT(*) FROM (SELECT case_id FROM live GROUP BY case_id HAVING SUM(count) > 0);

-- name: volunteers
-- Volunteers with at least one action (entries without a volunteer are anonymous).
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT COUNT(*) FROM (
    SELECT volunteer FROM live WHERE volunteer IS NOT NULL
    GROUP BY volunteer HAVING SUM(count) > 0
);

-- name: groups
-- Groups with at least one action.
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT COUNT(*) FROM (
    SELECT grp FROM live WHERE grp IS NOT NULL GROUP BY grp HAVING SUM(count) > 0
);

-- name: by_kind
-- Actions by kind, most first.
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT kind AS name, SUM(count) AS actions FROM live
GROUP BY kind HAVING SUM(count) > 0 ORDER BY actions DESC, name;

-- name: by_case
-- Actions by case, most first.
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT case_id AS name, SUM(count) AS actions FROM live
GROUP BY case_id HAVING SUM(count) > 0 ORDER BY actions DESC, name;

-- name: by_country
-- Actions by country, most first.
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT country AS name, SUM(count) AS actions FROM live
GROUP BY country HAVING SUM(count) > 0 ORDER BY actions DESC, name;

-- name: by_day
-- Actions by day, in date order.
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT day AS name, SUM(count) AS actions FROM live
GROUP BY day HAVING SUM(count) > 0 ORDER BY name;

-- name: by_channel
-- Actions by channel, most first.
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT channel AS name, SUM(count) AS actions FROM live
GROUP BY channel HAVING SUM(count) > 0 ORDER BY actions DESC, name;

-- name: by_group
-- Actions by group, most first (entries without a group are left out).
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT grp AS name, SUM(count) AS actions FROM live WHERE grp IS NOT NULL
GROUP BY grp HAVING SUM(count) > 0 ORDER BY actions DESC, name;

-- name: prisoner_sent
-- Solidarity actions per prisoner: letters delivered or posted, and reported cards and
-- letters naming the prisoner.
WITH live AS (
    SELECT * FROM entry e
    WHERE NOT EXISTS (SELECT 1 FROM entry c WHERE c.corrects = e.id)
      AND e.day >= COALESCE(:from, '0000-01-01') AND e.day <= COALESCE(:to, '9999-12-31')
      AND (:case IS NULL OR e.case_id = :case)
)
SELECT prisoner AS name, SUM(count) AS actions FROM live
WHERE kind = 'solidarity' AND prisoner IS NOT NULL
GROUP BY prisoner HAVING SUM(count) > 0 ORDER BY name;

-- name: prisoner_received
-- Solidarity letters confirmed received per prisoner, on the day of the letter's first
-- `received` or `replied` event.
SELECT l.prisoner AS name, COUNT(*) AS letters
FROM letter l
JOIN letter_event ev ON ev.id = (
    SELECT MIN(id) FROM letter_event
    WHERE letter = l.id AND status IN ('received', 'replied'))
WHERE l.kind = 'solidarity'
  AND ev.day >= COALESCE(:from, '0000-01-01') AND ev.day <= COALESCE(:to, '9999-12-31')
  AND (:case IS NULL OR l.case_id = :case)
GROUP BY l.prisoner ORDER BY name;

-- name: undelivered
-- Letters whose latest event is `returned` or `withheld` (they still count as actions).
SELECT l.id AS letter, ev.status, l.prisoner, l.case_id, l.kind, ev.day
FROM letter l
JOIN letter_event ev ON ev.id = (SELECT MAX(id) FROM letter_event WHERE letter = l.id)
WHERE ev.status IN ('returned', 'withheld')
  AND ev.day >= COALESCE(:from, '0000-01-01') AND ev.day <= COALESCE(:to, '9999-12-31')
  AND (:case IS NULL OR l.case_id = :case)
ORDER BY ev.day, l.id;

-- name: corrections
-- Corrections in the whole ledger (not limited by the parameters).
SELECT COUNT(*) FROM entry WHERE corrects IS NOT NULL;
