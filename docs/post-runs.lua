-- wrk script shared by soak.sh and http-bench.sh: POST /runs with a one-espresso custom run at
-- speed 1000 (not waiting), counting the answers by status.
wrk.method = "POST"
wrk.body = '{"customers":[{"name":"load","drinks":["espresso"]}],"speed":1000}'
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init() counts = {} end
function response(status) counts[status] = (counts[status] or 0) + 1 end
function done()
  local total = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("counts")) do total[status] = (total[status] or 0) + n end
  end
  for status, n in pairs(total) do io.write(string.format("status %d: %d\n", status, n)) end
end
