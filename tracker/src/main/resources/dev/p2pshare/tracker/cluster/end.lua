-- Ends a session, if it is still the peer's, then logs the end. Returns 0 for a stale session.
-- ARGV: prefix, instance, peer, session, log entry, log length.
local prefix, instance, peer, session = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local record = prefix .. 'peer:' .. peer
if redis.call('HGET', record, 'sess') ~= session then
    return 0
end
redis.call('DEL', record, prefix .. 'files:' .. peer)
redis.call('SREM', prefix .. 'owned:' .. instance, peer)
redis.call('XADD', prefix .. 'log', 'MAXLEN', '~', ARGV[6], '*', 'i', instance, 'e', ARGV[5])
return 1
