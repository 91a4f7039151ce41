-- Put before every script: what more than one of them needs.

-- Runs command on key with ARGV[first] to ARGV[last] as its further arguments, a thousand at a
-- time (an even number, so field and value pairs stay together): unpack takes only so many.
local function in_batches(command, key, first, last)
    local batch = {}
    for i = first, last do
        batch[#batch + 1] = ARGV[i]
        if #batch == 1000 then
            redis.call(command, key, unpack(batch))
            batch = {}
        end
    end
    if #batch > 0 then
        redis.call(command, key, unpack(batch))
    end
end

