-- Renews an instance's lease to the store's time plus the lease, and its contact details. Returns 1,
-- or 0 if the lease was missing or had run out: the instance may have been reaped (or the store
-- restarted empty) and must republish its sessions.
-- ARGV: prefix, instance, lease in ms, host, port, node id.
local prefix, instance, lease = ARGV[1], ARGV[2], tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local old = redis.call('ZSCORE', prefix .. 'lease', instance)
redis.call('ZADD', prefix .. 'lease', now + lease, instance)
local details = prefix .. 'inst:' .. instance
redis.call('HSET', details, 'host', ARGV[4], 'port', ARGV[5], 'node', ARGV[6])
redis.call('PEXPIRE', details, 3 * lease)
if not old or tonumber(old) < now then
    return 0
end
return 1
