package idempotency

import (
	"strconv"

	"github.com/redis/go-redis/v9"
)

// begin: KEYS[1] the record; ARGV hash, token, now ms, lease ms, keep ms,
// nonce. Replies {outcome, ...}.
var begin = redis.NewScript(`
local k = KEYS[1]
local now = tonumber(ARGV[3])
local r = redis.call('HMGET', k, 'st', 'h', 'tok', 'lease', 'code', 'body')
if not r[1] then
  redis.call('HSET', k, 'st', 'p', 'h', ARGV[1], 'tok', ARGV[2],
    'lease', string.format('%d', now + tonumber(ARGV[4])), 'att', ARGV[6])
  redis.call('PEXPIRE', k, ARGV[5])
  return {'new', ARGV[2]}
end
if r[2] ~= ARGV[1] then return {'reused'} end
if r[1] == 'd' then return {'done', r[5], r[6]} end
if tonumber(r[4]) > now then return {'busy'} end
redis.call('HSET', k, 'lease', string.format('%d', now + tonumber(ARGV[4])), 'att', ARGV[6])
return {'resume', r[3]}
`)

// complete: KEYS[1]; ARGV status, body, keep ms.
var complete = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'st', 'd', 'code', ARGV[1], 'body', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`)

// settle: KEYS[1]; ARGV nonce, "forget" or "abandon". Only the attempt
// holding the record may settle it, and only while in progress.
var settle = redis.NewScript(`
local r = redis.call('HMGET', KEYS[1], 'st', 'att')
if r[1] ~= 'p' or r[2] ~= ARGV[1] then return 0 end
if ARGV[2] == 'forget' then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'lease', '0')
end
return 1
`)

func decodeResponse(code, body string) Response {
	status, _ := strconv.Atoi(code)
	return Response{Status: status, Body: []byte(body)}
}
