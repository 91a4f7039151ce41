-- Ends, and logs as ended, up to a batch of the sessions of one instance whose lease ran out; once
-- it holds none, its lease goes. Scripts run one at a time, so each session is ended once, by
-- whichever instance calls first. Returns how many sessions ended, or -1 if no lease had run out.
-- ARGV: prefix, batch size, log length.
local prefix = ARGV[1]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local dead = redis.call('ZRANGEBYSCORE', prefix .. 'lease', '-inf', now, 'LIMIT', 0, 1)
if #dead == 0 then
    return -1
end
local instance = dead[1]
local owned = prefix .. 'owned:' .. instance
local ended = 0
for _, peer in ipairs(redis.call('SPOP', owned, tonumber(ARGV[2]))) do
    local record = prefix .. 'peer:' .. peer
    local held = redis.call('HMGET', record, 'inst', 'sess')
    if held[1] == instance then
        redis.call('DEL', record, prefix .. 'files:' .. peer)
        redis.call('XADD', prefix .. 'log', 'MAXLEN', '~', ARGV[3], '*', 'i', instance, 'e',
            cjson.encode({t = 'end', peer = peer, session = held[2]}))
        ended = ended + 1
    end
end
if redis.call('SCARD', owned) == 0 then
    redis.call('ZREM', prefix .. 'lease', instance)
    redis.call('DEL', prefix .. 'inst:' .. instance)
end
return ended
