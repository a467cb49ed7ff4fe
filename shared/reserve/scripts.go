package reserve

import "github.com/redis/go-redis/v9"

// holdScript: KEYS hold, pending, unpaid, live, coupon ("" for none),
// then one stock bitmap per held line. ARGV order id, now ms, keep ms,
// max unpaid, pay deadline ms, standing mode, coupon expiry ms, standing
// keep ms, user, store, day, then qty and limit per stock key. It answers
// {"new" or "again", then the slots of each line, "3,7", then the unpaid
// slot to try ("" without a cap)}, or a refusal. The unpaid slot is the
// lowest number no hold of the user's other unpaid orders names.
var holdScript = redis.NewScript(`
local hold, oid, now = KEYS[1], ARGV[1], tonumber(ARGV[2])
local n = #KEYS - 5
local st = redis.call('HGET', hold, 'st')
if st == 'held' or st == 'confirmed' then
  if st == 'held' then redis.call('ZADD', KEYS[2], now, oid) end
  local out = {'again'}
  for i = 1, n do out[#out + 1] = redis.call('HGET', hold, 's:' .. KEYS[5 + i]) or '' end
  out[#out + 1] = redis.call('HGET', hold, 'us') or ''
  return out
end
local maxu = tonumber(ARGV[4])
if maxu > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  if redis.call('ZCARD', KEYS[3]) >= maxu then return {'unpaid'} end
end
local live = redis.call('GET', KEYS[4])
if ARGV[6] == 'claim' and (not live or tonumber(live) > 0) then return {'not_first'} end
if KEYS[5] ~= '' then
  local h = redis.call('GET', KEYS[5])
  if h and h ~= 'h:' .. oid then return {'coupon'} end
end
for i = 1, n do
  local qty, limit = tonumber(ARGV[10 + 2*i]), tonumber(ARGV[11 + 2*i])
  if redis.call('BITCOUNT', KEYS[5 + i]) + qty > limit then return {'stock', tostring(i)} end
end
local us = ''
if maxu > 0 then
  local base, used = string.sub(hold, 1, #hold - #oid), {}
  for _, m in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
    local s = tonumber(redis.call('HGET', base .. m, 'us') or '')
    if s then used[s] = true end
  end
  local i = 0
  while used[i] do i = i + 1 end
  us = tostring(i)
end
if st then redis.call('DEL', hold) end
redis.call('HSET', hold, 'st', 'held', 'user', ARGV[9], 'store', ARGV[10], 'day', ARGV[11],
  'uk', KEYS[3], 'at', ARGV[2])
if us ~= '' then redis.call('HSET', hold, 'us', us) end
if ARGV[6] == 'claim' then redis.call('HSET', hold, 'fk', '1') end
local out = {'new'}
for i = 1, n do
  local got = {}
  for j = 1, tonumber(ARGV[10 + 2*i]) do
    local pos = redis.call('BITPOS', KEYS[5 + i], 0)
    redis.call('SETBIT', KEYS[5 + i], pos, 1)
    got[j] = tostring(pos)
  end
  redis.call('PEXPIRE', KEYS[5 + i], ARGV[3])
  out[i + 1] = table.concat(got, ',')
  redis.call('HSET', hold, 's:' .. KEYS[5 + i], out[i + 1])
end
if KEYS[5] ~= '' then
  redis.call('SET', KEYS[5], 'h:' .. oid)
  redis.call('PEXPIREAT', KEYS[5], ARGV[7])
  redis.call('HSET', hold, 'ck', KEYS[5], 'cx', ARGV[7])
end
redis.call('ZADD', KEYS[3], ARGV[5], oid)
redis.call('PEXPIRE', KEYS[3], ARGV[3])
if live then
  redis.call('INCR', KEYS[4])
  redis.call('PEXPIRE', KEYS[4], ARGV[8])
  redis.call('HSET', hold, 'lk', KEYS[4])
end
redis.call('PEXPIRE', hold, ARGV[3])
redis.call('ZADD', KEYS[2], now, oid)
out[#out + 1] = us
return out
`)

