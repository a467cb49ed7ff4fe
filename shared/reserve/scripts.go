package reserve

import "github.com/redis/go-redis/v9"

// holdScript: KEYS hold, pending, unpaid, live, coupon ("" for none),
// dayholds, then one stock key per held line. ARGV order id, now ms,
// keep ms, max unpaid, pay deadline ms, standing mode, coupon expiry ms,
// standing keep ms, user, store, day, then qty and limit per stock key.
var holdScript = redis.NewScript(`
local hold, oid, now = KEYS[1], ARGV[1], tonumber(ARGV[2])
local st = redis.call('HGET', hold, 'st')
if st == 'held' or st == 'confirmed' then
  if st == 'held' then redis.call('ZADD', KEYS[2], now, oid) end
  return {'ok'}
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
local n = #KEYS - 6
for i = 1, n do
  local qty, limit = tonumber(ARGV[10 + 2*i]), tonumber(ARGV[11 + 2*i])
  local used = tonumber(redis.call('GET', KEYS[6 + i]) or '0')
  if used + qty > limit then return {'stock', tostring(i)} end
end
if st then redis.call('DEL', hold) end
redis.call('HSET', hold, 'st', 'held', 'user', ARGV[9], 'store', ARGV[10], 'day', ARGV[11],
  'uk', KEYS[3], 'at', ARGV[2])
for i = 1, n do
  redis.call('INCRBY', KEYS[6 + i], ARGV[10 + 2*i])
  redis.call('PEXPIRE', KEYS[6 + i], ARGV[3])
  redis.call('HSET', hold, 's:' .. KEYS[6 + i], ARGV[10 + 2*i])
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
redis.call('SADD', KEYS[6], oid)
redis.call('PEXPIRE', KEYS[6], ARGV[3])
redis.call('PEXPIRE', hold, ARGV[3])
redis.call('ZADD', KEYS[2], now, oid)
return {'ok'}
`)

// confirmScript: KEYS hold, pending. ARGV order id.
var confirmScript = redis.NewScript(`
local h = redis.call('HMGET', KEYS[1], 'st', 'ck', 'cx', 'uk')
if not h[1] then return 'none' end
if h[1] ~= 'held' then return 'already' end
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
return 'confirmed'
`)

// releaseScript: KEYS hold, pending. ARGV order id, coupon ("back" or
// "spend"), the pending score the caller saw ("" for none), keep ms.
var releaseScript = redis.NewScript(`
local f = redis.call('HGETALL', KEYS[1])
if #f == 0 then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 'none'
end
local h = {}
for i = 1, #f, 2 do h[f[i]] = f[i + 1] end
if h.st == 'released' then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 'already'
end
if ARGV[3] ~= '' then
  local sc = redis.call('ZSCORE', KEYS[2], ARGV[1])
  if not sc or tonumber(sc) ~= tonumber(ARGV[3]) then return 'touched' end
end
for k, v in pairs(h) do
  if string.sub(k, 1, 2) == 's:' then
    local key = string.sub(k, 3)
    local left = redis.call('DECRBY', key, v)
    if left < 0 then redis.call('INCRBY', key, -left) end
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
redis.call('HSET', KEYS[1], 'st', 'released')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZREM', KEYS[2], ARGV[1])
return 'released'
`)

// rebuildScript: KEYS dayholds. ARGV stock key base, hold key base, keep
// ms, n, then n sku/total pairs, then the ids of the orders counted.
var rebuildScript = redis.NewScript(`
local base, hbase, keep, n = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local totals, counted = {}, {}
for i = 1, n do totals[ARGV[3 + 2*i]] = tonumber(ARGV[4 + 2*i]) end
for i = 5 + 2*n, #ARGV do counted[ARGV[i]] = true end
for _, oid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if not counted[oid] then
    local f = redis.call('HGETALL', hbase .. oid)
    local h = {}
    for i = 1, #f, 2 do h[f[i]] = f[i + 1] end
    if h.st == 'held' or h.st == 'confirmed' then
      for k, v in pairs(h) do
        if string.sub(k, 1, 2 + #base) == 's:' .. base then
          local sku = string.sub(k, 3 + #base)
          totals[sku] = (totals[sku] or 0) + tonumber(v)
        end
      end
    end
  end
end
local c = 0
for sku, v in pairs(totals) do
  redis.call('SET', base .. sku, v, 'PX', keep)
  c = c + 1
end
return c
`)

// restoreScript: KEYS hold. ARGV state, user, store, day, unpaid key,
// standing key, keep ms, then field/qty pairs. Writes the record only if
// there is none.
var restoreScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'st', ARGV[1], 'user', ARGV[2], 'store', ARGV[3], 'day', ARGV[4],
  'uk', ARGV[5], 'lk', ARGV[6], 'at', '0')
for i = 8, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return 1
`)
