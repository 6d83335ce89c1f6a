"""The yardstick of the dashboard benchmark: ONE hand-written PostgreSQL statement that computes the
numerator and denominator of each of seed 000's twelve targets (resolution 05-NQ/TU, as loaded by the
migration ``resolutions/0002``) for an organisation's subtree on a date, with the breakdown by the
organisation's children, as the engine reads the definitions (architecture.md, "Reading the seeds'
targets"): a person counts once per child and once in the total; a body (targets 1, 2) counts once.

Written for the seed's definitions, not generated from them: the codes are inline. Parameters: ``day``,
``org`` (the organisation asked), ``year``, ``year_start`` (1 January of the date's year), ``period_start``
(1 January of the resolution's first year), ``born_after`` (the latest birth date of someone aged 40 on the
date: under 40 is born after it), and ``parts``/``part`` to count only persons (bodies) whose id is
``part`` modulo ``parts`` (1 and 0: everyone).

Rows: (target number, child path or NULL for the total, denominator, numerator); "" is the organisation
itself (people anchored there, in no child).

Written as one would for a subtree inside the national database (06/12/2026, province inside 55 provinces:
1.47 s → 0.26–0.35 s, the whole country and the province alone no slower): posts, terms, bodies and seats
are read from the subtree's organisations by index (``LATERAL … OFFSET 0``, which the planner cannot
flatten back into a hash of the whole table), and the partition filter is ``parts = 1 OR …``, which folds
away for the whole: ``person_id % 1 = 0`` made PostgreSQL guess 0.5 % of the rows and pick its plans on it.
"""

from __future__ import annotations