// confirmScript: KEYS hold, pending. ARGV order id. It answers the
// outcome ("confirmed", "already", "none"), the hold's user and its
// unpaid slot ("" when unknown).
var confirmScript = redis.NewScript(`
local h = redis.call('HMGET', KEYS[1], 'st', 'ck', 'cx', 'uk', 'user', 'us')
if not h[1] then return {'none', '', ''} end
if h[1] ~= 'held' then return {'already', h[5] or '', h[6] or ''} end
redis.call('HSET', KEYS[1], 'st', 'confirmed')
if h[2] then
  local cur = redis.call('GET', h[2])
  if cur == 'h:' .. ARGV[1] then
    redis.call('SET', h[2], 's:' .. ARGV[1])
    redis.call('PEXPIREAT', h[2], h[3])
  end
end
if h[4] then redis.call('ZREM', h[4], ARGV[1]) end
redis.call('ZREM', KEYS[2], ARGV[1])
return {'confirmed', h[5] or '', h[6] or ''}
`)

// releaseScript: KEYS hold, pending. ARGV order id, coupon ("back" or
// "spend"), the pending score the caller saw ("" for none), keep ms. It
// answers the outcome ("released", "already", "touched", "none") and,
// for the first two, the hold record's fields (cb: the coupon went back).
var releaseScript = redis.NewScript(`
local f = redis.call('HGETALL', KEYS[1])
if #f == 0 then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return {'none'}
end
local h = {}
for i = 1, #f, 2 do h[f[i]] = f[i + 1] end
if h.st == 'released' then
  redis.call('ZREM', KEYS[2], ARGV[1])
  table.insert(f, 1, 'already')
  return f
end
if ARGV[3] ~= '' then
  local sc = redis.call('ZSCORE', KEYS[2], ARGV[1])
  if not sc or tonumber(sc) ~= tonumber(ARGV[3]) then return {'touched'} end
end
for k, v in pairs(h) do
  if string.sub(k, 1, 2) == 's:' then
    for pos in string.gmatch(v, '%d+') do redis.call('SETBIT', string.sub(k, 3), pos, 0) end
  end
end
if h.ck then
  local cur = redis.call('GET', h.ck)
  if cur == 'h:' .. ARGV[1] or cur == 's:' .. ARGV[1] then
    if ARGV[2] == 'back' and h.st == 'held' then
      redis.call('DEL', h.ck)
    else
      redis.call('SET', h.ck, 's:' .. ARGV[1])
      redis.call('PEXPIREAT', h.ck, h.cx)
    end
  end
end
if h.uk then redis.call('ZREM', h.uk, ARGV[1]) end
if h.lk and redis.call('EXISTS', h.lk) == 1 then
  if redis.call('DECR', h.lk) < 0 then redis.call('SET', h.lk, '0') end
end
if ARGV[2] == 'back' and h.st == 'held' then redis.call('HSET', KEYS[1], 'cb', '1') end
redis.call('HSET', KEYS[1], 'st', 'released')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZREM', KEYS[2], ARGV[1])
table.insert(f, 1, 'released')
return f
`)

// slotsScript: KEYS hold, stock bitmap. ARGV field, the owner's slots
// ("3,7"), keep ms, "exact" or "add", then the slots the store says are
// held. It records the owner's slots in the hold (if held) and makes the
// bitmap hold the store's slots: added to it, or exactly them.
var slotsScript = redis.NewScript(`
if ARGV[4] == 'exact' then redis.call('DEL', KEYS[2]) end
for i = 5, #ARGV do redis.call('SETBIT', KEYS[2], ARGV[i], 1) end
if redis.call('HGET', KEYS[1], 'st') == 'held' and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
`)

// forgetScript: KEYS key. ARGV the value seen. Deletes the key if it
// still has that value.
var forgetScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`)

// unpaidTellScript: KEYS hold, unpaid. ARGV the owner's unpaid slot ("" for
// none), a pay deadline ms, keep ms, then the orders the store says hold
// the others. It records the owner's slot in its hold (if held) and adds
// the others to the user's unpaid orders, scored by the deadline, unless
// they are there.
var unpaidTellScript = redis.NewScript(`
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'st') == 'held' then
  redis.call('HSET', KEYS[1], 'us', ARGV[1])
end
for i = 4, #ARGV do redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[i]) end
if #ARGV >= 4 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
return 1
`)

// keepCountScript: KEYS hold. Drops the hold's standing key, so releasing
// the hold leaves the first-order count it raised: the count then stands
// for an order it had missed.
var keepCountScript = redis.NewScript(`
if redis.call('HGET', KEYS[1], 'st') == 'held' then redis.call('HDEL', KEYS[1], 'lk') end
return 1
`)
