package reserve

import "github.com/redis/go-redis/v9"

// The hold record's scripts (the order's scope). The record is a hash:
// st (held, confirmed, released), user, store, day, cp the coupon, fk
// (priced as first), at (taken, Unix ms), cb (the coupon went back), and
// k:<sku> per line held as stock. It moves only forward, held →
// confirmed → released; it is listed in its bucket's pending list until
// committed, confirmed or released.

// recordHoldScript: KEYS hold, pending. ARGV order id, now ms, keep ms,
// user, store, day, coupon, "1" when priced as first, then the skus
// held. It answers "new", or "again" for a record held or confirmed
// (touching a held one's pending entry).
var recordHoldScript = redis.NewScript(`
local hold, oid = KEYS[1], ARGV[1]
local st = redis.call('HGET', hold, 'st')
if st == 'held' or st == 'confirmed' then
  if st == 'held' then redis.call('ZADD', KEYS[2], ARGV[2], oid) end
  return 'again'
end
if st then redis.call('DEL', hold) end
redis.call('HSET', hold, 'st', 'held', 'user', ARGV[4], 'store', ARGV[5], 'day', ARGV[6], 'at', ARGV[2])
if ARGV[7] ~= '' then redis.call('HSET', hold, 'cp', ARGV[7]) end
if ARGV[8] == '1' then redis.call('HSET', hold, 'fk', '1') end
for i = 9, #ARGV do redis.call('HSET', hold, 'k:' .. ARGV[i], '1') end
redis.call('PEXPIRE', hold, ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], oid)
return 'new'
`)

// recordConfirmScript: KEYS hold, pending. ARGV order id. It answers
// the outcome ("confirmed", "already", "none") and the record's fields.
var recordConfirmScript = redis.NewScript(`
local st = redis.call('HGET', KEYS[1], 'st')
if not st then return {'none'} end
local out = 'already'
if st == 'held' then
  redis.call('HSET', KEYS[1], 'st', 'confirmed')
  out = 'confirmed'
end
redis.call('ZREM', KEYS[2], ARGV[1])
local f = redis.call('HGETALL', KEYS[1])
table.insert(f, 1, out)
return f
`)

// recordReleaseScript: KEYS hold, pending. ARGV order id, coupon ("back"
// or "spend"), the pending score the caller saw ("" for none), keep ms.
// It answers the outcome ("released", "already", "touched", "none") and,
// for the first two, the record's fields (cb: the coupon goes back,
// decided here once: only a hold never confirmed gives it back).
var recordReleaseScript = redis.NewScript(`
local st = redis.call('HGET', KEYS[1], 'st')
if not st then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return {'none'}
end
local out = 'already'
if st ~= 'released' then
  if ARGV[3] ~= '' then
    local sc = redis.call('ZSCORE', KEYS[2], ARGV[1])
    if not sc or tonumber(sc) ~= tonumber(ARGV[3]) then return {'touched'} end
  end
  if ARGV[2] == 'back' and st == 'held' then redis.call('HSET', KEYS[1], 'cb', '1') end
  redis.call('HSET', KEYS[1], 'st', 'released')
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  out = 'released'
end
redis.call('ZREM', KEYS[2], ARGV[1])
local f = redis.call('HGETALL', KEYS[1])
table.insert(f, 1, out)
return f
`)

// forgetScript: KEYS key. ARGV the value seen. Deletes the key if it
// still has that value.
var forgetScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`)
