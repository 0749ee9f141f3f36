-- wrk script of the load bench (benchmarks/load_tool.py): counts the answers other than 200 OK, so a page that
-- redirects (say, to the sign-in page) is not taken for the page it replaces. Printed as "Not 200: N".
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("not_ok")
  end
  io.write(string.format("Not 200: %d\n", total))
end
