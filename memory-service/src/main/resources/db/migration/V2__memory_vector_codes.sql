-- Recall moves onto platform-vectors: each memory also stores its embedding's norm and sign code (one bit
-- per component, 1 where it is positive) as platform-vectors' EncodedVector encodes them, and recall's
-- coarse pass keeps the caller's memories nearest the query by bit_count(code # query_code).
--
-- Existing rows are backfilled here from their stored float32 little-endian bytes (no re-embedding):
-- component i is the bytes 4i..4i+3; its sign is the top bit of byte 4i+3, it is zero when all bits but
-- the sign are zero, and its value is decoded from IEEE 754 binary32 for the norm.

ALTER TABLE memories ADD COLUMN norm double precision;
ALTER TABLE memories ADD COLUMN code bit varying;

-- The owner is subject to FORCE ROW LEVEL SECURITY too: lifted for the backfill only, inside this migration's transaction.
ALTER TABLE memories NO FORCE ROW LEVEL SECURITY;

UPDATE memories m SET norm = v.norm, code = v.code
FROM (
    SELECT id,
           sqrt(sum(value * value)) AS norm,
           string_agg(CASE WHEN value > 0 THEN '1' ELSE '0' END, '' ORDER BY i)::varbit AS code
    FROM (
        SELECT id, i,
               CASE
                   WHEN exponent = 0 THEN sign * mantissa * power(2::double precision, -149)
                   ELSE sign * (8388608 + mantissa) * power(2::double precision, exponent - 150)
               END::double precision AS value
        FROM (
            SELECT id, i,
                   CASE WHEN get_byte(embedding, 4 * i + 3) >= 128 THEN -1 ELSE 1 END AS sign,
                   ((get_byte(embedding, 4 * i + 3) & 127) << 1) | (get_byte(embedding, 4 * i + 2) >> 7) AS exponent,
                   ((get_byte(embedding, 4 * i + 2) & 127) << 16) | (get_byte(embedding, 4 * i + 1) << 8)
                       | get_byte(embedding, 4 * i) AS mantissa
            FROM memories, generate_series(0, length(embedding) / 4 - 1) AS i
        ) bits
    ) components
    GROUP BY id
) v
WHERE m.id = v.id;

ALTER TABLE memories FORCE ROW LEVEL SECURITY;

ALTER TABLE memories ALTER COLUMN norm SET NOT NULL;
ALTER TABLE memories ALTER COLUMN code SET NOT NULL;
