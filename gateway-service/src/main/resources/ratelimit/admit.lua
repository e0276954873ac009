-- Admits one request against up to three fixed windows, atomically: one round trip, and no replica can slip
-- between the check and the increment. A window starts with its first request and lasts ARGV[4] ms.
-- KEYS: [1] the API key's request counter, [2] the API key's token counter, [3] the client IP's request counter.
-- ARGV: [1] key RPM limit, [2] key TPM limit, [3] IP RPM limit (0 = no limit, the counter is not touched),
--       [4] window length in ms.
-- The request counters grow only when the request is admitted. The token counter is only read: tokens are
-- charged by charge.lua once the answer is known, so a key is refused once its window's tokens are used up.
-- Returns {index of the limit that refused (0 = admitted), count1, ttl1, count2, ttl2, count3, ttl3},
-- counts after this request, ttls in ms until each window resets.
local window = tonumber(ARGV[4])
local counts, ttls = {}, {}
local refused = 0
for i = 1, 3 do
  local limit = tonumber(ARGV[i])
  counts[i], ttls[i] = 0, window
  if limit > 0 then
    counts[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl > 0 then ttls[i] = ttl end
    if refused == 0 and counts[i] >= limit then refused = i end
  end
end
if refused == 0 then
  for _, i in ipairs({1, 3}) do
    if tonumber(ARGV[i]) > 0 then
      counts[i] = redis.call('INCR', KEYS[i])
      if redis.call('PTTL', KEYS[i]) < 0 then
        redis.call('PEXPIRE', KEYS[i], window)
        ttls[i] = window
      end
    end
  end
end
return {refused, counts[1], ttls[1], counts[2], ttls[2], counts[3], ttls[3]}
