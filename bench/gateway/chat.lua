-- wrk script of bench/gateway/run.sh: non-streaming chat, a prompt never sent before on every request (the response
-- cache is bypassed anyway by X-Citadel-Cache: no-store). BENCH_TARGET=gateway posts the OpenAI request to the
-- gateway with BENCH_API_KEY; BENCH_TARGET=direct posts to the backend (nginx) the request the gateway sends it.
local target = os.getenv("BENCH_TARGET") or "gateway"
local threads = 0
local counter = 0
local id = "0"

function setup(thread)
  threads = threads + 1
  thread:set("id", tostring(threads))
end

local path, headers, template
if target == "direct" then
  path = "/api/chat"
  headers = { ["Content-Type"] = "application/json" }
  template = '{"model":"phi3:latest","messages":[{"role":"user","content":"bench %s-%d: say something"}],"stream":true}'
else
  path = "/v1/chat/completions"
  headers = { ["Content-Type"] = "application/json", ["X-Citadel-Cache"] = "no-store",
              ["Authorization"] = "Bearer " .. (os.getenv("BENCH_API_KEY") or "") }
  template = '{"model":"phi3","messages":[{"role":"user","content":"bench %s-%d: say something"}]}'
end

function request()
  counter = counter + 1
  return wrk.format("POST", path, headers, string.format(template, id, counter))
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end
