-- After republishing its sessions, an instance names every peer it holds: the records of any other
-- peer it was listed as holding are removed, and the roster is logged for the readers to do the same.
-- ARGV: prefix, instance, log entry, log length, then the peers held.
local prefix, instance = ARGV[1], ARGV[2]
local held = {}
for i = 5, #ARGV do
    held[ARGV[i]] = true
end
local owned = prefix .. 'owned:' .. instance
for _, peer in ipairs(redis.call('SMEMBERS', owned)) do
    if not held[peer] then
        redis.call('SREM', owned, peer)
        local record = prefix .. 'peer:' .. peer
        if redis.call('HGET', record, 'inst') == instance then
            redis.call('DEL', record, prefix .. 'files:' .. peer)
        end
    end
end
redis.call('XADD', prefix .. 'log', 'MAXLEN', '~', ARGV[4], '*', 'i', instance, 'e', ARGV[3])
return 1
