-- Recall's coarse pass (MemorySearch) scans the caller's slice and orders it by memory's score estimated from
-- the sign code, importance and last access. This index holds all of that, and the entity and type filters,
-- so the scan is index-only: ~200 bytes an entry instead of a heap page per 2–4 wide rows (content and
-- embedding), which made the scan of a 10,000-memory slice touch 10,000 heap pages.
-- Its cost: last_accessed_at is in it, so recording an access is not a HOT update (recall records ≤ 100).
CREATE INDEX memories_recall ON memories (project_id, owner_id)
    INCLUDE (code, importance, last_accessed_at, entity_name, memory_type, id);
