-- mod_component_http.lua: Allows implementing a component or bot over HTTP
-- prosody-http-bridge 0.1.0, MIT licence.
-- Generated from src/mod_component_http/ and src/lib/ by TypeScriptToLua: edit the TypeScript, not this file.
-- Install: copy this one file into a directory of plugin_paths; docs/mod_component_http/README.md tells the rest.
local ____modules = {}
local ____moduleCache = {}
local ____originalRequire = require
local function require(file, ...)
    if ____moduleCache[file] then
        return ____moduleCache[file].value
    end
    if ____modules[file] then
        local module = ____modules[file]
        local value = nil
        if (select("#", ...) > 0) then value = module(...) else value = module(file) end
        ____moduleCache[file] = { value = value }
        return value
    else
        if ____originalRequire then
            return ____originalRequire(file)
        else
            error("module '" .. file .. "' not found")
        end
    end
end
____modules = {
["src.lib.json"] = function(...) 
local ____exports = {}
local decodeUnprotected, json
function decodeUnprotected(text)
    local value = json.decode(text)
    return value
end
local JSON_LIBRARY = "util.json"
json = require(JSON_LIBRARY)
--- Encode a value (tables, strings, numbers, booleans, json.null).
____exports.encode = json.encode
--- The value standing for JSON null.
____exports.NULL = json.null
--- Decode untrusted JSON. util.json itself can raise on some inputs (a key
-- named "__hash" holding a number, nesting deep enough to overflow the C
-- stack), so the call is protected. Nil for anything that is not JSON.
function ____exports.decode(text)
    local ok, value = pcall(decodeUnprotected, text)
    if not ok then
        return nil
    end
    return value
end
--- True for a decoded JSON object (arrays and json.null carry a metatable).
function ____exports.isObject(value)
    return type(value) == "table" and getmetatable(value) == nil
end
return ____exports
 end,
["src.lib.text"] = function(...) 
local ____exports = {}
local ____util_2Eencodings = require("util.encodings")
local utf8 = ____util_2Eencodings.utf8
--- Characters XML 1.0 forbids (C0 controls other than tab, LF, CR).
-- util.stanza raises on most of them; checking first turns a would-be
-- traceback into a clean "bad request".
local FORBIDDEN_XML_CHARACTERS = (((((("[%z" .. string.char(1)) .. "-") .. string.char(8)) .. string.char(11, 12, 14)) .. "-") .. string.char(31)) .. "]"
--- True when `s` is valid UTF-8 and holds only characters XML allows.
function ____exports.isXmlSafe(s)
    return utf8.valid(s) and (string.find(s, FORBIDDEN_XML_CHARACTERS)) == nil
end
--- True for a string that is XML-safe (for untyped values from JSON or forms).
function ____exports.isXmlSafeString(value)
    return type(value) == "string" and ____exports.isXmlSafe(value)
end
return ____exports
 end,
["src.lib.media_type"] = function(...) 
local ____exports = {}
--- The media type of a Content-Type header, lower case, parameters dropped.
function ____exports.mediaType(header)
    if header == nil then
        return nil
    end
    local found = string.match(header, "^%s*([^%s;,]+)")
    if found == nil then
        return nil
    end
    return string.lower(found)
end
return ____exports
 end,
["src.lib.standard_webhooks"] = function(...) 
local ____exports = {}
local hashes = require("util.hashes")
local ____util_2Eencodings = require("util.encodings")
local base64 = ____util_2Eencodings.base64
____exports.SECRET_PREFIX = "whsec_"
____exports.ID_HEADER = "webhook-id"
____exports.TIMESTAMP_HEADER = "webhook-timestamp"
____exports.SIGNATURE_HEADER = "webhook-signature"
--- The HMAC key of a `whsec_` secret, or nil and why not: the prefix, then
-- standard base64 (padding optional) of at least one byte.
function ____exports.decodeSecret(secret)
    if type(secret) ~= "string" then
        return nil, "not a string but a " .. type(secret)
    end
    if string.sub(secret, 1, #____exports.SECRET_PREFIX) ~= ____exports.SECRET_PREFIX then
        return nil, "it does not start with " .. ____exports.SECRET_PREFIX
    end
    local encoded = string.sub(secret, #____exports.SECRET_PREFIX + 1)
    local stripped = (string.match(encoded, "^([A-Za-z0-9+/]+)=?=?$"))
    if stripped == nil or #stripped % 4 == 1 or #encoded ~= #stripped and #encoded % 4 ~= 0 then
        return nil, ("what follows " .. ____exports.SECRET_PREFIX) .. " is not base64"
    end
    encoded = stripped .. string.rep("=", (4 - #stripped % 4) % 4)
    local key = base64.decode(encoded)
    if key == nil or #key == 0 then
        return nil, ("what follows " .. ____exports.SECRET_PREFIX) .. " is not base64"
    end
    return key, nil
end
--- The keys of option `name`: a `whsec_` string or a list of them. An
-- invalid secret is left out with a warning naming its position, never its
-- value. Nil when no valid secret is left.
function ____exports.secretsOption(name)
    local configured = module:get_option_array(name)
    if configured == nil then
        return nil
    end
    local keys = {}
    local position = 0
    for ____, secret in ipairs(configured) do
        position = position + 1
        local key, problem = ____exports.decodeSecret(secret)
        if key == nil then
            module:log(
                "warn",
                "Ignoring secret #%d of %s: %s (expected %s and base64)",
                position,
                name,
                problem,
                ____exports.SECRET_PREFIX
            )
        else
            keys[#keys + 1] = key
        end
    end
    if #keys == 0 then
        module:log("warn", "No valid secret in %s: requests carry no Standard Webhooks signature", name)
        return nil
    end
    return keys
end
--- `v1,<base64 HMAC>` for each key, space-separated.
function ____exports.signature(keys, id, timestamp, body)
    local content = (((id .. ".") .. timestamp) .. ".") .. body
    local parts = {}
    for ____, key in ipairs(keys) do
        parts[#parts + 1] = "v1," .. base64.encode(hashes.hmac_sha256(key, content))
    end
    return table.concat(parts, " ")
end
--- Add the three headers to `headers`, signed now (`timestamp`: unix seconds).
function ____exports.addHeaders(headers, keys, id, timestamp, body)
    local stamp = string.format("%d", timestamp)
    headers[____exports.ID_HEADER] = id
    headers[____exports.TIMESTAMP_HEADER] = stamp
    headers[____exports.SIGNATURE_HEADER] = ____exports.signature(keys, id, stamp, body)
end
return ____exports
 end,
["src.lib.deadlines"] = function(...) 
local ____exports = {}
local timelib = require("util.time")
--- Timeouts of `seconds` each; `onExpire` is called for each one that passes.
function ____exports.newDeadlines(seconds, onExpire)
    local first
    local last
    local armed = false
    local function remove(entry)
        if entry.timing ~= true then
            return
        end
        entry.timing = false
        local prev = entry.prevTimed
        local next = entry.nextTimed
        if prev ~= nil then
            prev.nextTimed = next
        else
            first = next
        end
        if next ~= nil then
            next.prevTimed = prev
        else
            last = prev
        end
        entry.prevTimed = nil
        entry.nextTimed = nil
    end
    --- Expire what is due; the delay until the next deadline, or nil to stop the timer.
    local function fire(now)
        while first ~= nil and first.due <= now do
            local entry = first
            remove(entry)
            onExpire(entry)
        end
        if first == nil then
            armed = false
            return nil
        end
        return first.due - now
    end
    local function add(entry)
        entry.due = timelib.now() + seconds
        entry.timing = true
        entry.prevTimed = last
        entry.nextTimed = nil
        if last ~= nil then
            last.nextTimed = entry
        else
            first = entry
        end
        last = entry
        if not armed then
            armed = true
            module:add_timer(
                seconds,
                function(now) return fire(now) end
            )
        end
    end
    return {add = add, remove = remove}
end
return ____exports
 end,
["src.lib.fifo"] = function(...) 
local ____exports = {}
function ____exports.newFifo()
    local items = {}
    local first = 1
    local last = 0
    local function shift()
        if first > last then
            return nil
        end
        local item = items[first]
        items[first] = nil
        first = first + 1
        if first > last then
            first = 1
            last = 0
        end
        return item
    end
    return {
        push = function(item)
            last = last + 1
            items[last] = item
        end,
        shift = shift,
        size = function() return last - first + 1 end,
        drain = function()
            local all = {}
            local item = shift()
            while item ~= nil do
                all[#all + 1] = item
                item = shift()
            end
            return all
        end
    }
end
return ____exports
 end,
["src.lib.ids"] = function(...) 
local ____exports = {}
local idlib = require("util.id")
--- A generator of ids unique to this load: `<12 random characters><counter>`.
function ____exports.newIdSource()
    local prefix = idlib.short()
    local counter = 0
    return function()
        counter = counter + 1
        return prefix .. tostring(counter)
    end
end
return ____exports
 end,
["src.lib.labelled_counter"] = function(...) 
local ____exports = {}
--- Count one under `label` in the module's counter `name` (created here, label key `labelKey`).
function ____exports.labelledCounter(name, description, labelKey)
    local family = module:metric(
        "counter",
        name,
        "",
        description,
        {labelKey}
    )
    local series = {}
    return function(label)
        local counter = series[label]
        if counter == nil then
            counter = family:with_labels(label)
            series[label] = counter
        end
        counter:add(1)
    end
end
return ____exports
 end,
["src.lib.breaker"] = function(...) 
local ____exports = {}
--- Jitter: each cooldown is the doubling schedule's value times a factor in [0.8, 1.2), capped.
local JITTER_LOW = 0.8
local JITTER_SPAN = 0.4
function ____exports.newBreaker(config)
    local random = config.random or (function() return math.random() end)
    local state = "closed"
    local consecutive = 0
    --- Openings since the breaker last closed: the exponent of the cooldown.
    local openings = 0
    local probing = false
    local timer
    local function change(next, reason, cooldown)
        state = next
        local ____opt_0 = config.onChange
        if ____opt_0 ~= nil then
            ____opt_0(next, reason, cooldown)
        end
    end
    --- Open for `delay` seconds, then half-open.
    local function openFor(delay, reason)
        if timer ~= nil then
            timer:stop()
        end
        probing = false
        local thisTimer
        thisTimer = module:add_timer(
            delay,
            function()
                if timer == thisTimer and state == "open" then
                    timer = nil
                    change("half-open", reason, 0)
                end
            end
        )
        timer = thisTimer
        change("open", reason, delay)
    end
    --- The next cooldown on the doubling schedule, with jitter, never over the cap.
    local function nextCooldown()
        openings = openings + 1
        local base = math.min(
            config.maxCooldown,
            config.cooldown * 2 ^ math.min(openings - 1, 30)
        )
        return math.min(
            config.maxCooldown,
            base * (JITTER_LOW + JITTER_SPAN * random())
        )
    end
    return {
        admit = function()
            if state == "closed" then
                return true, false
            end
            if state == "half-open" and not probing then
                probing = true
                return true, true
            end
            return false, false
        end,
        success = function()
            consecutive = 0
            openings = 0
            probing = false
            if state ~= "closed" then
                if timer ~= nil then
                    timer:stop()
                end
                timer = nil
                change("closed", "the endpoint answered", 0)
            end
        end,
        failure = function(reason, probe)
            if probe and state == "half-open" then
                openFor(
                    nextCooldown(),
                    reason
                )
                return
            end
            if state ~= "closed" then
                return
            end
            consecutive = consecutive + 1
            if config.failures > 0 and consecutive >= config.failures then
                consecutive = 0
                openFor(
                    nextCooldown(),
                    reason
                )
            end
        end,
        pause = function(seconds, reason)
            if seconds > 0 then
                consecutive = 0
                openFor(
                    math.min(seconds, config.maxCooldown),
                    reason
                )
            end
        end,
        state = function()
            return state
        end
    }
end
return ____exports
 end,
["src.lib.retry_after"] = function(...) 
local ____exports = {}
--- The HTTP Retry-After header (RFC 9110 section 10.2.3): a number of
-- seconds, or an HTTP-date in any of the three forms a recipient must
-- accept (IMF-fixdate, the obsolete RFC 850 and asctime forms).
local MONTHS = {}
local MONTH_NAMES = {
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec"
}
do
    local i = 0
    while i < #MONTH_NAMES do
        MONTHS[MONTH_NAMES[i + 1]] = i + 1
        i = i + 1
    end
end
--- Days from 1970-01-01 to a civil date (proleptic Gregorian), without
-- os.time, which reads its table as local time.
local function daysFromCivil(year, month, day)
    local y = month <= 2 and year - 1 or year
    local era = math.floor(y / 400)
    local yearOfEra = y - era * 400
    local monthFromMarch = (month + 9) % 12
    local dayOfYear = math.floor((153 * monthFromMarch + 2) / 5) + day - 1
    local dayOfEra = yearOfEra * 365 + math.floor(yearOfEra / 4) - math.floor(yearOfEra / 100) + dayOfYear
    return era * 146097 + dayOfEra - 719468
end
--- Unix seconds of a UTC date and time, or nil when a part is out of range.
local function utcTime(year, month, day, hour, minute, second)
    if day < 1 or day > 31 or hour > 23 or minute > 59 or second > 60 then
        return nil
    end
    return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
end
--- Unix seconds of an HTTP-date, or nil when it is none of the three forms.
function ____exports.parseHttpDate(text)
    local day, monthName, year, hour, minute, second = string.match(text, "^%a+, (%d%d) (%a%a%a) (%d%d%d%d) (%d%d):(%d%d):(%d%d) GMT$")
    if day == nil then
        local shortYear
        day, monthName, shortYear, hour, minute, second = string.match(text, "^%a+, (%d%d)%-(%a%a%a)%-(%d%d) (%d%d):(%d%d):(%d%d) GMT$")
        if shortYear ~= nil then
            local thisYear = tonumber(os.date("!%Y")) or 2000
            local full = math.floor(thisYear / 100) * 100 + (tonumber(shortYear) or 0)
            if full > thisYear + 50 then
                full = full - 100
            end
            year = tostring(full)
        end
    end
    if day == nil then
        monthName, day, hour, minute, second, year = string.match(text, "^%a%a%a (%a%a%a) +(%d?%d) (%d%d):(%d%d):(%d%d) (%d%d%d%d)$")
    end
    if day == nil or monthName == nil then
        return nil
    end
    local month = MONTHS[string.lower(monthName)]
    if month == nil then
        return nil
    end
    return utcTime(
        tonumber(year) or 0,
        month,
        tonumber(day) or 0,
        tonumber(hour) or 0,
        tonumber(minute) or 0,
        tonumber(second) or 0
    )
end
--- Seconds to wait from `now` (unix seconds) that a Retry-After value asks
-- for: nil when absent or unreadable, 0 for a date already past.
function ____exports.retryAfterSeconds(value, now)
    if value == nil then
        return nil
    end
    local text = (string.match(value, "^%s*(.-)%s*$"))
    if (string.match(text, "^%d+$")) ~= nil then
        return tonumber(text)
    end
    local date = ____exports.parseHttpDate(text)
    if date == nil then
        return nil
    end
    return math.max(0, date - now)
end
return ____exports
 end,
["src.lib.unload"] = function(...) 
local ____exports = {}
--- Run `task` when the module unloads (or reloads), after the tasks added before it.
function ____exports.addUnloadTask(task)
    local previous = module.unload
    module.unload = function()
        if previous ~= nil then
            previous()
        end
        task()
    end
end
return ____exports
 end,
["src.lib.http_client_libs"] = function(...) 
local ____exports = {}
--- The library `name`, or nil when it cannot be loaded.
local function optional(name)
    local ok, lib = pcall(require, name)
    local ____ok_0
    if ok then
        ____ok_0 = lib
    else
        ____ok_0 = nil
    end
    return ____ok_0
end
--- The libraries, or nil and why the pool cannot be used.
function ____exports.loadClientLibs()
    local connect = optional("net.connect")
    local resolver = optional("net.resolvers.basic")
    local parser = optional("net.http.parser")
    local x509 = optional("util.x509")
    local http = optional("net.http")
    local server = optional("net.server")
    if connect == nil or resolver == nil or parser == nil or x509 == nil or http == nil then
        return nil, "Prosody's connection libraries are not available"
    end
    local functions = {connect.connect, resolver.new, parser.new, x509.verify_identity}
    for ____, f in ipairs(functions) do
        if type(f) ~= "function" then
            return nil, "Prosody's connection libraries have an unknown API"
        end
    end
    local ____connect_connect_6 = connect.connect
    local ____temp_5
    if type(server and server.addclient) == "function" then
        ____temp_5 = server and server.addclient
    else
        ____temp_5 = nil
    end
    return {
        connect = ____connect_connect_6,
        addclient = ____temp_5,
        newResolver = resolver.new,
        newParser = parser.new,
        verifyIdentity = x509.verify_identity,
        http = http
    }, nil
end
return ____exports
 end,
["src.lib.http_target"] = function(...) 
local ____exports = {}
local ____util_2Eencodings = require("util.encodings")
local base64 = ____util_2Eencodings.base64
--- Four decimal numbers of 0-255 separated by dots.
local function isIpv4(host)
    local a, b, c, d = string.match(host, "^(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)$")
    if a == nil then
        return false
    end
    for ____, part in ipairs({a, b, c, d}) do
        if tonumber(part) > 255 then
            return false
        end
    end
    return true
end
--- Parse an absolute http(s) URL; nil for a form the pool does not handle
-- (another scheme, no host, an IPv6 literal, a port out of range): such
-- URLs go through net.http.
function ____exports.parseTarget(url)
    local scheme, rest = string.match(url, "^([hH][tT][tT][pP][sS]?)://(.*)$")
    if scheme == nil or rest == nil then
        return nil
    end
    local lowerScheme = string.lower(scheme)
    local authority, afterAuthority = string.match(rest, "^([^/?#]*)(.*)$")
    if authority == nil or afterAuthority == nil then
        return nil
    end
    local userinfo, hostport = string.match(authority, "^(.*)@(.*)$")
    local host, portText = string.match(hostport or authority, "^([^:%[%]]+):?(%d*)$")
    if host == nil or portText == nil then
        return nil
    end
    local defaultPort = lowerScheme == "https" and 443 or 80
    local port = portText == "" and defaultPort or tonumber(portText)
    if port == nil or port < 1 or port > 65535 then
        return nil
    end
    local hostHeader = (portText == "" or port == defaultPort) and host or (host .. ":") .. portText
    local path = string.match(afterAuthority, "^([^#]*)")
    if path == nil or path == "" or string.sub(path, 1, 1) == "?" then
        path = "/" .. (path or "")
    end
    local ____host_1 = host
    local ____isIpv4_result_2 = isIpv4(host)
    local ____port_3 = port
    local ____temp_4 = (((lowerScheme .. "://") .. string.lower(host)) .. ":") .. tostring(port)
    local ____hostHeader_5 = hostHeader
    local ____path_6 = path
    local ____temp_0
    if userinfo == nil then
        ____temp_0 = nil
    else
        ____temp_0 = "Basic " .. base64.encode(userinfo)
    end
    return {
        scheme = lowerScheme,
        host = ____host_1,
        ipv4 = ____isIpv4_result_2,
        port = ____port_3,
        origin = ____temp_4,
        hostHeader = ____hostHeader_5,
        path = ____path_6,
        authorization = ____temp_0
    }
end
return ____exports
 end,
["src.lib.http_pool"] = function(...) 
local ____exports = {}
local timelib = require("util.time")
local ____http_target = require("src.lib.http_target")
local parseTarget = ____http_target.parseTarget
--- The failure reason of an answer over the body limit.
____exports.TOO_LARGE = "too-large"
--- Seconds a host name's address is used for new connections before the
-- name is resolved again: curl's default DNS cache timeout. A resolution
-- through net.connect (a DNS query, a promise, a pending connection, and
-- for "localhost" an IPv6 attempt before the IPv4 one) costs a connection
-- more than the connection itself.
local ADDRESS_TTL = 60
--- Largest body of an answer whose parser is kept (the parser holds on to its last answer until the next).
local SPARE_BODY_LIMIT = 4096
--- Whether the parser holds nothing after `answer`: one final answer, with
-- a body of Content-Length (small enough to keep, see SPARE_BODY_LIMIT),
-- and the bytes after its head exactly that long. It is then as a new
-- parser: no state between answers, nothing buffered.
local function endsClean(reader, answer)
    if not reader.headSeen or reader.interim or reader.extra or reader.failure ~= nil or reader.parts ~= nil then
        return false
    end
    local bodyLength = answer.body_length
    if answer.chunked == true or answer.code < 200 or bodyLength == nil or bodyLength > SPARE_BODY_LIMIT then
        return false
    end
    return reader.counted == bodyLength
end
--- Whether the answer's head ends in `data` (its CRLFCRLF may begin in
-- the last bytes before, `headTail`); if so, counts what follows it: the
-- body's first bytes. Searches `data` in place: no copy of it.
local function headEnds(reader, data)
    local tail = reader.headTail
    local ____end
    if tail ~= "" then
        local at = string.find(
            tail .. string.sub(data, 1, 3),
            "\r\n\r\n",
            1,
            true
        )
        if at ~= nil then
            ____end = at + 3 - #tail
        end
    end
    if ____end == nil then
        local at = string.find(data, "\r\n\r\n", 1, true)
        if at == nil then
            return false
        end
        ____end = at + 3
    end
    reader.headSeen = true
    reader.counted = #data - ____end
    return true
end
--- Longest answer head read before failing the request (net.http.parser's default head limit).
local HEAD_LIMIT = 10 * 1024
--- Parser errors that mean the answer is over the size limit: more unparsed
-- bytes than it buffers (a single read may hold megabytes), a Content-Length
-- or a streamed body over the limit.
local OVER_LIMIT = {}
for ____, reason in ipairs({"max-buffer-size-exceeded", "content-length-limit-exceeded", "body-sink-write-failure"}) do
    OVER_LIMIT[reason] = true
end
--- Feed a parser (a plain function, for pcall without a closure per packet).
local function feedParser(parser, data)
    parser:feed(data)
end
--- Whether the connection may carry another request after this answer.
local function keepsAlive(answer)
    if answer.body_length == nil and answer.chunked ~= true then
        return false
    end
    local connection = ("," .. (string.gsub(
        string.lower(answer.headers.connection or ""),
        "%s",
        ""
    ))) .. ","
    if (string.find(connection, ",close,", 1, true)) ~= nil then
        return false
    end
    return answer.httpversion ~= "1.0" or (string.find(connection, ",keep-alive,", 1, true)) ~= nil
end
--- One header line, unless the caller's `headers` carry that name (theirs wins).
local function pushDefault(lines, headers, name, value)
    if headers[name] == nil then
        lines[#lines + 1] = name .. ": " .. value .. "\r\n"
    end
end
--- Request line and headers but Content-Length: net.http's defaults (Host,
-- User-Agent, Content-Type) under the caller's. A header is one line
-- string (most are short, so Lua interns them and a repeated one costs no
-- allocation), not four pieces.
local function requestHead(method, target, headers, withBody, reuse)
    local lines = {method .. " " .. target.path .. " HTTP/1.1\r\n"}
    pushDefault(lines, headers, "Host", target.hostHeader)
    pushDefault(lines, headers, "User-Agent", "Prosody XMPP Server")
    if not reuse then
        pushDefault(lines, headers, "Connection", "close")
    end
    if target.authorization ~= nil then
        pushDefault(lines, headers, "Authorization", target.authorization)
    end
    if withBody then
        pushDefault(lines, headers, "Content-Type", "application/x-www-form-urlencoded")
    end
    for name, value in pairs(headers) do
        lines[#lines + 1] = name .. ": " .. value .. "\r\n"
    end
    return table.concat(lines)
end
--- The request as sent: the route's head (made again when stale), Content-Length, the body, joined once.
local function requestData(route, method, headers, body, reuse)
    local withBody = body ~= nil
    if route.headHeaders ~= headers or route.headMethod ~= method or route.headWithBody ~= withBody then
        route.head = requestHead(
            method,
            route.target,
            headers,
            withBody,
            reuse
        )
        route.headHeaders = headers
        route.headMethod = method
        route.headWithBody = withBody
        route.ownLength = headers["Content-Length"] ~= nil
    end
    if body == nil then
        return route.head .. "\r\n"
    end
    if route.ownLength then
        return route.head .. "\r\n" .. body
    end
    return route.head .. "Content-Length: " .. tostring(#body) .. "\r\n\r\n" .. body
end
function ____exports.newPool(settings, libs)
    local settle, forget, drop, fail, sweep, armSweep, send, transmit, release, onMessage, sinkOf, takeReader
    local recycle, newLink, open, rememberedAddress, notConnected, adopt, dispatch, finish, certificateProblem
    local origins, links, live, closed, timerArmed, opening, optionsOfParsers, spare, recycledAt, listeners
    function settle(request, answer, failure)
        if request.state == "done" then
            return
        end
        request.state = "done"
        request.link = nil
        request.callback(request.context, answer, failure)
    end
    function forget(link)
        if link.state == "closed" then
            return
        end
        if link.state == "idle" then
            local idle = link.origin.idle
            do
                local i = 0
                while i < #idle do
                    if idle[i + 1] == link then
                        table.remove(idle, i + 1)
                        break
                    end
                    i = i + 1
                end
            end
        end
        link.state = "closed"
        local ____link_origin_2, ____count_3 = link.origin, "count"
        ____link_origin_2[____count_3] = ____link_origin_2[____count_3] - 1
        live[link] = nil
        if link.conn ~= nil then
            links[link.conn] = nil
        end
    end
    function drop(link)
        forget(link)
        link.request = nil
        local ____opt_4 = link.conn
        if ____opt_4 ~= nil then
            ____opt_4:close()
        end
    end
    function fail(link, reason)
        local request = link.request
        drop(link)
        if request ~= nil then
            settle(request, nil, reason)
        end
        dispatch(link.origin)
    end
    function sweep(now)
        local next
        for ____, origin in pairs(origins) do
            while #origin.idle > 0 and origin.idle[1].idleSince + settings.idleTimeout <= now do
                drop(origin.idle[1])
            end
            if #origin.idle > 0 then
                local due = origin.idle[1].idleSince + settings.idleTimeout - now
                next = next == nil and due or math.min(next, due)
            end
        end
        if #spare > 0 then
            local due = recycledAt + settings.idleTimeout - now
            if due <= 0 then
                spare = {}
            else
                next = next == nil and due or math.min(next, due)
            end
        end
        timerArmed = next ~= nil
        return next
    end
    function armSweep()
        if not timerArmed then
            timerArmed = true
            module:add_timer(settings.idleTimeout, sweep)
        end
    end
    function send(link, request)
        link.state = "busy"
        link.request = request
        local reader = link.reader
        reader.headSeen = false
        reader.headTail = ""
        reader.counted = 0
        reader.interim = false
        reader.parts = nil
        reader.size = 0
        reader.overflow = false
        reader.complete = nil
        request.link = link
        request.state = "sent"
        transmit(link, request.data)
    end
    function transmit(link, data)
        local conn = link.conn
        if link.drained then
            local last, ____, partial = conn:socket():send(data)
            if last == #data then
                return
            end
            if partial ~= nil and partial > 0 then
                data = string.sub(data, partial + 1)
            end
        end
        link.drained = false
        conn:write(data)
    end
    function release(link)
        link.request = nil
        if closed then
            drop(link)
            return
        end
        local waiting = link.origin.waiting
        while #waiting > 0 do
            local next = table.remove(waiting, 1)
            if next.state == "waiting" then
                send(link, next)
                return
            end
        end
        link.state = "idle"
        link.idleSince = timelib.now()
        local ____link_origin_idle_6 = link.origin.idle
        ____link_origin_idle_6[#____link_origin_idle_6 + 1] = link
        armSweep()
    end
    function onMessage(reader, message)
        if message.partial == true then
            if message.body_length ~= nil and message.body_length > settings.maxBody then
                reader.overflow = true
            end
            reader.parts = {}
            message.body_sink = sinkOf(reader)
            return
        end
        if message.code >= 100 and message.code < 200 and message.code ~= 101 then
            reader.headSeen = false
            reader.counted = 0
            reader.interim = true
            return
        end
        if reader.complete ~= nil then
            reader.extra = true
            return
        end
        reader.complete = message
    end
    function sinkOf(reader)
        return {write = function(self, chunk)
            reader.size = reader.size + #chunk
            if reader.overflow or reader.size > settings.maxBody then
                reader.overflow = true
                return false
            end
            local ____reader_parts_7 = reader.parts
            ____reader_parts_7[#____reader_parts_7 + 1] = chunk
            return true
        end}
    end
    function takeReader()
        local kept = table.remove(spare)
        if kept ~= nil then
            return kept
        end
        local reader
        local parser = libs.newParser(
            function(message)
                if reader.link ~= nil then
                    onMessage(reader, message)
                end
            end,
            function(reason)
                reader.failure = reason
            end,
            "client",
            optionsOfParsers
        )
        reader = {
            parser = parser,
            link = nil,
            headSeen = false,
            headTail = "",
            counted = 0,
            interim = false,
            parts = nil,
            size = 0,
            overflow = false,
            complete = nil,
            failure = nil,
            extra = false
        }
        return reader
    end
    function recycle(link, answer)
        local reader = link.reader
        if #spare < settings.maxConnections and endsClean(reader, answer) then
            reader.link = nil
            reader.complete = nil
            spare[#spare + 1] = reader
            recycledAt = timelib.now()
            armSweep()
        end
    end
    function newLink(origin)
        local reader = takeReader()
        local link = {
            origin = origin,
            conn = nil,
            state = "connecting",
            request = nil,
            reader = reader,
            served = 0,
            idleSince = 0,
            drained = false
        }
        reader.link = link
        live[link] = true
        return link
    end
    function open(origin, request)
        local link = newLink(origin)
        origin.count = origin.count + 1
        link.request = request
        request.link = link
        request.state = "sent"
        local target = origin.target
        local https = target.scheme == "https"
        local defaults = libs.http.default.options
        local ____https_10
        if https then
            ____https_10 = settings.tlsContext or defaults and defaults.sslctx
        else
            ____https_10 = nil
        end
        local sslctx = ____https_10
        local address = target.ipv4 and target.host or rememberedAddress(origin)
        if address ~= nil and libs.addclient ~= nil then
            opening = link
            local conn, err = libs.addclient(
                address,
                target.port,
                listeners,
                "*a",
                sslctx,
                nil,
                origin.extra
            )
            opening = nil
            if conn == nil then
                module:add_timer(
                    0,
                    function()
                        notConnected(
                            link,
                            tostring(err)
                        )
                    end
                )
            elseif link.conn == nil and link.state ~= "closed" then
                adopt(conn, link)
            end
            return
        end
        local resolver = libs.newResolver(
            target.host,
            target.port,
            "tcp",
            {servername = target.host, use_dane = https and (defaults and defaults.use_dane) == true}
        )
        libs.connect(resolver, listeners, {sslctx = sslctx}, link)
    end
    function rememberedAddress(origin)
        local ____temp_13
        if origin.addressUntil > timelib.now() then
            ____temp_13 = origin.address
        else
            ____temp_13 = nil
        end
        return ____temp_13
    end
    function notConnected(link, reason)
        local origin = link.origin
        local request = link.request
        if origin.target.ipv4 or origin.address == nil or request == nil or closed then
            fail(link, reason)
            return
        end
        origin.address = nil
        drop(link)
        module:log(
            "debug",
            "Connection to %s at its last address failed (%s); resolving the name again",
            origin.key,
            reason
        )
        open(origin, request)
    end
    function adopt(conn, link)
        link.conn = conn
        links[conn] = link
    end
    function dispatch(origin)
        local waiting = origin.waiting
        while #waiting > 0 do
            if waiting[1].state ~= "waiting" then
                table.remove(waiting, 1)
            elseif #origin.idle > 0 then
                send(
                    table.remove(origin.idle),
                    table.remove(waiting, 1)
                )
            elseif origin.count < settings.maxConnections then
                open(
                    origin,
                    table.remove(waiting, 1)
                )
            else
                return
            end
        end
    end
    function finish(link, request, answer)
        local reader = link.reader
        local body = reader.parts ~= nil and table.concat(reader.parts) or answer.body
        if link.state == "ending" and answer.chunked == true and reader.parts ~= nil then
            fail(link, "answer cut short")
            return
        end
        if body == false or #body > settings.maxBody then
            fail(link, body == false and "answer cut short" or ____exports.TOO_LARGE)
            return
        end
        link.served = link.served + 1
        local reusable = settings.reuse and link.state == "busy" and not closed and not reader.extra and reader.failure == nil
        if reusable and answer.code ~= 101 and keepsAlive(answer) then
            reader.complete = nil
            reader.parts = nil
            release(link)
        else
            recycle(link, answer)
            drop(link)
            dispatch(link.origin)
        end
        settle(request, {code = answer.code, body = body, headers = answer.headers})
    end
    function certificateProblem(conn, host)
        if not conn:ssl() then
            return "no TLS"
        end
        local sock = conn:socket()
        if sock.getpeerverification == nil or (sock:getpeerverification()) ~= true then
            return "certificate-chain-invalid"
        end
        local ____opt_18 = sock.getpeercertificate
        local cert = ____opt_18 and ____opt_18(sock)
        if cert == nil or not libs.verifyIdentity(host, false, cert) then
            return "certificate-verify-failed"
        end
        return nil
    end
    origins = {}
    local routes = {}
    local routeCount = 0
    links = {}
    live = {}
    closed = false
    timerArmed = false
    local parserOptions = {body_size_limit = settings.maxBody, buffer_size_limit = settings.maxBody * 2 + 65536}
    optionsOfParsers = function() return parserOptions end
    spare = {}
    recycledAt = 0
    --- The parsed URL and its head, cached: webhooks post to few URLs.
    local function routeOf(url)
        local route = routes[url]
        if route == nil then
            if routeCount >= 256 then
                routes = {}
                routeCount = 0
            end
            local target = parseTarget(url)
            local ____temp_0
            if target == nil then
                ____temp_0 = false
            else
                ____temp_0 = {
                    target = target,
                    headMethod = nil,
                    headHeaders = nil,
                    headWithBody = false,
                    head = "",
                    ownLength = false
                }
            end
            route = ____temp_0
            routes[url] = route
            routeCount = routeCount + 1
        end
        local ____temp_1
        if route == false then
            ____temp_1 = nil
        else
            ____temp_1 = route
        end
        return ____temp_1
    end
    --- Remember the address a connection to a host name reached (unless one is, or DANE needs each resolution).
    local function rememberAddress(origin, conn)
        local target = origin.target
        local ____temp_17 = target.ipv4 or rememberedAddress(origin) ~= nil
        if not ____temp_17 then
            local ____temp_16 = target.scheme == "https"
            if ____temp_16 then
                local ____opt_14 = libs.http.default.options
                ____temp_16 = (____opt_14 and ____opt_14.use_dane) == true
            end
            ____temp_17 = ____temp_16
        end
        if ____temp_17 then
            return
        end
        local ip = conn:ip()
        if type(ip) == "string" then
            origin.address = ip
            origin.addressUntil = timelib.now() + ADDRESS_TTL
        end
    end
    --- The link of a connection: a direct one may call back before addclient returns.
    local function linkOf(conn)
        local link = links[conn]
        if link == nil and opening ~= nil and opening.conn == nil then
            adopt(conn, opening)
            return opening
        end
        return link
    end
    --- Parse bytes of the answer (nil: the connection closed), then act on what the parser found.
    local function feed(link, data)
        local reader = link.reader
        local ok, err = pcall(feedParser, reader.parser, data)
        if not ok then
            reader.failure = "parser error: " .. tostring(err)
        end
        local request = link.request
        if request == nil then
            return
        end
        if reader.failure ~= nil and OVER_LIMIT[reader.failure] ~= nil then
            reader.overflow = true
        end
        if reader.overflow then
            fail(link, ____exports.TOO_LARGE)
        elseif reader.complete ~= nil then
            finish(link, request, reader.complete)
        elseif reader.failure ~= nil then
            fail(link, reader.failure)
        end
    end
    listeners = {
        onattach = function(conn, link)
            if link.state == "closed" or closed and link.request == nil then
                conn:close()
                return
            end
            adopt(conn, link)
        end,
        onconnect = function(conn)
            local link = linkOf(conn)
            if link == nil then
                conn:close()
                return
            end
            local target = link.origin.target
            if target.scheme == "https" then
                local reason = certificateProblem(conn, target.host)
                if reason ~= nil then
                    fail(link, reason)
                    return
                end
            end
            rememberAddress(link.origin, conn)
            local request = link.request
            if request ~= nil and request.state == "sent" then
                send(link, request)
            else
                release(link)
            end
        end,
        onincoming = function(conn, data)
            local link = linkOf(conn)
            if link == nil then
                return
            end
            local request = link.request
            if link.state ~= "busy" or request == nil then
                drop(link)
                dispatch(link.origin)
                return
            end
            request.answered = true
            local reader = link.reader
            if reader.headSeen then
                reader.counted = reader.counted + #data
            elseif not headEnds(reader, data) then
                reader.counted = reader.counted + #data
                if reader.counted > HEAD_LIMIT then
                    fail(link, "header-too-large")
                    return
                end
                reader.headTail = #data >= 3 and string.sub(data, -3) or string.sub(reader.headTail .. data, -3)
            end
            feed(link, data)
        end,
        ondisconnect = function(conn, reason)
            local link = linkOf(conn)
            if link == nil then
                return
            end
            links[conn] = nil
            local request = link.request
            local origin = link.origin
            if link.state == "connecting" and request ~= nil then
                notConnected(link, reason or "connection failed")
                return
            end
            if request == nil or link.state ~= "busy" then
                forget(link)
                dispatch(origin)
                return
            end
            if not request.answered and link.served > 0 and not request.retried and not closed then
                forget(link)
                request.retried = true
                module:log(
                    "debug",
                    "Connection to %s closed before answering; sending the request again on a new one",
                    origin.key
                )
                open(origin, request)
                return
            end
            link.state = "ending"
            feed(link, nil)
            if link.request ~= nil then
                fail(link, reason or "connection closed")
            else
                forget(link)
                dispatch(origin)
            end
        end,
        onfail = function(link, reason)
            fail(link, reason)
        end,
        ondrain = function(conn)
            local link = linkOf(conn)
            if link ~= nil then
                link.drained = true
            end
        end
    }
    local function originOf(target)
        local origin = origins[target.origin]
        if origin == nil then
            origin = {
                key = target.origin,
                target = target,
                count = 0,
                idle = {},
                waiting = {},
                extra = {servername = target.host},
                address = nil,
                addressUntil = 0
            }
            origins[target.origin] = origin
        end
        return origin
    end
    return {
        request = function(method, url, headers, body, callback, context)
            local route = routeOf(url)
            if route == nil then
                return nil
            end
            local origin = originOf(route.target)
            local request = {
                origin = origin,
                data = requestData(
                    route,
                    method,
                    headers,
                    body,
                    settings.reuse
                ),
                callback = callback,
                context = context,
                state = "waiting",
                answered = false,
                retried = false
            }
            if closed then
                settle(request, nil, "closed")
                return request
            end
            local ____origin_waiting_20 = origin.waiting
            ____origin_waiting_20[#____origin_waiting_20 + 1] = request
            dispatch(origin)
            return request
        end,
        cancel = function(request)
            if request.state == "done" then
                return
            end
            local link = request.link
            request.state = "done"
            request.link = nil
            if link ~= nil and link.request == request then
                if link.state == "busy" then
                    drop(link)
                    dispatch(link.origin)
                else
                    link.request = nil
                end
            end
        end,
        close = function()
            closed = true
            for ____, origin in pairs(origins) do
                local pending = origin.waiting
                origin.waiting = {}
                for ____, request in ipairs(pending) do
                    pcall(settle, request, nil, "closed")
                end
            end
            for link in pairs(live) do
                if link.request == nil then
                    drop(link)
                end
            end
        end,
        connections = function()
            local open = 0
            local idle = 0
            for ____, origin in pairs(origins) do
                open = open + origin.count
                idle = idle + #origin.idle
            end
            return open, idle
        end
    }
end
return ____exports
 end,
["src.lib.tls_client"] = function(...) 
local ____exports = {}
--- The context for `cafile`, or nil for net.http's default (also when it cannot be made: logged).
function ____exports.clientTlsContext(cafile)
    if cafile == nil then
        return nil
    end
    local loaded, certmanager = pcall(require, "core.certmanager")
    if not loaded then
        return nil
    end
    local create = certmanager.create_context
    local ok, context, err = pcall(create, "client_https port 0", "client", {cafile = cafile, verify = "peer"})
    if not ok or context == nil then
        local ____module_log_3 = module.log
        local ____cafile_2 = cafile
        local ____tostring_1 = tostring
        local ____ok_0
        if ok then
            ____ok_0 = err
        else
            ____ok_0 = context
        end
        ____module_log_3(
            module,
            "error",
            "Cannot use the CA file %s: %s; the default CA store is used",
            ____cafile_2,
            ____tostring_1(____ok_0)
        )
        return nil
    end
    return context
end
return ____exports
 end,
["src.lib.webhook"] = function(...) 
local ____exports = {}
local http = require("net.http")
local hashes = require("util.hashes")
local errorlib = require("util.error")
local promiselib = require("util.promise")
local timelib = require("util.time")
local standard = require("src.lib.standard_webhooks")
local ____deadlines = require("src.lib.deadlines")
local newDeadlines = ____deadlines.newDeadlines
local ____fifo = require("src.lib.fifo")
local newFifo = ____fifo.newFifo
local ____ids = require("src.lib.ids")
local newIdSource = ____ids.newIdSource
local ____labelled_counter = require("src.lib.labelled_counter")
local labelledCounter = ____labelled_counter.labelledCounter
local ____breaker = require("src.lib.breaker")
local newBreaker = ____breaker.newBreaker
local ____retry_after = require("src.lib.retry_after")
local retryAfterSeconds = ____retry_after.retryAfterSeconds
local ____unload = require("src.lib.unload")
local addUnloadTask = ____unload.addUnloadTask
local ____http_pool = require("src.lib.http_pool")
local newPool = ____http_pool.newPool
local TOO_LARGE = ____http_pool.TOO_LARGE
local ____http_client_libs = require("src.lib.http_client_libs")
local loadClientLibs = ____http_client_libs.loadClientLibs
local ____tls_client = require("src.lib.tls_client")
local clientTlsContext = ____tls_client.clientTlsContext
--- Name of the legacy header carrying `sha256=<hex HMAC of the body>`.
____exports.SIGNATURE_HEADER = "X-Prosody-Signature"
--- The breaker's settings from a module's options; a cap below the first cooldown is raised to it.
function ____exports.breakerSettings(failures, cooldown, maxCooldown)
    return {
        failures = failures,
        cooldown = cooldown,
        maxCooldown = math.max(cooldown, maxCooldown)
    }
end
--- Hand the outcome over, catching what a handler raises (the library's state is already settled).
local function notify(handlers, handler, context, value)
    local ok, err = pcall(handler, context, value)
    if not ok then
        local ____opt_0 = handlers.broke
        if ____opt_0 ~= nil then
            ____opt_0(context, err)
        end
    end
end
--- Why a delivery produced no answer. The key is also in the error's
-- `context.outcome`, for callers that treat the endpoint's own mistakes
-- (an answer too large) apart from outages.
____exports.deliveryErrors = errorlib.init(
    "webhook",
    {
        timeout = {type = "cancel", condition = "remote-server-timeout", text = "The endpoint did not answer in time"},
        connection = {type = "cancel", condition = "remote-server-timeout", text = "The endpoint could not be reached"},
        ["queue-full"] = {
            type = "wait",
            condition = "resource-constraint",
            text = "Too many requests waiting for the endpoint"
        },
        ["too-large"] = {type = "cancel", condition = "undefined-condition", text = "The endpoint's answer is too large"},
        ["circuit-open"] = {
            type = "wait",
            condition = "remote-server-timeout",
            text = "The endpoint is failing; not sent until it recovers"
        }
    }
)
--- The handlers of `post` and `probe`: settle their promise.
local SETTLING = {
    answered = function(settlers, answer) return settlers.resolve(answer) end,
    failed = function(settlers, err) return settlers.reject(err) end
}
--- The signature header value for a body: `sha256=` and the hex HMAC.
function ____exports.sign(secret, body)
    return "sha256=" .. hashes.hmac_sha256(secret, body, true)
end
--- Collect answer bodies that net.http streams: those without Content-Length
-- (delimited by the connection closing, as PHP's built-in server sends
-- them: net.http 0.12 would keep only the first packet of such a body),
-- chunked ones, and those over its own 10 MB limit. Stops past `maxBody`
-- bytes, which fails the request rather than buffering without end.
local function bodyCollector(maxBody)
    local parts = {}
    local size = 0
    local overflow = false
    local sink = {write = function(self, chunk)
        size = size + #chunk
        if size > maxBody then
            overflow = true
            return false
        end
        parts[#parts + 1] = chunk
        return true
    end}
    local cut = false
    local function finish(response)
        cut = response.chunked == true and response.body ~= false
        response.body = table.concat(parts)
    end
    return {
        handler = function() return sink, finish end,
        cutShort = function() return cut end,
        tooLarge = function() return overflow end
    }
end
--- The pool's answer as a WebhookAnswer: the same table, one field more (it has room for it).
local function withLatency(answer, latency)
    local completed = answer
    completed.latency = latency
    return completed
end
--- True for an answer that shows an outage: 5xx, except 501 (a definite "not supported").
local function isOutage(code)
    return code >= 500 and code ~= 501
end
--- The breaker's states: one series each in the webhook_breaker gauge.
local BREAKER_STATES = {"closed", "open", "half-open"}
--- The connection pool of a webhook, or nil (logged) when Prosody's connection libraries cannot be used.
local function poolFor(connections, maxBody, tlsContext)
    local libs, why = loadClientLibs()
    if libs == nil then
        module:log("debug", "Webhook requests go through net.http: %s", why)
        return nil
    end
    local pool = newPool(
        {
            maxConnections = connections.maxConnections,
            idleTimeout = connections.idleTimeout,
            maxBody = maxBody,
            tlsContext = tlsContext,
            reuse = connections.keepalive
        },
        libs
    )
    addUnloadTask(pool.close)
    return pool
end
function ____exports.newWebhook(config)
    local setHealth, finish, settle, settlePooled, start, count, latency, queue, nextId, inflight, health
    local deadlines, tlsContext, pool
    function setHealth(ok, reason)
        if ok and health ~= "connected" then
            health = "connected"
            module:set_status("info", "Connected to the endpoint", true)
        elseif not ok and health ~= "failing" then
            health = "failing"
            module:log_status(
                "warn",
                "Endpoint failing: %s",
                type(reason) == "number" and "HTTP " .. tostring(reason) or reason
            )
        end
    end
    function finish(job, outcome)
        inflight = inflight - 1
        deadlines.remove(job)
        count(outcome)
        local next = queue.shift()
        if next ~= nil then
            start(next)
        end
    end
    function settle(job, body, code, answerHeaders, tooLarge, pooled)
        if job.timing ~= true then
            return
        end
        local breaker = job.breaker
        if tooLarge then
            if breaker ~= nil then
                breaker.success()
            end
            finish(job, "too-large")
            setHealth(false, "answer too large")
            notify(
                job.handlers,
                job.handlers.failed,
                job.context,
                ____exports.deliveryErrors.new("too-large", {url = job.url, outcome = "too-large", limit = config.maxBody})
            )
            return
        end
        if code == 0 then
            if breaker ~= nil then
                breaker.failure(body, job.probe)
            end
            finish(job, "connection")
            setHealth(false, body)
            notify(
                job.handlers,
                job.handlers.failed,
                job.context,
                ____exports.deliveryErrors.new("connection", {url = job.url, outcome = "connection", reason = body})
            )
            return
        end
        local elapsed = timelib.now() - job.started
        latency:sample(elapsed)
        local headers = answerHeaders or ({})
        if breaker ~= nil then
            local ____temp_26
            if code == 429 or code == 503 then
                ____temp_26 = retryAfterSeconds(
                    headers["retry-after"],
                    os.time()
                )
            else
                ____temp_26 = nil
            end
            local pause = ____temp_26
            if pause ~= nil and pause > 0 then
                breaker.pause(
                    pause,
                    (("HTTP " .. tostring(code)) .. " with Retry-After ") .. tostring(pause)
                )
            elseif isOutage(code) then
                breaker.failure(
                    "HTTP " .. tostring(code),
                    job.probe
                )
            else
                breaker.success()
            end
        end
        finish(job, code >= 200 and code < 300 and "success" or "http-error")
        setHealth(code < 500 or job.method == "OPTIONS" and code == 501, code)
        local answer = pooled == nil and ({code = code, body = body, headers = headers, latency = elapsed}) or withLatency(pooled, elapsed)
        notify(job.handlers, job.handlers.answered, job.context, answer)
    end
    function settlePooled(job, answer, failure)
        if answer ~= nil then
            settle(
                job,
                answer.body,
                answer.code,
                answer.headers,
                false,
                answer
            )
        else
            settle(
                job,
                failure or "connection failed",
                0,
                nil,
                failure == TOO_LARGE
            )
        end
    end
    function start(job)
        inflight = inflight + 1
        job.started = timelib.now()
        deadlines.add(job)
        if config.standardKeys ~= nil and #config.standardKeys > 0 then
            standard.addHeaders(
                job.headers,
                config.standardKeys,
                "msg_" .. nextId(),
                os.time(),
                job.body or ""
            )
        end
        if pool ~= nil then
            local pooled = pool.request(
                job.method,
                job.url,
                job.headers,
                job.body,
                settlePooled,
                job
            )
            if pooled ~= nil then
                job.pooled = pooled
                return
            end
        end
        local collector = bodyCollector(config.maxBody)
        local function onAnswer(body, code, response)
            local tooLarge = collector.tooLarge() or code ~= 0 and #body > config.maxBody
            local cut = code ~= 0 and collector.cutShort()
            settle(
                job,
                cut and "answer cut short" or body,
                cut and 0 or code,
                response and response.headers,
                tooLarge
            )
        end
        local options = {
            method = job.method,
            body = job.body,
            headers = job.headers,
            suppress_url = true,
            streaming_handler = collector.handler,
            sslctx = tlsContext
        }
        local ok, result = pcall(function() return http.request(job.url, options, onAnswer) end)
        if not ok then
            onAnswer(
                tostring(result),
                0,
                nil
            )
        else
            job.request = result
        end
    end
    count = labelledCounter("webhook_requests", "Webhook requests by outcome", "outcome")
    local latencies = module:metric(
        "histogram",
        "webhook_latency",
        "seconds",
        "Time until the endpoint answered",
        {},
        {buckets = {
            0.01,
            0.05,
            0.1,
            0.5,
            1,
            5,
            10,
            30
        }}
    )
    latency = latencies:with_labels()
    queue = newFifo()
    nextId = newIdSource()
    inflight = 0
    health = "unknown"
    local breakers = {}
    local breakerOptions = config.breaker
    local signs = config.secret ~= nil or config.standardKeys ~= nil and #config.standardKeys > 0
    local ____temp_2
    if breakerOptions == nil then
        ____temp_2 = nil
    else
        ____temp_2 = module:metric(
            "gauge",
            "webhook_breaker",
            "",
            "Endpoints per circuit breaker state",
            {"state"}
        )
    end
    local breakerStates = ____temp_2
    local ____temp_3
    if breakerOptions == nil then
        ____temp_3 = nil
    else
        ____temp_3 = module:metric(
            "counter",
            "webhook_breaker_opened",
            "",
            "Times a circuit breaker opened",
            {}
        )
    end
    local breakerOpenings = ____temp_3
    local requestsIn = module:metric(
        "gauge",
        "webhook_queue",
        "",
        "Webhook requests in flight and waiting",
        {"state"}
    )
    local inFlightGauge = requestsIn:with_labels("in-flight")
    local waitingGauge = requestsIn:with_labels("waiting")
    module:hook_global(
        "stats-update",
        function()
            inFlightGauge:set(inflight)
            waitingGauge:set(queue.size())
        end
    )
    local endpointsIn = {}
    for ____, state in ipairs(BREAKER_STATES) do
        endpointsIn[state] = 0
        if breakerStates ~= nil then
            breakerStates:with_labels(state):set(0)
        end
    end
    --- Refuse the waiting requests to `url`: none waits behind an open breaker.
    local function refuseQueued(url)
        local refused = {}
        for ____, job in ipairs(queue.drain()) do
            if job.url == url then
                refused[#refused + 1] = job
            else
                queue.push(job)
            end
        end
        for ____, job in ipairs(refused) do
            count("circuit-open")
            notify(
                job.handlers,
                job.handlers.failed,
                job.context,
                ____exports.deliveryErrors.new("circuit-open", {url = url, outcome = "circuit-open"})
            )
        end
    end
    --- The breaker of an endpoint, made on first use.
    local function breakerFor(url, options)
        local existing = breakers[url]
        if existing ~= nil then
            return existing
        end
        local current = "closed"
        endpointsIn.closed = (endpointsIn.closed or 0) + 1
        if breakerStates ~= nil then
            breakerStates:with_labels("closed"):set(endpointsIn.closed or 0)
        end
        local breaker = newBreaker({
            failures = options.failures,
            cooldown = options.cooldown,
            maxCooldown = options.maxCooldown,
            onChange = function(state, reason, cooldown)
                endpointsIn[current] = (endpointsIn[current] or 1) - 1
                if breakerStates ~= nil then
                    breakerStates:with_labels(current):set(endpointsIn[current] or 0)
                end
                endpointsIn[state] = (endpointsIn[state] or 0) + 1
                if breakerStates ~= nil then
                    breakerStates:with_labels(state):set(endpointsIn[state] or 0)
                end
                current = state
                if state == "open" then
                    if breakerOpenings ~= nil then
                        breakerOpenings:with_labels():add(1)
                    end
                    health = "failing"
                    module:log_status(
                        "warn",
                        "Endpoint failing: %s; circuit open, nothing sent for %s s",
                        reason,
                        string.format("%.1f", cooldown)
                    )
                    refuseQueued(url)
                elseif state == "half-open" then
                    module:set_status("warn", ("Endpoint failing: " .. reason) .. "; circuit half-open, the next request probes it")
                end
            end
        })
        breakers[url] = breaker
        return breaker
    end
    --- No answer in time: the request is dropped and its connection closed.
    local function expire(job)
        local breaker = job.breaker
        if breaker ~= nil then
            breaker.failure("timeout", job.probe)
        end
        finish(job, "timeout")
        if job.pooled ~= nil then
            if pool ~= nil then
                pool.cancel(job.pooled)
            end
        elseif job.request ~= nil then
            http.destroy_request(job.request)
        end
        setHealth(false, "timeout")
        notify(
            job.handlers,
            job.handlers.failed,
            job.context,
            ____exports.deliveryErrors.new("timeout", {url = job.url, outcome = "timeout"})
        )
    end
    deadlines = newDeadlines(config.timeout, expire)
    local ____clientTlsContext_20 = clientTlsContext
    local ____opt_18 = config.connections
    tlsContext = ____clientTlsContext_20(____opt_18 and ____opt_18.cafile)
    local ____temp_21
    if config.connections == nil then
        ____temp_21 = nil
    else
        ____temp_21 = poolFor(config.connections, config.maxBody, tlsContext)
    end
    pool = ____temp_21
    --- Send now, queue, or refuse when the queue is full or the endpoint's breaker open.
    local function submit(method, url, body, headers, handlers, context)
        local hasSlot = inflight < config.maxInflight
        if not hasSlot and queue.size() >= config.maxQueue then
            count("queue-full")
            notify(
                handlers,
                handlers.failed,
                context,
                ____exports.deliveryErrors.new("queue-full", {url = url, outcome = "queue-full"})
            )
            return
        end
        local probe = false
        local ____temp_29
        if breakerOptions == nil then
            ____temp_29 = nil
        else
            ____temp_29 = breakerFor(url, breakerOptions)
        end
        local breaker = ____temp_29
        if breaker ~= nil then
            local admitted, isProbe = breaker.admit()
            if not admitted then
                count("circuit-open")
                notify(
                    handlers,
                    handlers.failed,
                    context,
                    ____exports.deliveryErrors.new("circuit-open", {url = url, outcome = "circuit-open"})
                )
                return
            end
            probe = isProbe
        end
        local sentHeaders = headers
        if signs then
            sentHeaders = {}
            for name, value in pairs(headers) do
                sentHeaders[name] = value
            end
            if config.secret ~= nil then
                sentHeaders[____exports.SIGNATURE_HEADER] = ____exports.sign(config.secret, body or "")
            end
        end
        local job = {
            method = method,
            url = url,
            body = body,
            headers = sentHeaders,
            probe = probe,
            breaker = breaker,
            handlers = handlers,
            context = context,
            started = nil,
            request = nil,
            pooled = nil,
            due = nil,
            prevTimed = nil,
            nextTimed = nil,
            timing = nil
        }
        if hasSlot then
            start(job)
        else
            queue.push(job)
        end
    end
    --- `submit` as a promise, for callers that chain.
    local function submitted(method, url, body, headers)
        return promiselib.new(function(resolve, reject) return submit(
            method,
            url,
            body,
            headers,
            SETTLING,
            {resolve = resolve, reject = reject}
        ) end)
    end
    return {
        post = function(url, body, headers)
            return submitted("POST", url, body, headers)
        end,
        deliver = function(url, body, headers, handlers, context)
            submit(
                "POST",
                url,
                body,
                headers,
                handlers,
                context
            )
        end,
        probe = function(url, headers)
            return submitted("OPTIONS", url, nil, headers)
        end,
        load = function()
            return inflight, queue.size()
        end
    }
end
return ____exports
 end,
["src.lib.stanza_errors"] = function(...) 
local ____exports = {}
local BY_STATUS = {}
BY_STATUS[400] = {type = "modify", condition = "bad-request"}
BY_STATUS[401] = {type = "auth", condition = "not-authorized"}
BY_STATUS[402] = {type = "auth", condition = "forbidden"}
BY_STATUS[403] = {type = "auth", condition = "forbidden"}
BY_STATUS[404] = {type = "cancel", condition = "item-not-found"}
BY_STATUS[410] = {type = "cancel", condition = "gone"}
BY_STATUS[500] = {type = "cancel", condition = "internal-server-error"}
BY_STATUS[501] = {type = "cancel", condition = "feature-not-implemented"}
BY_STATUS[502] = {type = "cancel", condition = "remote-server-timeout"}
BY_STATUS[503] = {type = "wait", condition = "remote-server-timeout"}
BY_STATUS[504] = {type = "wait", condition = "remote-server-timeout"}
local OTHERWISE = {type = "cancel", condition = "service-unavailable"}
--- The stanza error for a non-2xx HTTP status.
function ____exports.errorForStatus(code)
    return BY_STATUS[code] or OTHERWISE
end
return ____exports
 end,
["src.lib.address"] = function(...) 
local ____exports = {}
local jid = require("util.jid")
local ____text = require("src.lib.text")
local isXmlSafe = ____text.isXmlSafe
--- Characters no domain may hold. Prosody's nameprep lets ASCII spaces and
-- some punctuation through (`bob@local host` preps fine), which would
-- route to a host nobody can have.
local FORBIDDEN_IN_DOMAIN = "[%s%c\"&'/:<>@\\%[%]]"
--- A domain with an empty label (`..`, a leading dot, or only a dot): nameprep lets them through.
local EMPTY_LABEL = "^%."
local DOUBLE_DOT = "%.%."
--- An IPv6 literal (RFC 7622 §3.2): brackets around hex digits, colons and dots.
local IPV6_LITERAL = "^%[[%x:.]+%]$"
--- The prepped JID, or nil when `address` is not a valid JID.
function ____exports.prepJid(address)
    if not isXmlSafe(address) then
        return nil
    end
    local prepped = jid.prep(address)
    if prepped == nil then
        return nil
    end
    local domain = jid.host(prepped)
    if domain == nil or domain == "" then
        return nil
    end
    local isIpv6Literal = (string.find(domain, IPV6_LITERAL)) ~= nil
    if not isIpv6Literal and (string.find(domain, FORBIDDEN_IN_DOMAIN)) ~= nil then
        return nil
    end
    if (string.find(domain, EMPTY_LABEL)) ~= nil or (string.find(domain, DOUBLE_DOT)) ~= nil then
        return nil
    end
    return prepped
end
return ____exports
 end,
["src.lib.options"] = function(...) 
local ____exports = {}
--- Past this no count, size or duration makes sense, and integers stop being
-- exact. Prosody 13's get_option_integer turns 1e999 into the largest
-- integer (with its own warning): this refuses that too, as 0.12 refuses inf.
local LARGEST_VALUE = 9007199254740992
--- A value that passed: finite, not negative, not absurdly large, and not zero unless allowed.
local function acceptable(value, allowZero)
    return value ~= nil and value == value and value >= 0 and value < LARGEST_VALUE and (value > 0 or allowZero)
end
--- Warn that an option was replaced by its default.
local function useFallback(name, fallback, allowZero)
    module:log(
        "warn",
        "Option '%s' must be a %s number; using %s",
        name,
        allowZero and "non-negative" or "positive",
        tostring(fallback)
    )
    return fallback
end
--- A number option that must be positive (or zero when `allowZero`): other
-- values fall back to the default with a warning. Non-numbers already get
-- an error line and nil from Prosody's get_option_number.
function ____exports.positiveNumberOption(name, fallback, allowZero)
    if allowZero == nil then
        allowZero = false
    end
    local value = module:get_option_number(name, fallback)
    return acceptable(value, allowZero) and value or useFallback(name, fallback, allowZero)
end
--- A whole number option (a count or a size in bytes) that must be positive
-- (or zero when `allowZero`); other values fall back to the default with a
-- warning. A fraction is rounded down, with a warning (Prosody 13's own).
function ____exports.positiveIntegerOption(name, fallback, allowZero)
    if allowZero == nil then
        allowZero = false
    end
    local getInteger = module.get_option_integer
    local value
    if getInteger ~= nil then
        local ok, result = pcall(getInteger, module, name, fallback)
        if ok then
            value = result
        end
    else
        value = module:get_option_number(name, fallback)
        if value ~= nil and value % 1 ~= 0 and acceptable(value, true) then
            module:log(
                "warn",
                "Config option '%s' expected an integer, not a float (%s)",
                name,
                tostring(value)
            )
            value = math.floor(value)
        end
    end
    return acceptable(value, allowZero) and value or useFallback(name, fallback, allowZero)
end
--- A duration in seconds that must be positive (or zero when `allowZero`);
-- other values (and "never") fall back to the default with a warning.
-- Numbers and numeric strings are seconds; on Prosody 13 other strings are
-- periods read by get_option_period ("30 seconds", "5 minutes", "1 day").
function ____exports.periodOption(name, fallback, allowZero)
    if allowZero == nil then
        allowZero = false
    end
    local getPeriod = module.get_option_period
    local raw = module:get_option(name)
    local value
    if getPeriod ~= nil and type(raw) == "string" and tonumber(raw) == nil then
        value = getPeriod(module, name, fallback)
    else
        value = module:get_option_number(name, fallback)
    end
    return acceptable(value, allowZero) and value or useFallback(name, fallback, allowZero)
end
return ____exports
 end,
["src.lib.collections"] = function(...) 
local ____exports = {}
--- A Lua set of the given items (plain table keys: no lualib needed).
function ____exports.setOf(items)
    local set = {}
    for ____, item in ipairs(items) do
        set[item] = true
    end
    return set
end
return ____exports
 end,
["src.lib.json_text_object"] = function(...) 
local ____exports = {}
--- Every character JSON requires escaped (RFC 8259 §7), with DEL for good measure.
local NEEDS_ESCAPE = "[%c\"\\]"
--- The escape of each such character: the short forms where JSON has one.
local ESCAPES = {}
for code = 0, 31 do
    ESCAPES[string.char(code)] = string.format("\\u%04x", code)
end
ESCAPES[string.char(127)] = "\\u007f"
ESCAPES["\n"] = "\\n"
ESCAPES["\r"] = "\\r"
ESCAPES["\t"] = "\\t"
ESCAPES["\""] = "\\\""
ESCAPES["\\"] = "\\\\"
--- `text` with what JSON requires escaped: the same string when nothing needs it.
function ____exports.jsonEscaped(text)
    if (string.find(text, NEEDS_ESCAPE)) == nil then
        return text
    end
    return (string.gsub(text, NEEDS_ESCAPE, ESCAPES))
end
--- A JSON string literal of `text` (valid UTF-8 passes through as it is).
function ____exports.jsonString(text)
    return "\"" .. ____exports.jsonEscaped(text) .. "\""
end
--- `,"name":"value"` to follow a first member, or "" when `value` is nil. `name` is written as given: a plain constant.
function ____exports.jsonMember(name, value)
    if value == nil then
        return ""
    end
    return ",\"" .. name .. "\":\"" .. ____exports.jsonEscaped(value) .. "\""
end
return ____exports
 end,
["src.lib.lazy_log"] = function(...) 
local ____exports = {}
local TOP_TAG = {__tostring = function(self)
    return self.stanza:top_tag()
end}
--- The stanza's top tag, serialized only if the log line is written.
function ____exports.topTag(stanza)
    return setmetatable({stanza = stanza}, TOP_TAG)
end
return ____exports
 end,
["src.mod_component_http.self_answers"] = function(...) 
local ____exports = {}
local st = require("util.stanza")
local jid = require("util.jid")
____exports.DISCO_INFO = "http://jabber.org/protocol/disco#info"
____exports.PING = "urn:xmpp:ping"
--- Read the component_disco_* options; entries that are not strings are dropped with a warning.
function ____exports.discoInfoOptions()
    local features = {____exports.DISCO_INFO, ____exports.PING}
    local seen = {}
    seen[____exports.DISCO_INFO] = true
    seen[____exports.PING] = true
    for ____, feature in ipairs(module:get_option_array("component_disco_features", {})) do
        if type(feature) ~= "string" or feature == "" then
            module:log(
                "warn",
                "Ignoring %s in component_disco_features: not a feature name",
                tostring(feature)
            )
        elseif not (seen[feature] ~= nil) then
            seen[feature] = true
            features[#features + 1] = feature
        end
    end
    return {
        category = module:get_option_string("component_disco_category", "client"),
        identityType = module:get_option_string("component_disco_type", "bot"),
        name = module:get_option_string("component_disco_name"),
        features = features
    }
end
--- The disco#info or ping request an iq carries, if any (a get with that one child).
function ____exports.selfAnswerable(stanza)
    if stanza.name ~= "iq" or stanza.attr.type ~= "get" then
        return nil
    end
    local child = stanza.tags[1]
    if child == nil or #stanza.tags ~= 1 then
        return nil
    end
    if child.name == "query" and child.attr.xmlns == ____exports.DISCO_INFO then
        return "disco"
    end
    if child.name == "ping" and child.attr.xmlns == ____exports.PING then
        return "ping"
    end
    return nil
end
--- The answer to a disco#info or ping request (see selfAnswerable): a ping
-- gets an empty result; disco#info the identity and features, or
-- item-not-found for a node (the component has none).
function ____exports.selfAnswer(stanza, info)
    local query = stanza.tags[1]
    if query.attr.xmlns == ____exports.PING then
        return st.reply(stanza)
    end
    if query.attr.node ~= nil then
        return st.error_reply(stanza, "cancel", "item-not-found", "This entity has no disco#info nodes")
    end
    local node, host = jid.split(stanza.attr.to or module.host)
    local name = info.name or node or host or module.host
    local reply = st.reply(stanza):tag("query", {xmlns = ____exports.DISCO_INFO})
    reply:tag("identity", {category = info.category, type = info.identityType, name = name}):up()
    for ____, feature in ipairs(info.features) do
        reply:tag("feature", {var = feature}):up()
    end
    return reply
end
return ____exports
 end,
["src.mod_component_http.mod_component_http"] = function(...) 
local ____exports = {}
local isAnswerable, invalidStanza, TYPES_OF
local st = require("util.stanza")
local jid = require("util.jid")
local xml = require("util.xml")
local json = require("src.lib.json")
local ____text = require("src.lib.text")
local isXmlSafeString = ____text.isXmlSafeString
local ____media_type = require("src.lib.media_type")
local mediaType = ____media_type.mediaType
local ____webhook = require("src.lib.webhook")
local breakerSettings = ____webhook.breakerSettings
local newWebhook = ____webhook.newWebhook
local ____standard_webhooks = require("src.lib.standard_webhooks")
local secretsOption = ____standard_webhooks.secretsOption
local ____stanza_errors = require("src.lib.stanza_errors")
local errorForStatus = ____stanza_errors.errorForStatus
local ____address = require("src.lib.address")
local prepJid = ____address.prepJid
local ____options = require("src.lib.options")
local periodOption = ____options.periodOption
local positiveIntegerOption = ____options.positiveIntegerOption
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____ids = require("src.lib.ids")
local newIdSource = ____ids.newIdSource
local ____json_text_object = require("src.lib.json_text_object")
local jsonEscaped = ____json_text_object.jsonEscaped
local jsonMember = ____json_text_object.jsonMember
local jsonString = ____json_text_object.jsonString
local ____lazy_log = require("src.lib.lazy_log")
local topTag = ____lazy_log.topTag
local ____self_answers = require("src.mod_component_http.self_answers")
local discoInfoOptions = ____self_answers.discoInfoOptions
local selfAnswer = ____self_answers.selfAnswer
local selfAnswerable = ____self_answers.selfAnswerable
function isAnswerable(stanza)
    local stanzaType = stanza.attr.type
    return stanzaType ~= "error" and not (stanza.name == "iq" and stanzaType == "result")
end
function invalidStanza(stanza, original)
    local replyType = stanza.attr.type
    local words = TYPES_OF[stanza.name]
    if replyType ~= nil and words ~= nil and not (words[replyType] ~= nil) then
        return ((("type '" .. replyType) .. "' is not a ") .. stanza.name) .. " type"
    end
    if stanza.name ~= "iq" then
        return nil
    end
    if replyType == nil then
        return "an iq needs a type"
    end
    local answersRequest = original.name == "iq" and (replyType == "result" or replyType == "error")
    if stanza.attr.id == nil and not answersRequest then
        return "an iq needs an id"
    end
    if (replyType == "get" or replyType == "set") and #stanza.tags ~= 1 then
        return ("an iq " .. replyType) .. " needs exactly one child element"
    end
    return nil
end
local componentHost = module.host
local KINDS = {"message", "presence", "iq"}
local ADDRESSINGS = {"host", "bare", "full"}
local KNOWN_KINDS = setOf(KINDS)
local DEFAULT_KINDS = {"message"}
--- The kinds to forward: the seed's option name first, then its older name.
-- Unknown kinds are dropped with a warning; if none is left, the default.
local function forwardedKinds()
    local option = module:get_option("component_post_stanzas") ~= nil and "component_post_stanzas" or "post_stanza_types"
    local configured = module:get_option_array(option, DEFAULT_KINDS)
    local kinds = {}
    for ____, kind in ipairs(configured) do
        if type(kind) == "string" and KNOWN_KINDS[kind] ~= nil then
            kinds[kind] = true
        else
            module:log(
                "warn",
                "Ignoring unknown stanza kind %s in %s",
                tostring(kind),
                option
            )
        end
    end
    if next(kinds) == nil then
        module:log(
            "warn",
            "No valid stanza kind in %s; forwarding %s",
            option,
            table.concat(DEFAULT_KINDS, ", ")
        )
        for ____, kind in ipairs(DEFAULT_KINDS) do
            kinds[kind] = true
        end
    end
    return kinds
end
--- Largest endpoint answer accepted, in bytes: its stanza must still be
-- deliverable, and XMPP servers close streams carrying stanzas over their
-- limit (Prosody: 256 KiB from clients, 512 KiB between servers).
local MAX_ANSWER_SIZE = 512 * 1024
local postUrl = module:get_option_string("component_post_url")
local kinds = forwardedKinds()
local webhook = newWebhook({
    timeout = periodOption("component_post_timeout", 10),
    secret = module:get_option_string("component_post_secret"),
    standardKeys = secretsOption("component_post_webhook_secret"),
    maxInflight = positiveIntegerOption("component_post_max_inflight", 100),
    maxQueue = positiveIntegerOption("component_post_max_queue", 1000),
    maxBody = MAX_ANSWER_SIZE,
    breaker = breakerSettings(
        positiveIntegerOption("component_post_breaker_failures", 5, true),
        periodOption("component_post_breaker_cooldown", 1),
        periodOption("component_post_breaker_max_cooldown", 60)
    ),
    connections = {
        keepalive = module:get_option_boolean("component_post_keepalive", true) ~= false,
        maxConnections = positiveIntegerOption("component_post_max_connections", 100),
        idleTimeout = periodOption("component_post_idle_timeout", 60),
        cafile = module:get_option_path("component_post_cafile")
    }
})
local discoInfo = discoInfoOptions()
local urlIsValid = postUrl ~= nil and (string.find(postUrl, "^[Hh][Tt][Tt][Pp][Ss]?://[^/%s]+")) ~= nil
--- Ids of the replies the component makes up (message, presence, iq without the request's).
local newStanzaId = newIdSource()
local REQUEST_HEADERS = {["Content-Type"] = "application/json", Accept = "application/json"}
--- An error reply to `original`, unless it must never be answered.
local function replyError(original, ____type, condition, text)
    if isAnswerable(original) then
        module:send(st.error_reply(original, ____type, condition, text))
    end
end
--- True for an iq that expects exactly one answer.
local function isRequest(stanza)
    return stanza.name == "iq" and (stanza.attr.type == "get" or stanza.attr.type == "set")
end
--- The JSON object POSTed for a stanza: to, from, kind, then type, id and
-- body when set, and the stanza's XML. The XML and the body are copied
-- once, in the last concatenation (nested to the right: one step, see
-- src/lib/json_text_object.ts).
local function requestPayload(stanza, from)
    local attr = stanza.attr
    local to = jsonString(attr.to or componentHost)
    local sender = jsonString(from)
    local kind = jsonString(stanza.name)
    local typeMember = jsonMember("type", attr.type)
    local idMember = jsonMember("id", attr.id)
    local ____jsonMember_1 = jsonMember
    local ____temp_0
    if stanza.name == "message" then
        ____temp_0 = stanza:get_child_text("body")
    else
        ____temp_0 = nil
    end
    local body = ____jsonMember_1("body", ____temp_0)
    local xml = jsonEscaped(tostring(stanza))
    return "{\"to\":" .. to .. ",\"from\":" .. sender .. ",\"kind\":" .. kind .. typeMember .. idMember .. body .. ",\"stanza\":\"" .. xml .. "\"}"
end
--- A JID the endpoint may send from: the component's domain or under it.
local function isOwnJid(address)
    return jid.host(address) == componentHost
end
--- A reply field: an XML-safe string, nil, or a type error. Only `body` may
-- be a number (turned into text): a number as `to` would be a valid domain
-- JID, and the reply would go to a server named "5" instead of failing.
local function field(reply, name)
    local value = reply[name]
    if value == nil or value == json.NULL then
        return nil, true
    end
    if type(value) == "number" and name == "body" then
        return tostring(value), true
    end
    return value, isXmlSafeString(value)
end
--- Parse the `stanza` override: one message, presence or iq element.
local function parseStanza(text)
    local parsed = xml.parse(text)
    if parsed == nil then
        return nil, "'stanza' is not well-formed XML"
    end
    if not (KNOWN_KINDS[parsed.name] ~= nil) then
        return nil, ("'stanza' is a <" .. parsed.name) .. ">, not a message, presence or iq"
    end
    local xmlns = parsed.attr.xmlns
    if xmlns ~= nil and xmlns ~= "jabber:client" and xmlns ~= "jabber:component:accept" then
        return nil, "'stanza' is in a foreign namespace"
    end
    parsed.attr.xmlns = nil
    return parsed, nil
end
--- Build the reply the endpoint described, with to/from defaulting to the original's swapped.
local function buildReply(original, sender, reply)
    local to, toOk = field(reply, "to")
    local from, fromOk = field(reply, "from")
    local kind, kindOk = field(reply, "kind")
    local replyType, typeOk = field(reply, "type")
    local body, bodyOk = field(reply, "body")
    local stanzaText, stanzaOk = field(reply, "stanza")
    if not (toOk and fromOk and kindOk and typeOk and bodyOk and stanzaOk) then
        return nil, "a field of the reply is not text"
    end
    local stanza
    if stanzaText ~= nil then
        local parsed, err = parseStanza(stanzaText)
        if parsed == nil then
            return nil, err
        end
        stanza = parsed
    else
        local replyKind = kind or "message"
        if replyKind == "message" then
            stanza = st.message({
                type = replyType or "chat",
                id = newStanzaId()
            })
            if body ~= nil then
                stanza:text_tag("body", body)
            end
        elseif replyKind == "presence" then
            stanza = st.presence({
                type = replyType,
                id = newStanzaId()
            })
        elseif replyKind == "iq" then
            stanza = st.iq({
                type = replyType or "result",
                id = original.attr.id or newStanzaId()
            })
        else
            return nil, ("unknown kind '" .. replyKind) .. "'"
        end
    end
    local givenTo = stanza.attr.to or to
    local givenFrom = stanza.attr.from or from
    local ____temp_2
    if givenTo ~= nil then
        ____temp_2 = prepJid(givenTo)
    else
        ____temp_2 = sender
    end
    local replyTo = ____temp_2
    local ____temp_3
    if givenFrom ~= nil then
        ____temp_3 = prepJid(givenFrom)
    else
        ____temp_3 = original.attr.to or componentHost
    end
    local replyFrom = ____temp_3
    if replyTo == nil then
        return nil, "invalid 'to'"
    end
    if replyFrom == nil or not isOwnJid(replyFrom) then
        return nil, (("'from' " .. tostring(stanza.attr.from or from)) .. " is not under ") .. componentHost
    end
    local problem = invalidStanza(stanza, original)
    if problem ~= nil then
        return nil, problem
    end
    stanza.attr.to = replyTo
    stanza.attr.from = replyFrom
    return stanza, nil
end
TYPES_OF = {
    message = setOf({
        "normal",
        "chat",
        "headline",
        "groupchat",
        "error"
    }),
    presence = setOf({
        "unavailable",
        "subscribe",
        "subscribed",
        "unsubscribe",
        "unsubscribed",
        "probe",
        "error"
    }),
    iq = setOf({"get", "set", "result", "error"})
}
--- Conditions by which an endpoint says it does not handle a request (not that it failed).
local REFUSALS = setOf({"service-unavailable", "feature-not-implemented"})
--- The component's own answer to a forwarded disco#info or ping that the
-- endpoint refused as unsupported (HTTP 404 or 501, or an iq error
-- service-unavailable or feature-not-implemented); nil otherwise.
local function fallbackAnswer(original, code, reply)
    if selfAnswerable(original) == nil then
        return nil
    end
    local refused
    if reply == nil then
        refused = code == 404 or code == 501
    else
        local ____, condition = reply:get_error()
        refused = reply.name == "iq" and reply.attr.type == "error" and REFUSALS[condition or ""] ~= nil
    end
    return refused and selfAnswer(original, discoInfo) or nil
end
--- The answer to an iq request must be its result (or error), with its id, to its sender.
local function asIqAnswer(original, reply)
    local fallback = fallbackAnswer(original, 200, reply)
    if fallback ~= nil then
        return fallback
    end
    if reply.name == "iq" and (reply.attr.type == "result" or reply.attr.type == "error") then
        reply.attr.id = original.attr.id
        reply.attr.to = original.attr.from
        return reply
    end
    module:send(reply)
    return st.reply(original)
end
--- Turn a 2xx answer into the reply, if it describes one.
local function handleSuccess(original, sender, answer)
    local isJson = mediaType(answer.headers["content-type"]) == "application/json"
    if answer.code ~= 200 or not isJson then
        if isRequest(original) then
            module:send(selfAnswerable(original) ~= nil and selfAnswer(original, discoInfo) or st.reply(original))
        end
        return
    end
    local decoded = json.decode(answer.body)
    if not json.isObject(decoded) then
        module:log(
            "warn",
            "Endpoint answered %s with invalid JSON or not an object",
            original:top_tag()
        )
        replyError(original, "cancel", "undefined-condition", "The service sent an invalid reply")
        return
    end
    if not isAnswerable(original) then
        return
    end
    local reply, problem = buildReply(original, sender, decoded)
    if reply == nil then
        module:log(
            "warn",
            "Endpoint's reply to %s refused: %s",
            original:top_tag(),
            problem
        )
        replyError(original, "cancel", "undefined-condition", "The service sent an invalid reply")
        return
    end
    module:send(isRequest(original) and asIqAnswer(original, reply) or reply)
end
--- No usable answer: timeout, connection failure, full queue, or an answer too large.
local function handleFailure(original, err)
    local level = err.context.outcome == "too-large" and "warn" or "debug"
    module:log(
        level,
        "No usable answer from the endpoint for %s: %s",
        topTag(original),
        err.text
    )
    replyError(original, err.type, err.condition, err.text)
end
--- Answer the sender from the endpoint's answer (a 2xx, or an HTTP error).
local function handleAnswer(original, sender, answer)
    if answer.code >= 200 and answer.code < 300 then
        handleSuccess(original, sender, answer)
        return
    end
    local fallback = fallbackAnswer(original, answer.code)
    if fallback ~= nil then
        module:send(fallback)
        return
    end
    local spec = errorForStatus(answer.code)
    module:log(
        "debug",
        "Endpoint answered HTTP %d for %s",
        answer.code,
        topTag(original)
    )
    replyError(original, spec.type, spec.condition)
end
--- A bug of ours while answering: log it, and the sender still gets an answer.
local function answerAfterBug(original, err)
    module:log(
        "error",
        "Failed to handle the endpoint's answer for %s: %s",
        original:top_tag(),
        tostring(err)
    )
    replyError(original, "cancel", "internal-server-error")
end
--- Who sent a forwarded stanza: its from, else the sending session's
-- address. Read again when the answer comes: a client's stanza always has
-- its from (Prosody stamps it), so a client session gone meanwhile (its
-- fields cleared) is never read; the others (hosts, components) stay.
local function senderOf(event)
    local origin = event.origin
    return event.stanza.attr.from or origin.full_jid or origin.host
end
--- Each delivery's outcome (one table for all: no closures per stanza). The
-- context is the stanza's event itself: no table of our own per stanza.
local ANSWERING = {
    answered = function(event, answer) return handleAnswer(
        event.stanza,
        senderOf(event),
        answer
    ) end,
    failed = function(event, err) return handleFailure(event.stanza, err) end,
    broke = function(event, err) return answerAfterBug(event.stanza, err) end
}
--- Forward one stanza and answer its sender from the endpoint's answer.
local function forwardStanza(event)
    local stanza = event.stanza
    if not urlIsValid then
        replyError(stanza, "cancel", "service-unavailable", "This service is not configured")
        return true
    end
    module:log("debug", "Forwarding %s %s", stanza.name, stanza.attr.id or "(no id)")
    webhook.deliver(
        postUrl,
        requestPayload(
            stanza,
            senderOf(event)
        ),
        REQUEST_HEADERS,
        ANSWERING,
        event
    )
    return true
end
--- Default presence: the component is an always-on contact that accepts subscriptions.
local function handlePresence(event)
    local stanza = event.stanza
    local contact = jid.bare(stanza.attr.to) or componentHost
    local peer = stanza.attr.from
    if peer == nil then
        return true
    end
    local function available()
        return st.presence({from = contact .. "/default", to = peer})
    end
    local presenceType = stanza.attr.type
    if presenceType == "probe" then
        module:send(available())
    elseif presenceType == "subscribe" then
        module:send(st.presence({
            from = contact,
            to = jid.bare(peer),
            type = "subscribed"
        }))
        module:send(available())
    elseif presenceType == "unsubscribe" then
        module:send(st.presence({from = contact .. "/default", to = peer, type = "unavailable"}))
    end
    return true
end
if not urlIsValid then
    module:log_status(
        "error",
        "component_post_url is %s: set it to the http(s) URL of your endpoint; stanzas are refused until then",
        postUrl == nil and "not set" or "not an http(s) URL"
    )
end
--- When iq is not forwarded: disco#info and ping are answered here; other iqs go on to Prosody's default.
local function handleIq(event)
    local stanza = event.stanza
    if selfAnswerable(stanza) == nil then
        return nil
    end
    module:send(selfAnswer(stanza, discoInfo))
    return true
end
for ____, addressing in ipairs(ADDRESSINGS) do
    for ____, kind in ipairs(KINDS) do
        if kinds[kind] ~= nil then
            module:hook((kind .. "/") .. addressing, forwardStanza)
        end
    end
    if not (kinds.presence ~= nil) then
        module:hook("presence/" .. addressing, handlePresence)
    end
    if not (kinds.iq ~= nil) then
        module:hook("iq/" .. addressing, handleIq)
    end
end
return ____exports
 end,
}
local ____entry = require("src.mod_component_http.mod_component_http", ...)
return ____entry
