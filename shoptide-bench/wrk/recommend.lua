-- wrk script: GET /v1/recommendations for random users of the scale set (u0..u999999), 75% "user", 25% "trending".
--   KEY=<secret key> wrk -t1 -c8 -d20s -s shoptide-bench/wrk/recommend.lua --latency http://127.0.0.1:18081/
local key = os.getenv("KEY")
local users = tonumber(os.getenv("USERS") or "1000000")
local n = 0

function init(args)
  math.randomseed(os.time() + math.random(1, 1000000))
end

function request()
  n = n + 1
  local scenario = (n % 4 == 0) and "trending" or "user"
  return wrk.format("GET", "/v1/recommendations?scenario=" .. scenario .. "&n=10&userId=u" .. math.random(0, users - 1),
    { ["Authorization"] = "Bearer " .. key })
end
