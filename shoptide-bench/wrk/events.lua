-- wrk script: POST /v1/events with BATCH view events per request (BATCH=1 posts a single event object).
-- Bodies are built once per thread (16 variants, random users and items of the scale set), so wrk spends its CPU on
-- HTTP, not on Lua. Events carry no eventId, so repeated bodies are stored again (no dedup), as a tracker's would.
--   KEY=<secret key> BATCH=1000 wrk -t1 -c8 -d20s -s shoptide-bench/wrk/events.lua http://127.0.0.1:18081/
local key = os.getenv("KEY")
local batch = tonumber(os.getenv("BATCH") or "1000")
local bodies = {}
local next_body = 0

function init(args)
  math.randomseed(os.time() + math.random(1, 1000000))
  for b = 1, 16 do
    local parts = {}
    for i = 1, batch do
      parts[i] = string.format('{"type":"view","userId":"wrk-%d","itemId":"i%d"}',
        math.random(0, 999999), math.random(0, 99999))
    end
    if batch == 1 then
      bodies[b] = parts[1]
    else
      bodies[b] = "[" .. table.concat(parts, ",") .. "]"
    end
  end
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/v1/events",
    { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, bodies[next_body])
end

local errors = 0
function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors <= 3 then
      io.stderr:write("status " .. status .. ": " .. body .. "\n")
    end
  end
end
