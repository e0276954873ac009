-- Adds the tokens of a finished request to the key's token window (KEYS[1]); ARGV: [1] tokens, [2] window in ms.
-- Starts the window when this is its first charge. Returns the window's tokens so far.
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return total
