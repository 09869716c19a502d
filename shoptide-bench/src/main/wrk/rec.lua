-- GET /v1/recommendations?scenario=user&n=10&userId=<12346..18286> with the demo's secret key
math.randomseed(42)
request = function()
  local u = math.random(12346, 18286)
  return wrk.format("GET", "/v1/recommendations?scenario=user&n=10&userId=" .. u, {["Authorization"] = "Bearer " .. os.getenv("KEY")})
end
