-- Queries bounded by a window cost what the window holds, not the years:
-- a child's records by time (status), everyone's by time (graphs, report),
-- and messages by arrival (start-up's unconfirmed ones).
CREATE INDEX observations_child_at ON observations (child, at_ms);
CREATE INDEX observations_at ON observations (at_ms);
CREATE INDEX messages_received ON messages (received_ms);
