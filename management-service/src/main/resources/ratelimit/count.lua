-- Counts one call in a fixed window that starts with its first call and lasts ARGV[1] ms, atomically, so that
-- replicas share the count and a window never lives without its expiry.
-- KEYS: [1] the user's counter. Returns {count after this call, ms until the window resets}.
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
