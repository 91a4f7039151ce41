-- Changes an open session's files or subscription, if the session is still the peer's, then logs
-- the change. Returns 0 for a stale session.
-- ARGV: prefix, instance, peer, session, log entry, log length, subscription ('' unchanged),
--       count of pairs, then file field, file value pairs, then file fields to delete.
local prefix, instance, peer, session = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local record, files = prefix .. 'peer:' .. peer, prefix .. 'files:' .. peer
if redis.call('HGET', record, 'sess') ~= session then
    return 0
end
local last = 8 + 2 * tonumber(ARGV[8])
-- Removed before added, as the owner's registry applies an announce: a file in both stays.
in_batches('HDEL', files, last + 1, #ARGV)
in_batches('HSET', files, 9, last)
if ARGV[7] ~= '' then
    redis.call('HSET', record, 'sub', ARGV[7])
end
redis.call('XADD', prefix .. 'log', 'MAXLEN', '~', ARGV[6], '*', 'i', instance, 'e', ARGV[5])
return 1
