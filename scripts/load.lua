-- wrk script of scripts/load.sh: spreads the requests of one path over
-- several wards' users. Its argument (after --) is a file with one request
-- per line, "Header: value<TAB>/path", one line per ward: the ward's cookie
-- or token and its own path (its item id). wrk cannot tell its connections
-- apart, so each thread takes the lines in turn, request after request, from
-- a random start, and every ward gets its share of every connection.
local requests = {}
local next = 1

function init(args)
  for line in io.lines(args[1]) do
    local header, path = line:match("^([^\t]*)\t(.*)$")
    local name, value = header:match("^([^:]+):%s*(.*)$")
    requests[#requests + 1] = wrk.format("GET", path, { [name] = value })
  end
  -- Each thread has its own Lua state: a table's address sets them apart.
  math.randomseed(os.time() + (tonumber(tostring({}):match("%x+$"), 16) or 0) % 100000)
  next = math.random(#requests)
end

function request()
  local r = requests[next]
  next = next % #requests + 1
  return r
end
