-- The floor of `make bench`: one demand's convergence series computed on the fly in one query,
-- the way a careful engineer would write it by hand with no precomputation. Parameter:
-- %(demand)s, the demand's id. Returns one row per change point: the day, the principals'
-- effective positions, and the gap (null while fewer than two principals have spoken).
WITH principals AS (
    SELECT p.party_id
    FROM negotiations_participant p
    JOIN negotiations_demand d ON d.negotiation_id = p.negotiation_id
    WHERE d.id = %(demand)s AND p.role = 'principal'
),
day_last AS (  -- each principal's last recorded published stance of each day
    SELECT DISTINCT ON (s.party_id, st.said_on) s.party_id, st.said_on, s.position
    FROM negotiations_stance s
    JOIN negotiations_statement st ON st.id = s.statement_id
    WHERE s.demand_id = %(demand)s
      AND st.status = 'published'
      AND s.party_id IN (SELECT party_id FROM principals)
    ORDER BY s.party_id, st.said_on, s.created_at DESC, s.id DESC
),
changes AS (  -- keep only the days where the party's effective position changed
    SELECT party_id, said_on, position
    FROM (
        SELECT party_id, said_on, position,
               lag(position) OVER (PARTITION BY party_id ORDER BY said_on) AS before
        FROM day_last
    ) steps
    WHERE before IS DISTINCT FROM position
),
days AS (SELECT DISTINCT said_on FROM changes)
SELECT days.said_on,
       array_agg(effective.position ORDER BY principals.party_id) AS positions,
       CASE WHEN count(effective.position) >= 2
            THEN max(effective.position) - min(effective.position) END AS gap
FROM days
CROSS JOIN principals
LEFT JOIN LATERAL (
    SELECT c.position FROM changes c
    WHERE c.party_id = principals.party_id AND c.said_on <= days.said_on
    ORDER BY c.said_on DESC LIMIT 1
) effective ON true
GROUP BY days.said_on
ORDER BY days.said_on;
