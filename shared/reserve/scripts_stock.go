package reserve

import "github.com/redis/go-redis/v9"

// The stock part's scripts (the store-day's scope). The part is a hash:
// st (held, released) and s:<bitmap key> = the slots the order holds of
// that sku ("3,7"); beside it, one bitmap per sku of the store-day.

// stockHoldScript: KEYS part, then one bitmap per held line. ARGV order
// id, keep ms, then qty and limit per bitmap. It answers {"new" or
// "again", then the slots of each line}, or {"stock", the line (1-based)
// that would pass its limit}.
var stockHoldScript = redis.NewScript(`
local part, n = KEYS[1], #KEYS - 1
local st = redis.call('HGET', part, 'st')
if st == 'held' then
  local out = {'again'}
  for i = 1, n do out[i + 1] = redis.call('HGET', part, 's:' .. KEYS[1 + i]) or '' end
  return out
end
for i = 1, n do
  local qty, limit = tonumber(ARGV[1 + 2*i]), tonumber(ARGV[2 + 2*i])
  if redis.call('BITCOUNT', KEYS[1 + i]) + qty > limit then return {'stock', tostring(i)} end
end
if st then redis.call('DEL', part) end
redis.call('HSET', part, 'st', 'held')
local out = {'new'}
for i = 1, n do
  local got = {}
  for j = 1, tonumber(ARGV[1 + 2*i]) do
    local pos = redis.call('BITPOS', KEYS[1 + i], 0)
    redis.call('SETBIT', KEYS[1 + i], pos, 1)
    got[j] = tostring(pos)
  end
  redis.call('PEXPIRE', KEYS[1 + i], ARGV[2])
  out[i + 1] = table.concat(got, ',')
  redis.call('HSET', part, 's:' .. KEYS[1 + i], out[i + 1])
end
redis.call('PEXPIRE', part, ARGV[2])
return out
`)

// stockReleaseScript: KEYS part, then one bitmap per sku. ARGV keep ms.
// It gives back the slots a held part names and answers "released",
// "already" or "none", then the slots the part names per sku ("" when
// it names none).
var stockReleaseScript = redis.NewScript(`
local part = KEYS[1]
local st = redis.call('HGET', part, 'st')
local out = {'none'}
if st == 'held' then out[1] = 'released' elseif st then out[1] = 'already' end
for i = 2, #KEYS do
  local v = redis.call('HGET', part, 's:' .. KEYS[i])
  if st == 'held' and v then
    for pos in string.gmatch(v, '%d+') do redis.call('SETBIT', KEYS[i], pos, 0) end
  end
  out[i] = v or ''
end
if st == 'held' then
  redis.call('HSET', part, 'st', 'released')
  redis.call('PEXPIRE', part, ARGV[1])
end
return out
`)

// slotsScript: KEYS part, stock bitmap. ARGV field, the owner's slots
// ("3,7"), keep ms, "exact" or "add", then the slots the store says are
// held. It records the owner's slots in its part (if held) and makes
// the bitmap hold the store's slots: added to it, or exactly them.
var slotsScript = redis.NewScript(`
if ARGV[4] == 'exact' then redis.call('DEL', KEYS[2]) end
for i = 5, #ARGV do redis.call('SETBIT', KEYS[2], ARGV[i], 1) end
if redis.call('HGET', KEYS[1], 'st') == 'held' and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
`)
