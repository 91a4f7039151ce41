-- Opens a session: the peer's record, its files and its owner's set, replacing whatever session
-- the peer had on any instance, then logs the registration.
-- ARGV: prefix, instance, peer, session, name, host, port, log entry, log length, republish (1/0),
--       then file field, file value pairs.
local prefix, instance, peer, session = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local record, files = prefix .. 'peer:' .. peer, prefix .. 'files:' .. peer
local owner = redis.call('HGET', record, 'inst')
if owner and owner ~= instance then
    if ARGV[10] == '1' then
        -- Republishing after an outage: the peer has since registered with another instance.
        return 0
    end
    redis.call('SREM', prefix .. 'owned:' .. owner, peer)
end
redis.call('DEL', record, files)
redis.call('HSET', record, 'inst', instance, 'sess', session, 'name', ARGV[5], 'host', ARGV[6], 'port', ARGV[7],
    'sub', '')
redis.call('SADD', prefix .. 'owned:' .. instance, peer)
in_batches('HSET', files, 11, #ARGV)
redis.call('XADD', prefix .. 'log', 'MAXLEN', '~', ARGV[9], '*', 'i', instance, 'e', ARGV[8])
return 1