SQL = """
WITH top AS (
    SELECT path, left(path, -1) || '0' AS high FROM orgs_placement
    WHERE org_id = %(org)s AND valid_from <= %(day)s AND (valid_to IS NULL OR valid_to > %(day)s)
),
pl AS MATERIALIZED (
    SELECT p.org_id, lv.code AS level,
           CASE WHEN p.path = top.path THEN ''
                ELSE left(p.path, length(top.path) + strpos(substr(p.path, length(top.path) + 1), '/')) END AS child
    FROM top, orgs_placement p
    JOIN orgs_orgkind k ON k.id = p.kind_id
    JOIN orgs_orglevel lv ON lv.id = k.level_id
    WHERE p.valid_from <= %(day)s AND (p.valid_to IS NULL OR p.valid_to > %(day)s)
      AND p.path COLLATE "C" >= top.path AND p.path COLLATE "C" < top.high
),
posts AS MATERIALIZED (
    SELECT pos.person_id, pl.child, mc.code AS category
    FROM pl
    CROSS JOIN LATERAL (
        SELECT pos.id, pos.person_id FROM people_position pos
        WHERE pos.org_id = pl.org_id AND pos.valid_from <= %(day)s AND (pos.valid_to IS NULL OR pos.valid_to > %(day)s)
          AND (%(parts)s = 1 OR pos.person_id %% %(parts)s = %(part)s)
        OFFSET 0
    ) pos
    JOIN people_position_categories pc ON pc.position_id = pos.id
    JOIN people_managementcategory mc ON mc.id = pc.managementcategory_id
    WHERE mc.code IN ('btv-tinh-uy', 'truong-pho-phong', 'lanh-dao-cap-xa')
),
seats AS MATERIALIZED (
    SELECT bm.person_id, pl.child, pl.level, b.kind, bm.role
    FROM pl
    CROSS JOIN LATERAL (SELECT t.id FROM people_term t WHERE t.org_id = pl.org_id OFFSET 0) t
    JOIN people_body b ON b.term_id = t.id
    CROSS JOIN LATERAL (
        SELECT bm.person_id, bm.role FROM people_bodymembership bm
        WHERE bm.body_id = b.id AND bm.valid_from <= %(day)s AND (bm.valid_to IS NULL OR bm.valid_to > %(day)s)
          AND (%(parts)s = 1 OR bm.person_id %% %(parts)s = %(part)s)
        OFFSET 0
    ) bm
    -- the provincial đảng đoàn and ban cán sự đảng ended on 01/7/2025 (people.rules.PARTY_BODIES_ENDED_ON)
    WHERE (b.kind NOT IN ('party_delegation', 'party_affairs') OR %(day)s < DATE '2025-07-01')
),
bodies AS (
    SELECT b.id, b.kind, t.org_id, pl.child, pl.level
    FROM pl
    CROSS JOIN LATERAL (
        SELECT t.id, t.org_id, t.starts_on, t.ends_on FROM people_term t WHERE t.org_id = pl.org_id OFFSET 0
    ) t
    JOIN people_body b ON b.term_id = t.id
    WHERE t.starts_on <= %(day)s AND (t.ends_on IS NULL OR t.ends_on > %(day)s)
      AND (b.kind NOT IN ('party_delegation', 'party_affairs') OR %(day)s < DATE '2025-07-01')
      AND (%(parts)s = 1 OR b.id %% %(parts)s = %(part)s)
),
-- A decided result is looked up by index for each subject (EXISTS on the results table): a materialised CTE
-- of every decided result was scanned row by row once it outgrew work_mem (EXISTS, or IN whose hashed
-- sub-plan no longer fits), quadratic at national scale.
ycycle AS (
    SELECT id FROM evaluations_cycle WHERE kind = 'year' AND year = %(year)s
),
anchors AS (
    -- 1: the provincial and district-level standing committees, đảng đoàn, ban cán sự đảng
    SELECT 1 AS target, b.id AS who, b.child,
           EXISTS (SELECT 1 FROM evaluations_result r WHERE r.org_id = b.org_id AND r.body_kind = b.kind
                   AND r.body_id IS NULL
                   AND r.cycle_id IN (SELECT id FROM ycycle) AND r.state IN ('decided', 'announced')
                   AND r.decided_level IN ('excellent', 'good'))
           -- a đảng đoàn, ban cán sự đảng: by its own result (a term may hold several)
           OR EXISTS (SELECT 1 FROM evaluations_result r WHERE r.body_id = b.id AND r.org_id = b.org_id
                      AND r.body_kind = b.kind
                   AND r.cycle_id IN (SELECT id FROM ycycle) AND r.state IN ('decided', 'announced')
                   AND r.decided_level IN ('excellent', 'good')) AS ok
    FROM bodies b
    WHERE b.kind IN ('standing', 'party_delegation', 'party_affairs') AND b.level IN ('province', 'upper_grassroots')
    UNION ALL
    -- 2: grassroots committees
    SELECT 2, b.id, b.child,
           EXISTS (SELECT 1 FROM evaluations_result r WHERE r.org_id = b.org_id AND r.body_kind = b.kind
                   AND r.cycle_id IN (SELECT id FROM ycycle) AND r.state IN ('decided', 'announced')
                   AND r.decided_level IN ('excellent', 'good'))
    FROM bodies b WHERE b.kind = 'committee' AND b.level = 'grassroots'
    UNION ALL
    -- 3: committee, inspection, đảng đoàn / ban cán sự members; secretaries of sub-committees and cells
    SELECT 3, s.person_id, s.child, EXISTS (
        SELECT 1 FROM people_training tr JOIN people_trainingcategory tc ON tc.id = tr.category_id
        WHERE tr.person_id = s.person_id AND tr.completed AND tc.code = 'xay-dung-dang'
          AND tr.ends_on >= %(period_start)s AND tr.ends_on <= %(day)s)
    FROM seats s
    WHERE (s.kind = 'committee' AND s.level IN ('province', 'upper_grassroots', 'grassroots'))
       OR s.kind IN ('inspection', 'party_delegation', 'party_affairs')
       OR (s.kind = 'committee' AND s.role IN ('secretary', 'deputy_secretary')
           AND s.level IN ('sub_committee', 'cell'))
    UNION ALL
    -- 4, 5: cadres managed by the Provincial Standing Committee, under 40; women
    SELECT 4, p.person_id, p.child, per.birth_date > %(born_after)s
    FROM posts p JOIN people_person per ON per.id = p.person_id WHERE p.category = 'btv-tinh-uy'
    UNION ALL
    SELECT 5, p.person_id, p.child, per.gender = 'F'
    FROM posts p JOIN people_person per ON per.id = p.person_id WHERE p.category = 'btv-tinh-uy'
    UNION ALL
    -- 6: department-level leaders with a master's degree or higher (held by the date, or undated)
    SELECT 6, p.person_id, p.child, EXISTS (
        SELECT 1 FROM people_qualification q JOIN people_code c ON c.id = q.level_id
        WHERE q.person_id = p.person_id AND q.kind = 'education' AND (q.obtained_on IS NULL OR q.obtained_on <= %(day)s)
          AND c.rank >= (SELECT rank FROM people_code WHERE list = 'education' AND code = 'THS'))
    FROM posts p WHERE p.category = 'truong-pho-phong'
    UNION ALL
    -- 7: commune-level leaders with political theory and education both at trung cấp or above
    SELECT 7, p.person_id, p.child, EXISTS (
        SELECT 1 FROM people_qualification q JOIN people_code c ON c.id = q.level_id
        WHERE q.person_id = p.person_id AND q.kind = 'political_theory'
          AND (q.obtained_on IS NULL OR q.obtained_on <= %(day)s)
          AND c.rank >= (SELECT rank FROM people_code WHERE list = 'political_theory' AND code = 'TC'))
      AND EXISTS (
        SELECT 1 FROM people_qualification q JOIN people_code c ON c.id = q.level_id
        WHERE q.person_id = p.person_id AND q.kind = 'education' AND (q.obtained_on IS NULL OR q.obtained_on <= %(day)s)
          AND c.rank >= (SELECT rank FROM people_code WHERE list = 'education' AND code = 'TC'))
    FROM posts p WHERE p.category = 'lanh-dao-cap-xa'
    UNION ALL
    -- 8: commune-level leaders with đại học or above
    SELECT 8, p.person_id, p.child, EXISTS (
        SELECT 1 FROM people_qualification q JOIN people_code c ON c.id = q.level_id
        WHERE q.person_id = p.person_id AND q.kind = 'education' AND (q.obtained_on IS NULL OR q.obtained_on <= %(day)s)
          AND c.rank >= (SELECT rank FROM people_code WHERE list = 'education' AND code = 'DH'))
    FROM posts p WHERE p.category = 'lanh-dao-cap-xa'
    UNION ALL
    -- 9: committee, inspection, đảng đoàn / ban cán sự members and the Standing Committee's cadres, rated
    SELECT 9, a.person_id, a.child, EXISTS (
        SELECT 1 FROM evaluations_result r WHERE r.person_id = a.person_id
                   AND r.cycle_id IN (SELECT id FROM ycycle) AND r.state IN ('decided', 'announced')
                   AND r.decided_level IN ('excellent', 'good'))
    FROM (
        SELECT s.person_id, s.child FROM seats s
        WHERE (s.kind = 'committee' AND s.level IN ('province', 'upper_grassroots', 'grassroots'))
           OR s.kind IN ('inspection', 'party_delegation', 'party_affairs')
        UNION ALL
        SELECT p.person_id, p.child FROM posts p WHERE p.category = 'btv-tinh-uy'
    ) a
    UNION ALL
    -- 10, 11: department-level leaders rated good or above; trained in leadership in the year
    SELECT 10, p.person_id, p.child, EXISTS (
        SELECT 1 FROM evaluations_result r WHERE r.person_id = p.person_id
                   AND r.cycle_id IN (SELECT id FROM ycycle) AND r.state IN ('decided', 'announced')
                   AND r.decided_level IN ('excellent', 'good'))
    FROM posts p WHERE p.category = 'truong-pho-phong'
    UNION ALL
    SELECT 11, p.person_id, p.child, EXISTS (
        SELECT 1 FROM people_training tr JOIN people_trainingcategory tc ON tc.id = tr.category_id
        WHERE tr.person_id = p.person_id AND tr.completed AND tc.code = 'lanh-dao-quan-ly'
          AND tr.ends_on >= %(year_start)s AND tr.ends_on <= %(day)s)
    FROM posts p WHERE p.category = 'truong-pho-phong'
    UNION ALL
    -- 12: commune-level leaders trained to the standard of their post in the year
    SELECT 12, p.person_id, p.child, EXISTS (
        SELECT 1 FROM people_training tr JOIN people_trainingcategory tc ON tc.id = tr.category_id
        WHERE tr.person_id = p.person_id AND tr.completed AND tc.code = 'chuc-danh-cap-xa'
          AND tr.ends_on >= %(year_start)s AND tr.ends_on <= %(day)s)
    FROM posts p WHERE p.category = 'lanh-dao-cap-xa'
)
SELECT target, CASE WHEN GROUPING(child) = 1 THEN NULL ELSE child END,
       COUNT(DISTINCT who), COUNT(DISTINCT who) FILTER (WHERE ok)
FROM anchors
GROUP BY GROUPING SETS ((target), (target, child))
"""
