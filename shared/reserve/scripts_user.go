package reserve

import "github.com/redis/go-redis/v9"

// The user part's scripts (the user's scope). The part is a hash: st
// (held, confirmed, released), at, us (its unpaid slot), lk (it raised
// the first-order count), cx (the coupon's expiry, Unix ms). Beside it,
// in the same slot: the user's unpaid orders (zset, score = pay
// deadline), their unpaid slots (hash: order → slot), the first-order
// count, the coupons ("h:<order>" held, "s:<order>" spent).

// userHoldScript: KEYS part, unpaid, unpaid slots, standing, then the
// coupon if any. ARGV order id, now ms, keep ms, max unpaid, pay
// deadline ms, standing mode ("claim" or "count"), coupon expiry ms,
// standing keep ms. It answers {"new" or "again", the unpaid slot to try
// ("" without a cap)}, or a refusal ("unpaid", "not_first", "coupon").
// The unpaid slot is the lowest that none of the user's other unpaid
// orders has.
var userHoldScript = redis.NewScript(`
local part, oid, now = KEYS[1], ARGV[1], ARGV[2]
local st = redis.call('HGET', part, 'st')
if st == 'held' or st == 'confirmed' then return {'again', redis.call('HGET', part, 'us') or ''} end
local maxu = tonumber(ARGV[4])
if maxu > 0 and redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf') >= maxu then return {'unpaid'} end
local live = redis.call('GET', KEYS[4])
if ARGV[6] == 'claim' and (not live or tonumber(live) > 0) then return {'not_first'} end
local coupon = KEYS[5]
if coupon then
  local h = redis.call('GET', coupon)
  if h and h ~= 'h:' .. oid then return {'coupon'} end
end
local us = ''
if maxu > 0 then
  local used = {}
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. now, '+inf')) do
    local s = tonumber(redis.call('HGET', KEYS[3], m) or '')
    if s then used[s] = true end
  end
  local i = 0
  while used[i] do i = i + 1 end
  us = tostring(i)
  redis.call('HSET', KEYS[3], oid, us)
  redis.call('PEXPIRE', KEYS[3], ARGV[3])
end
if st then redis.call('DEL', part) end
redis.call('HSET', part, 'st', 'held', 'at', now)
if us ~= '' then redis.call('HSET', part, 'us', us) end
if coupon then
  redis.call('SET', coupon, 'h:' .. oid)
  redis.call('PEXPIREAT', coupon, ARGV[7])
  redis.call('HSET', part, 'cx', ARGV[7])
end
redis.call('ZADD', KEYS[2], ARGV[5], oid)
redis.call('PEXPIRE', KEYS[2], ARGV[3])
if live then
  redis.call('INCR', KEYS[4])
  redis.call('PEXPIRE', KEYS[4], ARGV[8])
  redis.call('HSET', part, 'lk', '1')
end
redis.call('PEXPIRE', part, ARGV[3])
return {'new', us}
`)

// spendLua makes the coupon KEYS[c] spent by the order, if it holds it:
// until the expiry cx when known, else keeping its time to live.
const spendLua = `
local function spend(c, oid, cx)
  if cx then
    redis.call('SET', c, 's:' .. oid)
    redis.call('PEXPIREAT', c, cx)
  else
    redis.call('SET', c, 's:' .. oid, 'KEEPTTL')
  end
end
`

// userConfirmScript: KEYS part, unpaid, unpaid slots, then the coupon if
// any. ARGV order id. The coupon becomes spent, the order leaves the
// unpaid ones. It answers the part's state before ("held", "confirmed",
// "released", "none": nothing changed for a released part) and its
// unpaid slot.
var userConfirmScript = redis.NewScript(spendLua + `
local part, oid = KEYS[1], ARGV[1]
local h = redis.call('HMGET', part, 'st', 'cx', 'us')
if h[1] == 'released' then return {'released', h[3] or ''} end
if h[1] == 'held' then redis.call('HSET', part, 'st', 'confirmed') end
local c = KEYS[4]
if c and redis.call('GET', c) == 'h:' .. oid then spend(c, oid, h[2]) end
redis.call('ZREM', KEYS[2], oid)
redis.call('HDEL', KEYS[3], oid)
return {h[1] or 'none', h[3] or ''}
`)

// userReleaseScript: KEYS part, unpaid, unpaid slots, standing, then the
// coupon if any. ARGV order id, coupon ("back" or "spend"), keep ms. The
// coupon goes back if held (never a spent one) or becomes spent, the
// order leaves the unpaid ones, the first-order count it raised is taken
// back. It answers "released", "already" or "none" (no part: what names
// the order was set right all the same) and the unpaid slot.
var userReleaseScript = redis.NewScript(spendLua + `
local part, oid = KEYS[1], ARGV[1]
local h = redis.call('HMGET', part, 'st', 'cx', 'us', 'lk')
if h[1] == 'released' then return {'already', h[3] or ''} end
local c = KEYS[5]
if c then
  local cur = redis.call('GET', c)
  if ARGV[2] == 'back' and cur == 'h:' .. oid then
    redis.call('DEL', c)
  elseif cur == 'h:' .. oid or cur == 's:' .. oid then
    spend(c, oid, h[2])
  end
end
redis.call('ZREM', KEYS[2], oid)
redis.call('HDEL', KEYS[3], oid)
if h[4] and redis.call('EXISTS', KEYS[4]) == 1 then
  if redis.call('DECR', KEYS[4]) < 0 then redis.call('SET', KEYS[4], '0', 'KEEPTTL') end
end
if not h[1] then return {'none', ''} end
redis.call('HSET', part, 'st', 'released')
redis.call('PEXPIRE', part, ARGV[3])
return {'released', h[3] or ''}
`)

// unpaidTellScript: KEYS part, unpaid, unpaid slots. ARGV order id, its
// unpaid slot ("" for none), a pay deadline ms, keep ms, then the orders
// the store says hold the other slots. It records the order's slot (if
// its part is held) and adds the others to the user's unpaid orders,
// scored by the deadline, unless they are there.
var unpaidTellScript = redis.NewScript(`
if ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'st') == 'held' then
  redis.call('HSET', KEYS[1], 'us', ARGV[2])
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
end
for i = 5, #ARGV do redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[i]) end
if #ARGV >= 5 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
return 1
`)

// keepCountScript: KEYS part. Drops the part's lk, so releasing the hold
// leaves the first-order count it raised: the count then stands for an
// order it had missed.
var keepCountScript = redis.NewScript(`
if redis.call('HGET', KEYS[1], 'st') == 'held' then redis.call('HDEL', KEYS[1], 'lk') end
return 1
`)

// standingScript: KEYS standing, unpaid. ARGV now ms, how many suspects
// at most. It answers {} when the user has no count, else {the count,
// then suspects}: when every order the count stands for may be an
// unpaid one past its pay deadline, those orders (they may be orphans
// of a crash whose count was never taken back).
var standingScript = redis.NewScript(`
local live = redis.call('GET', KEYS[1])
if not live then return {} end
local n = tonumber(live) or 0
local out = {live}
if n > 0 and redis.call('ZCOUNT', KEYS[2], '-inf', ARGV[1]) >= n then
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])) do
    out[#out + 1] = m
  end
end
return out
`)
