-- mod_rest.lua: RESTful XMPP API: send any stanza over HTTP, wait for iq replies, receive stanzas by webhook
-- prosody-http-bridge 0.1.0, MIT licence.
-- Generated from src/mod_rest/ and src/lib/ by TypeScriptToLua: edit the TypeScript, not this file.
-- Install: copy this one file into a directory of plugin_paths; docs/mod_rest/README.md tells the rest.
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
["src.lib.negotiate"] = function(...) 
local ____exports = {}
--- Parse an Accept header into media ranges with their weights.
local function parseAccept(header)
    local ranges = {}
    for item in string.gmatch(header, "[^,]+") do
        local major, minor, params = string.match(item, "^%s*([^%s/;]+)/([^%s;]+)%s*(.*)$")
        if major ~= nil and minor ~= nil then
            local q = 1
            local qvalue = string.match(params or "", ";%s*[qQ]%s*=%s*([0-9.]+)")
            if qvalue ~= nil then
                q = tonumber(qvalue) or 0
            end
            ranges[#ranges + 1] = {
                type = string.lower(major),
                subtype = string.lower(minor),
                q = q
            }
        end
    end
    return ranges
end
--- How specifically a range matches a type: 3 exact, 2 `type/*`, 1 `*\/*`, 0 none.
local function specificity(range, offered)
    local major, minor = string.match(offered, "^([^/]+)/(.+)$")
    if range.type == major and range.subtype == minor then
        return 3
    elseif range.type == major and range.subtype == "*" then
        return 2
    elseif range.type == "*" and range.subtype == "*" then
        return 1
    end
    return 0
end
--- The offered media type the client prefers (RFC 9110 §12.5.1): each offer
-- takes the q of its most specific matching range; highest q wins, ties go
-- to the earlier offer; q=0 refuses. Nil when the header is absent or
-- accepts none of them.
function ____exports.negotiate(header, offers)
    if header == nil or (string.find(header, "%S")) == nil then
        return nil
    end
    local ranges = parseAccept(header)
    local best
    local bestQ = 0
    for ____, offer in ipairs(offers) do
        local matched = 0
        local q = 0
        for ____, range in ipairs(ranges) do
            local level = specificity(range, offer)
            if level > matched then
                matched = level
                q = range.q
            end
        end
        if q > bestQ then
            best = offer
            bestQ = q
        end
    end
    return best
end
return ____exports
 end,
["src.lib.respond"] = function(...) 
local ____exports = {}
local json = require("src.lib.json")
local ____negotiate = require("src.lib.negotiate")
local negotiate = ____negotiate.negotiate
--- Write a complete answer; returns true, the "already answered" handler result.
function ____exports.respond(response, status, body, contentType, headers)
    response.status_code = status
    response.headers.content_type = contentType
    if headers ~= nil then
        for name, value in pairs(headers) do
            response.headers[name] = value
        end
    end
    response:send(body)
    return true
end
--- The JSON error document shared by the modules.
function ____exports.errorDocument(err, status)
    return json.encode({
        type = "error",
        error = {type = err.type, condition = err.condition, text = err.text},
        code = status
    })
end
--- Answer with a util.error: its `code` is the status; the body is JSON when
-- the client prefers it, else one line of text.
function ____exports.respondError(event, err, headers)
    local status = err.code or 500
    local format = negotiate(event.request.headers.accept, {"text/plain", "application/json"})
    if format == "application/json" then
        return ____exports.respond(
            event.response,
            status,
            ____exports.errorDocument(err, status),
            "application/json",
            headers
        )
    end
    local text = err.text or err.condition
    return ____exports.respond(
        event.response,
        status,
        text .. "\n",
        "text/plain; charset=utf-8",
        headers
    )
end
return ____exports
 end,
["src.lib.auth"] = function(...) 
local ____exports = {}
local jid = require("util.jid")
local hashes = require("util.hashes")
local cachelib = require("util.cache")
local idlib = require("util.id")
local ____util_2Eencodings = require("util.encodings")
local base64 = ____util_2Eencodings.base64
local ____text = require("src.lib.text")
local isXmlSafe = ____text.isXmlSafe
--- Secret of this load, keying the resources derived from tokens and the
-- comparison of component secrets: nothing derived from it outlives the module.
local LOAD_SECRET = idlib.long()
--- The stable resource of a token that names none: a short HMAC of the token.
function ____exports.tokenResource(token)
    return string.sub(
        hashes.hmac_sha256(LOAD_SECRET, token, true),
        1,
        16
    )
end
--- Compare two secrets in constant time (HMACs first, so their lengths do not show either).
function ____exports.secretsEqual(given, expected)
    return hashes.equals(
        hashes.hmac_sha256(LOAD_SECRET, given),
        hashes.hmac_sha256(LOAD_SECRET, expected)
    )
end
--- A bounded LRU of verified credentials with a short TTL. Keys are an HMAC
-- of username and password under a secret made at load, so the cache never
-- holds a password or an offline-crackable plain hash of one. A TTL of 0
-- disables it. Failures are never stored.
function ____exports.newCredentialCache(ttl, size)
    local secret = idlib.long()
    local entries = cachelib.new(math.max(size, 1))
    local function keyOf(username, password)
        return hashes.hmac_sha256(secret, (username .. "\0") .. password)
    end
    return {
        lookup = function(username, password)
            if ttl <= 0 then
                return false
            end
            local key = keyOf(username, password)
            local entry = entries:get(key)
            if entry == nil then
                return false
            end
            if entry.expires <= os.time() or entry.username ~= username then
                entries:set(key, nil)
                return false
            end
            entries:set(key, entry)
            return true
        end,
        store = function(username, password)
            if ttl > 0 then
                entries:set(
                    keyOf(username, password),
                    {
                        username = username,
                        expires = os.time() + ttl
                    }
                )
            end
        end,
        forget = function(username)
            local stale = {}
            for key, entry in entries:items() do
                if entry.username == username then
                    stale[#stale + 1] = key
                end
            end
            for ____, key in ipairs(stale) do
                entries:set(key, nil)
            end
        end,
        count = function()
            return entries:count()
        end
    }
end
--- Keep a host's credential cache in step with its accounts: drop a user's
-- entries when the password changes, the account is deleted, or (Prosody
-- 13) disabled. Hooks global events: call once at load.
function ____exports.forgetCredentialsOnAccountChanges(cache, host)
    local function forgetUser(event)
        if event.host == host then
            cache.forget(event.username)
        end
    end
    module:hook_global("user-password-changed", forgetUser)
    module:hook_global("user-deleted", forgetUser)
    module:hook_global("user-disabled", forgetUser)
end
--- Split `Authorization` into its scheme (lower case) and credentials.
function ____exports.parseAuthorization(header)
    if header == nil then
        return nil, nil
    end
    local scheme, credentials = string.match(header, "^%s*(%S+)%s+(%S+)%s*$")
    if scheme == nil or credentials == nil then
        return nil, nil
    end
    return string.lower(scheme), credentials
end
--- Decode Basic credentials into username and password. Nil unless the
-- decoded text is clean UTF-8 with a colon.
function ____exports.decodeBasic(credentials)
    if (string.find(credentials, "^[A-Za-z0-9+/]+=*$")) == nil then
        return nil, nil
    end
    local decoded = base64.decode(credentials)
    if decoded == nil or not isXmlSafe(decoded) then
        return nil, nil
    end
    local username, password = string.match(decoded, "^([^:]*):(.*)$")
    if username == nil or password == nil then
        return nil, nil
    end
    return username, password
end
--- The local username a Basic username stands for: `user` or `user@host`
-- naming this host. Nil for anything else (other hosts, invalid JIDs).
function ____exports.localUsername(username, host)
    if (string.find(username, "@", 1, true)) == nil then
        return jid.node(jid.prep((username .. "@") .. host))
    end
    local node, domain, resource = jid.prepped_split(username)
    if node == nil or domain ~= host or resource ~= nil then
        return nil
    end
    return node
end
--- Verify a component's Basic credentials: its own domain and its secret.
local function authenticateComponent(config, secret, credentials)
    local rawUsername, password = ____exports.decodeBasic(credentials)
    if rawUsername == nil or password == nil then
        return nil, "malformed"
    end
    if secret == nil or jid.prep(rawUsername) ~= config.host or not ____exports.secretsEqual(password, secret) then
        return nil, "refused"
    end
    return {host = config.host, jid = config.host, mechanism = "basic"}, nil
end
--- Verify Basic credentials, from the cache when they were verified recently.
local function authenticateBasic(config, credentials)
    if config.component ~= nil then
        return authenticateComponent(config, config.component.secret, credentials)
    end
    local rawUsername, password = ____exports.decodeBasic(credentials)
    if rawUsername == nil or password == nil then
        return nil, "malformed"
    end
    local username = ____exports.localUsername(rawUsername, config.host)
    if username == nil then
        return nil, "refused"
    end
    if not config.cache.lookup(username, password) then
        local ok, valid = pcall(config.checkPassword, username, password)
        if not ok or valid ~= true then
            return nil, "refused"
        end
        config.cache.store(username, password)
    end
    return {
        username = username,
        host = config.host,
        jid = (username .. "@") .. config.host,
        mechanism = "basic"
    }, nil
end
--- The user of a mod_tokenauth token. Prosody 13's get_token_session also
-- checks the token's grant (expiry, password changed since) and that its
-- role is one the user may still assume; 0.12 only has get_token_info,
-- whose `session` is the user (and checks expiry).
local function tokenSession(tokens, token, resource)
    local getSession = rawget(tokens, "get_token_session")
    if getSession ~= nil then
        local info = tokens.get_token_info(token)
        if info == nil then
            return nil
        end
        local ____, ____, bound = jid.split(info.jid)
        local session = getSession(token, bound or resource)
        return session
    end
    local info = tokens.get_token_info(token)
    return info and info.session
end
--- Verify a Bearer token; it must belong to a user of this host.
local function authenticateBearer(config, token)
    if config.tokens == nil then
        return nil, "unsupported"
    end
    local stable = ____exports.tokenResource(token)
    local ok, session = pcall(tokenSession, config.tokens, token, stable)
    if not ok or session == nil or type(session.username) ~= "string" or session.host ~= config.host then
        return nil, "refused"
    end
    local username = session.username
    local principal = {
        username = username,
        host = config.host,
        jid = (username .. "@") .. config.host,
        mechanism = "bearer"
    }
    local named = session.resource
    if type(named) == "string" and named ~= "" and named ~= stable and isXmlSafe(named) then
        principal.resource = named
        principal.resourceBound = true
    else
        principal.resource = stable
        principal.resourceBound = false
    end
    return principal, nil
end
--- Authenticate a request from its Authorization header.
function ____exports.authenticate(config, header)
    local scheme, credentials = ____exports.parseAuthorization(header)
    if header == nil then
        return nil, "missing"
    elseif scheme == nil or credentials == nil then
        return nil, "malformed"
    elseif not (config.mechanisms[scheme] ~= nil) then
        return nil, "unsupported"
    elseif scheme == "basic" then
        return authenticateBasic(config, credentials)
    elseif scheme == "bearer" then
        return authenticateBearer(config, credentials)
    end
    return nil, "unsupported"
end
--- Refuse an address after `limit` failed authentications within `window`
-- seconds, so passwords cannot be guessed at full speed (each guess costs
-- the server a password hash). A limit of 0 disables it. Memory is bounded
-- by an LRU of addresses.
function ____exports.newFailureThrottle(limit, window, size)
    if size == nil then
        size = 10000
    end
    local failures = cachelib.new(size)
    local function current(address)
        local entry = failures:get(address)
        if entry ~= nil and os.time() - entry.since >= window then
            failures:set(address, nil)
            return nil
        end
        return entry
    end
    return {
        blocked = function(address)
            if limit <= 0 then
                return false
            end
            local entry = current(address)
            return entry ~= nil and entry.count >= limit
        end,
        failed = function(address)
            if limit <= 0 then
                return
            end
            local entry = current(address)
            if entry == nil then
                failures:set(
                    address,
                    {
                        count = 1,
                        since = os.time()
                    }
                )
            else
                entry.count = entry.count + 1
            end
        end
    }
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
["src.mod_rest.errors"] = function(...) 
local ____exports = {}
local errorlib = require("util.error")
local st = require("util.stanza")
local ____negotiate = require("src.lib.negotiate")
local negotiate = ____negotiate.negotiate
local ____media_type = require("src.lib.media_type")
local mediaType = ____media_type.mediaType
local ____respond = require("src.lib.respond")
local errorDocument = ____respond.errorDocument
local respond = ____respond.respond
local XMLNS_STREAMS = "http://etherx.jabber.org/streams"
local XMLNS_STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams"
local XML_TYPE = "application/xmpp+xml"
local JSON_TYPE = "application/json"
local TEXT_TYPE = "text/plain"
____exports.errors = errorlib.init(
    "rest",
    {
        ["auth-required"] = {code = 401, type = "auth", condition = "not-authorized", text = "No credentials provided"},
        ["auth-refused"] = {code = 401, type = "auth", condition = "not-authorized", text = "Credentials not accepted"},
        ["auth-throttled"] = {
            code = 429,
            type = "wait",
            condition = "policy-violation",
            text = "Too many failed authentication attempts; try again later"
        },
        parse = {code = 400, type = "modify", condition = "not-well-formed", text = "Failed to parse payload"},
        ["too-deep"] = {code = 400, type = "modify", condition = "policy-violation", text = "Elements are nested too deep"},
        encoding = {
            code = 400,
            type = "modify",
            condition = "unsupported-encoding",
            text = "The body must be UTF-8 text without control characters"
        },
        mediatype = {
            code = 415,
            type = "cancel",
            condition = "bad-format",
            text = "Unsupported media type: use application/xmpp+xml, application/json, application/x-www-form-urlencoded or text/plain"
        },
        size = {code = 413, type = "modify", condition = "resource-constraint", text = "Payload too large"},
        field = {code = 422, type = "modify", condition = "bad-format", text = "Invalid payload"},
        ["text-path"] = {
            code = 422,
            type = "modify",
            condition = "bad-format",
            text = "A text/plain body needs a message path (it is the body) or a presence path (it is the show)"
        },
        query = {code = 422, type = "modify", condition = "bad-format", text = "The query string is not a form"},
        xmlns = {
            code = 422,
            type = "modify",
            condition = "invalid-namespace",
            text = "'xmlns' attribute must be empty or jabber:client"
        },
        name = {
            code = 422,
            type = "modify",
            condition = "unsupported-stanza-type",
            text = "Invalid stanza, must be 'message', 'presence' or 'iq'"
        },
        to = {code = 422, type = "modify", condition = "improper-addressing", text = "Invalid destination JID"},
        ["self-presence"] = {
            code = 422,
            type = "modify",
            condition = "improper-addressing",
            text = "Presence broadcast needs a client session: address the presence to someone"
        },
        from = {code = 422, type = "modify", condition = "invalid-from", text = "Invalid source JID"},
        ["from-auth"] = {
            code = 403,
            type = "auth",
            condition = "not-authorized",
            text = "Not authorized to send stanza with requested 'from'"
        },
        ["iq-type"] = {
            code = 422,
            type = "modify",
            condition = "invalid-xml",
            text = "'iq' stanza must be of type 'get' or 'set'"
        },
        ["iq-tags"] = {
            code = 422,
            type = "modify",
            condition = "bad-format",
            text = "'iq' stanza must have exactly one child tag"
        },
        ["not-found"] = {code = 404, type = "cancel", condition = "unsupported-feature", text = "No such route"},
        ["iq-timeout"] = {
            code = 504,
            type = "wait",
            condition = "remote-server-timeout",
            text = "No reply to the iq in time"
        },
        ["iq-pending"] = {
            code = 429,
            type = "wait",
            condition = "resource-constraint",
            text = "Too many iq requests of this account are waiting for replies"
        },
        busy = {
            code = 503,
            type = "wait",
            condition = "resource-constraint",
            text = "Too many iq requests are waiting for replies"
        },
        internal = {code = 500, type = "cancel", condition = "internal-server-error", text = "Internal error"}
    }
)
--- An error of the registry with a more precise text.
function ____exports.detailed(key, text)
    local err = ____exports.errors.new(key)
    err.text = text
    return err
end
--- The stream error document of the XML error body.
local function xmlBody(err)
    local doc = st.stanza("error", {xmlns = XMLNS_STREAMS})
    doc:tag(err.condition, {xmlns = XMLNS_STREAM_ERRORS}):up()
    if err.text ~= nil then
        doc:text_tag("text", err.text, {xmlns = XMLNS_STREAM_ERRORS})
    end
    return tostring(doc)
end
--- The format of an error body: what `Accept` prefers (q-values honoured)
-- among JSON, XML and text; a wildcard or no `Accept` gives the format of
-- the request's body when it is JSON or XML, else text.
function ____exports.errorFormat(accept, contentType)
    local sent = mediaType(contentType)
    local first = (sent == JSON_TYPE or sent == XML_TYPE) and sent or TEXT_TYPE
    return negotiate(accept or "*/*", {first, TEXT_TYPE, JSON_TYPE, XML_TYPE}) or first
end
--- The body of an error in a format.
function ____exports.errorBody(format, err, status)
    if format == JSON_TYPE then
        return errorDocument(err, status)
    elseif format == XML_TYPE then
        return xmlBody(err)
    end
    return (err.text or err.condition) .. "\n"
end
--- Answer a request with an error of the registry (or any util.error: its code, else 500).
function ____exports.respondError(event, err, headers)
    local status = err.code or 500
    local request = event.request
    local format = ____exports.errorFormat(request.headers.accept, request.headers.content_type)
    local contentType = format == TEXT_TYPE and "text/plain; charset=utf-8" or format
    return respond(
        event.response,
        status,
        ____exports.errorBody(format, err, status),
        contentType,
        headers
    )
end
return ____exports
 end,
["src.mod_rest.auth"] = function(...) 
local ____exports = {}
local idlib = require("util.id")
local ____auth = require("src.lib.auth")
local authenticate = ____auth.authenticate
local newFailureThrottle = ____auth.newFailureThrottle
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____errors = require("src.mod_rest.errors")
local errors = ____errors.errors
--- The mechanisms mod_rest knows, lower case, with the name their challenge shows.
local CHALLENGE_NAMES = {}
CHALLENGE_NAMES.basic = "Basic"
CHALLENGE_NAMES.bearer = "Bearer"
--- The WWW-Authenticate value: one challenge per mechanism, `Basic realm="HOST/rest", Bearer realm="HOST/rest"`.
function ____exports.challengeHeader(mechanisms, realm)
    local challenges = {}
    for ____, mechanism in ipairs(mechanisms) do
        challenges[#challenges + 1] = (((CHALLENGE_NAMES[mechanism] or mechanism) .. " realm=\"") .. realm) .. "\""
    end
    return table.concat(challenges, ", ")
end
--- The mechanisms of rest_auth_mechanisms, lower case, known ones only (an
-- unknown one is dropped with a warning), without repeats, in order.
function ____exports.readMechanisms(configured)
    local mechanisms = {}
    local seen = {}
    for ____, item in ipairs(configured) do
        local name = type(item) == "string" and string.lower(item) or nil
        if name == nil or not (CHALLENGE_NAMES[name] ~= nil) then
            module:log(
                "warn",
                "Ignoring unknown mechanism %s in rest_auth_mechanisms (known: Basic, Bearer)",
                tostring(item)
            )
        elseif not (seen[name] ~= nil) then
            seen[name] = true
            mechanisms[#mechanisms + 1] = name
        end
    end
    return mechanisms
end
--- The sender an authenticated principal is.
function ____exports.senderOf(principal)
    if principal.username == nil then
        return {jid = principal.jid, bare = principal.jid, host = principal.host, scope = "domain"}
    end
    local sender = {
        jid = principal.jid,
        bare = principal.jid,
        username = principal.username,
        host = principal.host,
        scope = "bare"
    }
    if principal.resource ~= nil then
        sender.jid = (principal.jid .. "/") .. principal.resource
        sender.resource = principal.resource
        if principal.resourceBound == true then
            sender.scope = "exact"
        end
    end
    return sender
end
--- A new random account of the host (anonymous_rest).
local function anonymousSender(host)
    local username = string.lower(idlib.medium())
    local bare = (username .. "@") .. host
    return {
        jid = bare,
        bare = bare,
        username = username,
        host = host,
        scope = "bare"
    }
end
function ____exports.newRestAuth(config)
    local authenticator = {
        host = config.host,
        mechanisms = setOf(config.mechanisms),
        checkPassword = config.checkPassword,
        cache = config.cache,
        tokens = config.tokens,
        component = config.component
    }
    local throttle = newFailureThrottle(config.maxFailures, config.failureWindow)
    local challenge
    local challengeHeaders
    if not config.anonymous and #config.mechanisms > 0 then
        challenge = ____exports.challengeHeader(config.mechanisms, config.realm)
        challengeHeaders = {www_authenticate = challenge}
    end
    local retryHeaders = {retry_after = tostring(config.failureWindow)}
    local function check(request)
        if config.anonymous then
            return anonymousSender(config.host), nil, nil
        end
        local address = request.ip or ""
        if throttle.blocked(address) then
            return nil, errors.new("auth-throttled"), retryHeaders
        end
        local principal, failure = authenticate(authenticator, request.headers.authorization)
        if principal == nil then
            if failure ~= "missing" then
                throttle.failed(address)
            end
            return nil, errors.new(failure == "missing" and "auth-required" or "auth-refused"), challengeHeaders
        end
        return ____exports.senderOf(principal), nil, nil
    end
    return {check = check, challenge = challenge}
end
return ____exports
 end,
["src.mod_rest.map.field"] = function(...) 
local ____exports = {}
local json = require("src.lib.json")
local ____text = require("src.lib.text")
local isXmlSafe = ____text.isXmlSafe
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
--- True for a JSON array: a table with util.array's metatable (what
-- util.json decodes arrays into), or a plain table holding only the
-- sequence 1..n with n ≥ 1. An empty plain table is an object.
function ____exports.isArray(value)
    if type(value) ~= "table" or value == json.NULL then
        return false
    end
    local t = value
    if getmetatable(t) ~= nil then
        return true
    end
    local count = 0
    for key in pairs(t) do
        if type(key) ~= "number" then
            return false
        end
        count = count + 1
    end
    return count > 0 and #t == count
end
--- An integer as decimal text ("5", never "5.0").
function ____exports.integerText(n)
    return string.format("%d", n)
end
--- Every stanza kind.
____exports.ANY_KIND = {message = true, presence = true, iq = true}
--- "a string", "an array", ... for an error text.
function ____exports.describe(value)
    if value == json.NULL then
        return "null"
    end
    local luaType = type(value)
    if luaType == "table" then
        return ____exports.isArray(value) and "an array" or "an object"
    end
    if luaType == "number" then
        return "a number"
    end
    if luaType == "boolean" then
        return "a boolean"
    end
    if luaType == "string" then
        return "a string"
    end
    return luaType
end
--- The error text for a value of the wrong JSON type.
function ____exports.wrongType(path, expected, value)
    return (((path .. ": expected ") .. expected) .. ", got ") .. ____exports.describe(value)
end
--- True for a JSON object (not an array, not null).
function ____exports.isObject(value)
    return json.isObject(value) and not ____exports.isArray(value)
end
--- Nil when `value` is a string util.stanza accepts (valid UTF-8, no
-- control characters other than tab, LF, CR); else an error text.
function ____exports.textError(path, value)
    if type(value) ~= "string" then
        return ____exports.wrongType(path, "a string", value)
    end
    if not isXmlSafe(value) then
        return path .. ": invalid UTF-8 or a character XML does not allow"
    end
    return nil
end
--- Nil when `value` is nil or a valid text (see `textError`).
function ____exports.optionalTextError(path, value)
    if value == nil then
        return nil
    end
    return ____exports.textError(path, value)
end
--- Nil when `value` is one of `words`; else an error text listing them.
function ____exports.enumError(path, value, words, listed)
    if type(value) ~= "string" then
        return ____exports.wrongType(path, "one of " .. listed, value)
    end
    if not (words[value] ~= nil) then
        return (path .. ": expected one of ") .. listed
    end
    return nil
end
--- True for a whole number from `min` to `max` (a JSON number, not a string).
function ____exports.isIntegerIn(value, min, max)
    if type(value) ~= "number" then
        return false
    end
    local n = value
    return n == n and n >= min and n <= max and math.floor(n) == n
end
--- Nil when `value` is a whole number from `min` to `max`; else an error text.
function ____exports.integerError(path, value, min, max)
    if ____exports.isIntegerIn(value, min, max) then
        return nil
    end
    local got = type(value) == "number" and tostring(value) or ____exports.describe(value)
    return (((((path .. ": expected an integer from ") .. ____exports.integerText(min)) .. " to ") .. ____exports.integerText(max)) .. ", got ") .. got
end
--- Decimal digits with an optional sign: the only integer text accepted from XML or forms.
local INTEGER_TEXT = "^[+-]?%d+$"
--- The integer written in `text` when it lies from `min` to `max`, else nil.
function ____exports.parseInteger(text, min, max)
    if text == nil or (string.find(text, INTEGER_TEXT)) == nil or #text > 20 then
        return nil
    end
    local n = tonumber(text)
    if n == nil or not ____exports.isIntegerIn(n, min, max) then
        return nil
    end
    return math.floor(n)
end
--- The form value of a scalar JSON value: strings as they are, integers in decimal, `true` as "".
function ____exports.formScalar(value)
    local luaType = type(value)
    if luaType == "string" then
        return value
    end
    if luaType == "number" then
        local n = value
        if n == n and math.floor(n) == n and n > -2 ^ 53 and n < 2 ^ 53 then
            return ____exports.integerText(n)
        end
        return tostring(n)
    end
    if value == true then
        return ""
    end
    return nil
end
--- Nil when `value` is absent or an object; else an error text.
function ____exports.objectError(path, value)
    if not ____exports.isObject(value) then
        return ____exports.wrongType(path, "an object", value)
    end
    return nil
end
--- Namespaces a stanza's own children may carry (none when built inside Prosody).
local STANZA_NAMESPACES = setOf({"jabber:client", "jabber:server", "jabber:component:accept"})
--- The first child `<name/>` in the stanza's own namespace.
function ____exports.ownChild(stanza, name)
    for ____, child in ipairs(stanza.tags) do
        local ns = child.attr.xmlns
        if child.name == name and (ns == nil or ns == stanza.attr.xmlns or STANZA_NAMESPACES[ns] ~= nil) then
            return child
        end
    end
    return nil
end
--- The text of a child of the stanza's own namespace (nil when absent or holding elements).
function ____exports.ownChildText(stanza, name)
    local child = ____exports.ownChild(stanza, name)
    if child == nil or #child.tags > 0 then
        return nil
    end
    return child:get_text()
end
--- A field holding the text of a `<name/>` child of the stanza (body, subject, status).
function ____exports.textChildField(name, kinds, implies)
    return {
        name = name,
        kinds = kinds,
        implies = implies,
        toJson = function(stanza) return ____exports.ownChildText(stanza, name) end,
        fromJson = function(stanza, value)
            local problem = ____exports.textError(name, value)
            if problem ~= nil then
                return problem
            end
            stanza:text_tag(name, value)
            return nil
        end
    }
end
--- util.array is callable, which a namespace import cannot express: required by a computed name.
local ARRAY_LIBRARY = "util.array"
local utilArray = require(ARRAY_LIBRARY)
--- An empty list that util.json encodes as `[]` even while empty.
function ____exports.jsonArray()
    return utilArray()
end
return ____exports
 end,
["src.mod_rest.map.core"] = function(...) 
local ____exports = {}
local conditionError, CONDITIONS
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local ANY_KIND = ____field.ANY_KIND
local enumError = ____field.enumError
local isObject = ____field.isObject
local objectError = ____field.objectError
local optionalTextError = ____field.optionalTextError
local ownChild = ____field.ownChild
local textError = ____field.textError
local wrongType = ____field.wrongType
function conditionError(condition)
    if type(condition) ~= "string" then
        return wrongType("error.condition", "a string", condition)
    end
    if not (CONDITIONS[condition] ~= nil) then
        return "error.condition: expected a defined condition of RFC 6120 (bad-request, item-not-found, ...)"
    end
    return nil
end
____exports.XMLNS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"
--- The attributes mapped as top-level string fields: JSON name, then XML name.
____exports.ATTRIBUTES = {{"to", "to"}, {"from", "from"}, {"id", "id"}, {"lang", "xml:lang"}}
--- The kinds, for `kind`.
____exports.KINDS = setOf({"message", "presence", "iq"})
--- The kind a `type` implies (inference step 2); `error` implies none.
____exports.KIND_BY_TYPE = {}
for ____, word in ipairs({"get", "set", "result"}) do
    ____exports.KIND_BY_TYPE[word] = "iq"
end
for ____, word in ipairs({"normal", "chat", "headline", "groupchat"}) do
    ____exports.KIND_BY_TYPE[word] = "message"
end
for ____, word in ipairs({
    "available",
    "unavailable",
    "subscribe",
    "subscribed",
    "unsubscribe",
    "unsubscribed",
    "probe"
}) do
    ____exports.KIND_BY_TYPE[word] = "presence"
end
--- The `type` words of each kind (RFC 6120/6121), as listed in error texts.
local TYPE_LISTS = {
    message = "normal, chat, headline, groupchat, error",
    presence = "available, unavailable, subscribe, subscribed, unsubscribe, unsubscribed, probe, error",
    iq = "get, set, result, error"
}
local TYPE_WORDS = {
    message = setOf({
        "normal",
        "chat",
        "headline",
        "groupchat",
        "error"
    }),
    presence = setOf({
        "available",
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
--- Nil when `value` is a `type` word of `kind`; else an error text.
function ____exports.typeError(kind, value)
    return enumError("type", value, TYPE_WORDS[kind], TYPE_LISTS[kind])
end
--- The kind of a document, in this fixed order:
-- 1. `kind`, when present (must be message, presence or iq);
-- 2. else the kind its `type` implies (get/set/result: iq;
--    normal/chat/headline/groupchat: message; available/unavailable/
--    (un)subscribe(d)/probe: presence);
-- 3. else the kind implied by the first field present in `mappers`' order
--    (iq payloads first, then presence fields);
-- 4. else message.
function ____exports.inferKind(doc, mappers)
    local kind = doc.kind
    if kind ~= nil then
        if type(kind) ~= "string" or not (____exports.KINDS[kind] ~= nil) then
            if type(kind) == "string" then
                return nil, "kind: expected one of message, presence, iq"
            end
            return nil, wrongType("kind", "one of message, presence, iq", kind)
        end
        return kind, nil
    end
    local typeWord = doc.type
    if typeWord ~= nil then
        if type(typeWord) ~= "string" then
            return nil, wrongType("type", "a string", typeWord)
        end
        local implied = ____exports.KIND_BY_TYPE[typeWord]
        if implied ~= nil then
            return implied, nil
        end
    end
    for ____, mapper in ipairs(mappers) do
        if mapper.implies ~= nil and doc[mapper.name] ~= nil then
            return mapper.implies, nil
        end
    end
    return "message", nil
end
--- The error types of RFC 6120 §8.3.2.
local ERROR_TYPES = setOf({
    "cancel",
    "continue",
    "modify",
    "auth",
    "wait"
})
local ERROR_TYPE_LIST = "cancel, continue, modify, auth, wait"
CONDITIONS = setOf({
    "bad-request",
    "conflict",
    "feature-not-implemented",
    "forbidden",
    "gone",
    "internal-server-error",
    "item-not-found",
    "jid-malformed",
    "not-acceptable",
    "not-allowed",
    "not-authorized",
    "policy-violation",
    "recipient-unavailable",
    "redirect",
    "registration-required",
    "remote-server-not-found",
    "remote-server-timeout",
    "resource-constraint",
    "service-unavailable",
    "subscription-required",
    "undefined-condition",
    "unexpected-request"
})
--- The `<error/>` child of a stanza of type error, in the stanza's own namespace.
local function errorElement(stanza)
    if stanza.attr.type ~= "error" then
        return nil
    end
    return ownChild(stanza, "error")
end
local function errorToJson(stanza)
    local element = errorElement(stanza)
    if element == nil then
        return nil
    end
    local doc = {}
    local errorType = element.attr.type
    doc.type = errorType ~= nil and ERROR_TYPES[errorType] ~= nil and errorType or "cancel"
    doc.by = element.attr.by
    local condition
    for ____, child in ipairs(element.tags) do
        if child.attr.xmlns == ____exports.XMLNS_STANZAS then
            if child.name == "text" then
                if doc.text == nil then
                    doc.text = child:get_text()
                end
            elseif condition == nil and CONDITIONS[child.name] ~= nil then
                condition = child.name
            end
        end
    end
    doc.condition = condition or "undefined-condition"
    return doc
end
local function errorFromJson(stanza, value)
    local notObject = objectError("error", value)
    if notObject ~= nil then
        return notObject
    end
    local e = value
    local ____e_type_0 = e.type
    if ____e_type_0 == nil then
        ____e_type_0 = "cancel"
    end
    local errorType = ____e_type_0
    local ____e_condition_1 = e.condition
    if ____e_condition_1 == nil then
        ____e_condition_1 = "undefined-condition"
    end
    local condition = ____e_condition_1
    local text = e.text
    local by = e.by
    local typeProblem = enumError("error.type", errorType, ERROR_TYPES, ERROR_TYPE_LIST) or conditionError(condition)
    if typeProblem ~= nil then
        return typeProblem
    end
    local textProblem = optionalTextError("error.text", text) or optionalTextError("error.by", by)
    if textProblem ~= nil then
        return textProblem
    end
    stanza:tag("error", {type = errorType, by = by})
    stanza:tag(condition, {xmlns = ____exports.XMLNS_STANZAS}):up()
    if text ~= nil then
        stanza:text_tag("text", text, {xmlns = ____exports.XMLNS_STANZAS})
    end
    stanza:up()
    return nil
end
--- `error` {type, condition, text, by}: the `<error/>` of a stanza of type
-- error. JSON → XML: type defaults to cancel, condition to
-- undefined-condition; a document with `error` and no `type` gets type
-- error. XML → JSON: a condition that is not one of RFC 6120 reads as
-- undefined-condition, a missing or unknown type as cancel (so the JSON
-- always maps back); application-specific conditions are left to XML.
____exports.errorField = {
    name = "error",
    kinds = ANY_KIND,
    toJson = errorToJson,
    fromJson = errorFromJson,
    toForm = function() return nil end,
    fromForm = function(value) return nil, wrongType("error", "an object (not expressible in a form)", value) end
}
--- The top-level attributes of a stanza as JSON fields (nil ones absent).
function ____exports.attributesToJson(stanza, doc)
    doc.kind = stanza.name
    local typeWord = stanza.attr.type
    if stanza.name == "presence" and typeWord == nil then
        typeWord = "available"
    end
    doc.type = typeWord
    for ____, ____value in ipairs(____exports.ATTRIBUTES) do
        local jsonName = ____value[1]
        local xmlName = ____value[2]
        doc[jsonName] = stanza.attr[xmlName]
    end
end
--- The attributes of the stanza a document describes, or an error text:
-- `type` checked against the kind (presence `available` = no type; an iq
-- without type is a get, as in the community module; `error` without
-- `type` makes it type error), `to`/`from`/`id`/`lang` as XML text.
function ____exports.attributesFromJson(kind, doc)
    local attr = {}
    local typeWord = doc.type
    if typeWord == nil then
        if doc.error ~= nil then
            typeWord = "error"
        elseif kind == "iq" then
            typeWord = "get"
        end
    else
        local problem = ____exports.typeError(kind, typeWord)
        if problem ~= nil then
            return nil, problem
        end
        if doc.error ~= nil and typeWord ~= "error" then
            return nil, "error: only allowed with type error"
        end
    end
    if typeWord ~= nil and not (kind == "presence" and typeWord == "available") then
        attr.type = typeWord
    end
    for ____, ____value in ipairs(____exports.ATTRIBUTES) do
        local jsonName = ____value[1]
        local xmlName = ____value[2]
        local value = doc[jsonName]
        if value ~= nil then
            local problem = textError(jsonName, value)
            if problem ~= nil then
                return nil, problem
            end
            attr[xmlName] = value
        end
    end
    return attr, nil
end
--- True for a decoded JSON object that can be a stanza document.
function ____exports.isDocument(value)
    return isObject(value)
end
return ____exports
 end,
["src.mod_rest.map.iq"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local integerError = ____field.integerError
local integerText = ____field.integerText
local isArray = ____field.isArray
local isObject = ____field.isObject
local jsonArray = ____field.jsonArray
local optionalTextError = ____field.optionalTextError
local parseInteger = ____field.parseInteger
local textError = ____field.textError
local wrongType = ____field.wrongType
local IQ = {iq = true}
____exports.XMLNS_PING = "urn:xmpp:ping"
____exports.XMLNS_VERSION = "jabber:iq:version"
____exports.XMLNS_DISCO_INFO = "http://jabber.org/protocol/disco#info"
____exports.XMLNS_DISCO_ITEMS = "http://jabber.org/protocol/disco#items"
____exports.XMLNS_LAST = "jabber:iq:last"
--- Largest `seconds` of last activity: the largest integer a double holds exactly.
local MAX_SECONDS = 2 ^ 53 - 1
--- Form shape of the query payloads: whatever the value, the field asks (→ true).
local function formTrue()
    return true, nil
end
--- Form shape of disco and items: empty → true, else the node.
local function formNode(value)
    if value == "" then
        return true, nil
    end
    return value, nil
end
--- `ping`: true.
____exports.ping = {
    name = "ping",
    kinds = IQ,
    implies = "iq",
    toJson = function(stanza)
        local ____temp_0
        if stanza:get_child("ping", ____exports.XMLNS_PING) == nil then
            ____temp_0 = nil
        else
            ____temp_0 = true
        end
        return ____temp_0
    end,
    fromJson = function(stanza, value)
        if value ~= true then
            return wrongType("ping", "true", value)
        end
        stanza:tag("ping", {xmlns = ____exports.XMLNS_PING}):up()
        return nil
    end,
    fromForm = formTrue
}
local VERSION_FIELDS = {"name", "version", "os"}
local function versionToJson(stanza)
    local query = stanza:get_child("query", ____exports.XMLNS_VERSION)
    if query == nil then
        return nil
    end
    if #query.tags == 0 then
        return true
    end
    local doc = {}
    local empty = true
    for ____, name in ipairs(VERSION_FIELDS) do
        local text = query:get_child_text(name)
        if text ~= nil then
            doc[name] = text
            empty = false
        end
    end
    if empty then
        return true
    end
    return doc
end
local function versionFromJson(stanza, value)
    if value == true then
        stanza:tag("query", {xmlns = ____exports.XMLNS_VERSION}):up()
        return nil
    end
    if not isObject(value) then
        return wrongType("version", "true or an object", value)
    end
    for ____, name in ipairs(VERSION_FIELDS) do
        local problem = optionalTextError("version." .. name, value[name])
        if problem ~= nil then
            return problem
        end
    end
    stanza:tag("query", {xmlns = ____exports.XMLNS_VERSION})
    for ____, name in ipairs(VERSION_FIELDS) do
        local text = value[name]
        if text ~= nil then
            stanza:text_tag(name, text)
        end
    end
    stanza:up()
    return nil
end
--- `version`: true for a query, {name, version, os} for a result (true when none of them is there).
____exports.version = {
    name = "version",
    kinds = IQ,
    implies = "iq",
    toJson = versionToJson,
    fromJson = versionFromJson,
    fromForm = formTrue
}
local function discoToJson(stanza)
    local query = stanza:get_child("query", ____exports.XMLNS_DISCO_INFO)
    if query == nil then
        return nil
    end
    if #query.tags == 0 then
        return query.attr.node or true
    end
    local identities = jsonArray()
    local features = jsonArray()
    for identity in query:childtags("identity") do
        local category = identity.attr.category
        local identityType = identity.attr.type
        if category ~= nil and identityType ~= nil then
            local doc = {}
            doc.category = category
            doc.type = identityType
            doc.name = identity.attr.name
            identities[#identities + 1] = doc
        end
    end
    for feature in query:childtags("feature") do
        local featureVar = feature.attr.var
        if featureVar ~= nil then
            features[#features + 1] = featureVar
        end
    end
    if #identities == 0 and #features == 0 then
        return query.attr.node or true
    end
    local doc = {}
    doc.node = query.attr.node
    doc.identities = identities
    doc.features = features
    return doc
end
local function identitiesError(value)
    if value == nil then
        return nil
    end
    if not isArray(value) then
        return wrongType("disco.identities", "an array", value)
    end
    do
        local i = 1
        while i <= #value do
            local path = ("disco.identities[" .. tostring(i - 1)) .. "]"
            local identity = value[i]
            if not isObject(identity) then
                return wrongType(path, "an object", identity)
            end
            local required = textError(path .. ".category", identity.category) or textError(path .. ".type", identity.type)
            if required ~= nil then
                return required
            end
            local problem = optionalTextError(path .. ".name", identity.name)
            if problem ~= nil then
                return problem
            end
            i = i + 1
        end
    end
    return nil
end
local function featuresError(value)
    if value == nil then
        return nil
    end
    if not isArray(value) then
        return wrongType("disco.features", "an array", value)
    end
    do
        local i = 1
        while i <= #value do
            local problem = textError(
                ("disco.features[" .. tostring(i - 1)) .. "]",
                value[i]
            )
            if problem ~= nil then
                return problem
            end
            i = i + 1
        end
    end
    return nil
end
local function discoFromJson(stanza, value)
    if value == true then
        stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_INFO}):up()
        return nil
    end
    if type(value) == "string" then
        local problem = textError("disco", value)
        if problem ~= nil then
            return problem
        end
        stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_INFO, node = value}):up()
        return nil
    end
    if not isObject(value) then
        return wrongType("disco", "true, a node string or an object", value)
    end
    local node = value.node
    local identities = value.identities
    local features = value.features
    local problem = optionalTextError("disco.node", node) or identitiesError(identities) or featuresError(features)
    if problem ~= nil then
        return problem
    end
    stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_INFO, node = node})
    if identities ~= nil then
        local list = identities
        do
            local i = 1
            while i <= #list do
                local identity = list[i]
                local attr = {category = identity.category, type = identity.type, name = identity.name}
                stanza:tag("identity", attr):up()
                i = i + 1
            end
        end
    end
    if features ~= nil then
        local list = features
        do
            local i = 1
            while i <= #list do
                stanza:tag("feature", {var = list[i]}):up()
                i = i + 1
            end
        end
    end
    stanza:up()
    return nil
end
--- `disco`: true (a query), a node string (a query on that node), or
-- {node, identities, features} (XML → JSON: when there is an identity or
-- a feature; extensions are the next issue's).
____exports.disco = {
    name = "disco",
    kinds = IQ,
    implies = "iq",
    toJson = discoToJson,
    fromJson = discoFromJson,
    fromForm = formNode
}
local function itemsToJson(stanza)
    local query = stanza:get_child("query", ____exports.XMLNS_DISCO_ITEMS)
    if query == nil then
        return nil
    end
    local items = jsonArray()
    for item in query:childtags("item") do
        local itemJid = item.attr.jid
        if itemJid ~= nil then
            local doc = {}
            doc.jid = itemJid
            doc.node = item.attr.node
            doc.name = item.attr.name
            items[#items + 1] = doc
        end
    end
    if #items == 0 and stanza.attr.type ~= "result" then
        return query.attr.node or true
    end
    return items
end
local function itemError(path, item)
    if type(item) == "string" then
        return textError(path, item)
    end
    if not isObject(item) then
        return wrongType(path, "an object or a JID string", item)
    end
    return textError(path .. ".jid", item.jid) or optionalTextError(path .. ".node", item.node) or optionalTextError(path .. ".name", item.name)
end
local function itemsFromJson(stanza, value)
    if value == true then
        stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_ITEMS}):up()
        return nil
    end
    if type(value) == "string" then
        local problem = textError("items", value)
        if problem ~= nil then
            return problem
        end
        stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_ITEMS, node = value}):up()
        return nil
    end
    if isObject(value) then
        local node = value.node
        local problem = optionalTextError("items.node", node)
        if problem ~= nil then
            return problem
        end
        stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_ITEMS, node = node}):up()
        return nil
    end
    if not isArray(value) then
        return wrongType("items", "true, a node string or an array of items", value)
    end
    do
        local i = 1
        while i <= #value do
            local problem = itemError(
                ("items[" .. tostring(i - 1)) .. "]",
                value[i]
            )
            if problem ~= nil then
                return problem
            end
            i = i + 1
        end
    end
    stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_ITEMS})
    do
        local i = 1
        while i <= #value do
            local item = value[i]
            if type(item) == "string" then
                stanza:tag("item", {jid = item}):up()
            else
                local doc = item
                local attr = {jid = doc.jid, node = doc.node, name = doc.name}
                stanza:tag("item", attr):up()
            end
            i = i + 1
        end
    end
    stanza:up()
    return nil
end
--- `items`: true (a query), a node string (a query on that node), or a
-- flat list [{jid, node, name}] (a JID string stands for {jid}; items
-- without jid are left out). A result without items is []. The node of a
-- result is not kept.
____exports.items = {
    name = "items",
    kinds = IQ,
    implies = "iq",
    toJson = itemsToJson,
    fromJson = itemsFromJson,
    fromForm = formNode
}
local function lastActivityToJson(stanza)
    local query = stanza:get_child("query", ____exports.XMLNS_LAST)
    if query == nil then
        return nil
    end
    local seconds = parseInteger(query.attr.seconds, 0, MAX_SECONDS)
    local text = query:get_text()
    if text == "" then
        text = nil
    end
    if seconds == nil and text == nil then
        return true
    end
    local doc = {}
    doc.seconds = seconds
    doc.status = text
    return doc
end
local function lastActivityFromJson(stanza, value)
    if value == true then
        stanza:tag("query", {xmlns = ____exports.XMLNS_LAST}):up()
        return nil
    end
    if not isObject(value) then
        return wrongType("lastactivity", "true or an object", value)
    end
    local seconds = value.seconds
    local statusText = value.status
    local ____temp_1
    if seconds == nil then
        ____temp_1 = nil
    else
        ____temp_1 = integerError("lastactivity.seconds", seconds, 0, MAX_SECONDS)
    end
    local problem = ____temp_1 or optionalTextError("lastactivity.status", statusText)
    if problem ~= nil then
        return problem
    end
    local ____temp_2
    if seconds == nil then
        ____temp_2 = nil
    else
        ____temp_2 = integerText(seconds)
    end
    local attr = {xmlns = ____exports.XMLNS_LAST, seconds = ____temp_2}
    stanza:tag("query", attr):text(statusText):up()
    return nil
end
--- `lastactivity`: true for a query, {seconds, status} for a result.
____exports.lastActivity = {
    name = "lastactivity",
    kinds = IQ,
    implies = "iq",
    toJson = lastActivityToJson,
    fromJson = lastActivityFromJson,
    fromForm = formTrue
}
--- Iq payload fields, in inference order.
____exports.IQ_FIELDS = {
    ____exports.ping,
    ____exports.version,
    ____exports.disco,
    ____exports.items,
    ____exports.lastActivity
}
return ____exports
 end,
["src.mod_rest.map.presence"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local enumError = ____field.enumError
local integerError = ____field.integerError
local integerText = ____field.integerText
local isIntegerIn = ____field.isIntegerIn
local ownChildText = ____field.ownChildText
local parseInteger = ____field.parseInteger
local textChildField = ____field.textChildField
local PRESENCE = {presence = true}
local SHOW_WORDS = setOf({"away", "chat", "dnd", "xa"})
local SHOW_LIST = "away, chat, dnd, xa"
--- Priority range (RFC 6121 §4.7.2.3).
local MIN_PRIORITY = -128
local MAX_PRIORITY = 127
--- `show`: one of away, chat, dnd, xa (another value in XML is left out).
____exports.show = {
    name = "show",
    kinds = PRESENCE,
    implies = "presence",
    toJson = function(stanza)
        local word = ownChildText(stanza, "show")
        if word == nil or not (SHOW_WORDS[word] ~= nil) then
            return nil
        end
        return word
    end,
    fromJson = function(stanza, value)
        local problem = enumError("show", value, SHOW_WORDS, SHOW_LIST)
        if problem ~= nil then
            return problem
        end
        stanza:text_tag("show", value)
        return nil
    end
}
--- `status`: free text (the first `<status/>`).
____exports.status = textChildField("status", PRESENCE, "presence")
local function priorityFromForm(value)
    local n = parseInteger(value, MIN_PRIORITY, MAX_PRIORITY)
    if n == nil then
        return nil, "priority: expected an integer from -128 to 127"
    end
    return n, nil
end
--- `priority`: an integer from -128 to 127 (a form gives it in decimal).
____exports.priority = {
    name = "priority",
    kinds = PRESENCE,
    implies = "presence",
    toJson = function(stanza) return parseInteger(
        ownChildText(stanza, "priority"),
        MIN_PRIORITY,
        MAX_PRIORITY
    ) end,
    fromJson = function(stanza, value)
        local problem = integerError("priority", value, MIN_PRIORITY, MAX_PRIORITY)
        if problem ~= nil then
            return problem
        end
        stanza:text_tag(
            "priority",
            integerText(value)
        )
        return nil
    end,
    fromForm = priorityFromForm,
    toForm = function(value) return isIntegerIn(value, MIN_PRIORITY, MAX_PRIORITY) and integerText(value) or nil end
}
--- Presence fields, in the order their elements are written.
____exports.PRESENCE_FIELDS = {____exports.show, ____exports.status, ____exports.priority}
return ____exports
 end,
["src.mod_rest.map.message"] = function(...) 
local ____exports = {}
local st = require("util.stanza")
local xml = require("util.xml")
local ____field = require("src.mod_rest.map.field")
local isObject = ____field.isObject
local objectError = ____field.objectError
local optionalTextError = ____field.optionalTextError
local ownChild = ____field.ownChild
local textChildField = ____field.textChildField
local textError = ____field.textError
local wrongType = ____field.wrongType
local MESSAGE = {message = true}
____exports.XMLNS_XHTML_IM = "http://jabber.org/protocol/xhtml-im"
____exports.XMLNS_XHTML = "http://www.w3.org/1999/xhtml"
____exports.XMLNS_X_OOB = "jabber:x:oob"
local function threadToJson(stanza)
    local thread = ownChild(stanza, "thread")
    if thread == nil or #thread.tags > 0 then
        return nil
    end
    local doc = {}
    local id = thread:get_text()
    if id ~= nil and id ~= "" then
        doc.id = id
    end
    doc.parent = thread.attr.parent
    return doc
end
local function threadFromJson(stanza, value)
    if type(value) == "string" then
        local problem = textError("thread", value)
        if problem ~= nil then
            return problem
        end
        stanza:text_tag("thread", value)
        return nil
    end
    if not isObject(value) then
        return wrongType("thread", "an object or a string", value)
    end
    local id = value.id
    local parent = value.parent
    local problem = optionalTextError("thread.id", id) or optionalTextError("thread.parent", parent)
    if problem ~= nil then
        return problem
    end
    stanza:text_tag("thread", id, {parent = parent})
    return nil
end
local function threadToForm(value)
    if isObject(value) and type(value.id) == "string" then
        return value.id
    end
    return nil
end
--- The XHTML-IM `<html/>` of a message.
local function htmlElement(stanza)
    return stanza:get_child("html", ____exports.XMLNS_XHTML_IM)
end
--- Opening tag of the wrapper the bodies are serialised in (the XHTML namespace then goes without saying).
local HTML_WRAPPER_OPEN = ("<html xmlns='" .. ____exports.XMLNS_XHTML) .. "'>"
local HTML_WRAPPER_CLOSE = "</html>"
local function htmlToJson(stanza)
    local html = htmlElement(stanza)
    if html == nil then
        return nil
    end
    local wrapper = st.stanza("html", {xmlns = ____exports.XMLNS_XHTML})
    for body in html:childtags("body", ____exports.XMLNS_XHTML) do
        wrapper:add_direct_child(body)
    end
    if #wrapper.tags == 0 then
        return nil
    end
    local text = tostring(wrapper)
    return string.sub(text, #HTML_WRAPPER_OPEN + 1, #text - #HTML_WRAPPER_CLOSE)
end
local function parseInto(text, out)
    local element, problem = xml.parse(text)
    out.element = element
    out.problem = problem
end
--- Parse an `html` value: one or more XHTML `<body>` elements, nothing else but whitespace.
local function parseHtml(value)
    local source = ((((("<x:html xmlns:x='" .. ____exports.XMLNS_XHTML_IM) .. "' xmlns='") .. ____exports.XMLNS_XHTML) .. "'>") .. value) .. "</x:html>"
    local out = {}
    local ok = pcall(parseInto, source, out)
    local parsed = out.element
    if not ok or parsed == nil then
        local problem = out.problem or "parser error"
        local detail = (string.match(problem, "^(.-) %(line %d")) or problem
        return nil, ("html: not well-formed XHTML (" .. detail) .. ")"
    end
    local html = st.stanza("html", {xmlns = ____exports.XMLNS_XHTML_IM})
    for node in parsed:children() do
        if type(node) == "string" then
            if (string.find(node, "^%s*$")) == nil then
                return nil, "html: text outside <body>"
            end
        elseif node.name ~= "body" or node.attr.xmlns ~= ____exports.XMLNS_XHTML then
            return nil, "html: expected <body> elements of XHTML"
        else
            html:add_direct_child(node)
        end
    end
    if #html.tags == 0 then
        return nil, "html: expected a <body> element"
    end
    return html, nil
end
local function htmlFromJson(stanza, value)
    local problem = textError("html", value)
    if problem ~= nil then
        return problem
    end
    local html, htmlProblem = parseHtml(value)
    if html == nil then
        return htmlProblem
    end
    stanza:add_child(html)
    return nil
end
local function oobElement(stanza)
    return stanza:get_child("x", ____exports.XMLNS_X_OOB)
end
local function oobToJson(stanza)
    local x = oobElement(stanza)
    if x == nil then
        return nil
    end
    local doc = {}
    doc.url = x:get_child_text("url")
    doc.desc = x:get_child_text("desc")
    return doc
end
local function addOob(stanza, url, desc)
    stanza:tag("x", {xmlns = ____exports.XMLNS_X_OOB})
    if url ~= nil then
        stanza:text_tag("url", url)
    end
    if desc ~= nil then
        stanza:text_tag("desc", desc)
    end
    stanza:up()
end
local function oobFromJson(stanza, value)
    local problem = objectError("oob", value)
    if problem ~= nil then
        return problem
    end
    local oob = value
    local url = oob.url
    local desc = oob.desc
    local wrong = optionalTextError("oob.url", url) or optionalTextError("oob.desc", desc)
    if wrong ~= nil then
        return wrong
    end
    addOob(stanza, url, desc)
    return nil
end
--- `oob_url`, the community module's shorthand for `oob.url`. Written only
-- when the document has no `oob` (which then wins); both are output.
local function oobUrlFromJson(stanza, value)
    local problem = textError("oob_url", value)
    if problem ~= nil then
        return problem
    end
    if oobElement(stanza) == nil then
        addOob(stanza, value, nil)
    end
    return nil
end
local function oobUrlToJson(stanza)
    local x = oobElement(stanza)
    if x == nil then
        return nil
    end
    return x:get_child_text("url")
end
local function oobFromForm(value)
    local doc = {}
    doc.url = value
    return doc, nil
end
local function oobToForm(value)
    if isObject(value) and type(value.url) == "string" then
        return value.url
    end
    return nil
end
____exports.body = textChildField("body", MESSAGE)
____exports.subject = textChildField("subject", MESSAGE)
--- `thread` {id, parent} (a string is taken as the id).
____exports.thread = {
    name = "thread",
    kinds = MESSAGE,
    toJson = threadToJson,
    fromJson = threadFromJson,
    toForm = threadToForm
}
--- `html`: the XHTML-IM `<body>` element(s) as XML text, without the XHTML namespace declaration.
____exports.html = {name = "html", kinds = MESSAGE, toJson = htmlToJson, fromJson = htmlFromJson}
--- `oob` {url, desc}: jabber:x:oob.
____exports.oob = {
    name = "oob",
    kinds = MESSAGE,
    toJson = oobToJson,
    fromJson = oobFromJson,
    fromForm = oobFromForm,
    toForm = oobToForm
}
--- `oob_url`: the URL of jabber:x:oob alone. Must come after `oob` in the registry.
____exports.oobUrl = {name = "oob_url", kinds = MESSAGE, toJson = oobUrlToJson, fromJson = oobUrlFromJson}
--- Message fields, in the order their elements are written.
____exports.MESSAGE_FIELDS = {
    ____exports.body,
    ____exports.subject,
    ____exports.thread,
    ____exports.html,
    ____exports.oob,
    ____exports.oobUrl
}
return ____exports
 end,
["src.mod_rest.map.payload"] = function(...) 
local ____exports = {}
local json = require("src.lib.json")
local ____text = require("src.lib.text")
local isXmlSafe = ____text.isXmlSafe
local ____field = require("src.mod_rest.map.field")
local ANY_KIND = ____field.ANY_KIND
local objectError = ____field.objectError
local optionalTextError = ____field.optionalTextError
____exports.XMLNS_JSON_MSG = "urn:xmpp:json-msg:0"
local function payloadToJson(stanza)
    local element = stanza:get_child("payload", ____exports.XMLNS_JSON_MSG)
    if element == nil then
        return nil
    end
    local text = element:get_text()
    if text == nil then
        return nil
    end
    local data = json.decode(text)
    if data == nil then
        return nil
    end
    local doc = {}
    doc.datatype = element.attr.datatype
    doc.data = data
    return doc
end
local function encodeInto(value, out)
    out.text = json.encode(value)
end
local function payloadFromJson(stanza, value)
    local problem = objectError("payload", value)
    if problem ~= nil then
        return problem
    end
    local payload = value
    local datatype = payload.datatype
    local data = payload.data
    local wrong = optionalTextError("payload.datatype", datatype)
    if wrong ~= nil then
        return wrong
    end
    if data == nil then
        return "payload.data: missing (any JSON value, null included)"
    end
    local out = {}
    local ok = pcall(encodeInto, data, out)
    if not ok or out.text == nil then
        return "payload.data: cannot be encoded as JSON"
    end
    if not isXmlSafe(out.text) then
        return "payload.data: invalid UTF-8 in a string"
    end
    stanza:text_tag("payload", out.text, {xmlns = ____exports.XMLNS_JSON_MSG, datatype = datatype})
    return nil
end
local function payloadFromForm()
    return nil, "payload: an object, not available in forms (send JSON)"
end
--- `payload` {datatype, data}: not expressible in a form.
____exports.payload = {
    name = "payload",
    kinds = ANY_KIND,
    toJson = payloadToJson,
    fromJson = payloadFromJson,
    fromForm = payloadFromForm,
    toForm = function() return nil end
}
--- Fields of any kind, in the order their elements are written.
____exports.ANY_KIND_FIELDS = {____exports.payload}
return ____exports
 end,
["src.mod_rest.map.index"] = function(...) 
local ____exports = {}
local buildStanza, FIELDS
local st = require("util.stanza")
local ____field = require("src.mod_rest.map.field")
local formScalar = ____field.formScalar
local isObject = ____field.isObject
local jsonArray = ____field.jsonArray
local ____core = require("src.mod_rest.map.core")
local ATTRIBUTES = ____core.ATTRIBUTES
local attributesFromJson = ____core.attributesFromJson
local attributesToJson = ____core.attributesToJson
local errorField = ____core.errorField
local inferKind = ____core.inferKind
local ____iq = require("src.mod_rest.map.iq")
local IQ_FIELDS = ____iq.IQ_FIELDS
local ____presence = require("src.mod_rest.map.presence")
local PRESENCE_FIELDS = ____presence.PRESENCE_FIELDS
local ____message = require("src.mod_rest.map.message")
local MESSAGE_FIELDS = ____message.MESSAGE_FIELDS
local ____payload = require("src.mod_rest.map.payload")
local ANY_KIND_FIELDS = ____payload.ANY_KIND_FIELDS
function buildStanza(doc)
    local kind, kindProblem = inferKind(doc, FIELDS)
    if kind == nil then
        return nil, kindProblem
    end
    local attr, attrProblem = attributesFromJson(kind, doc)
    if attr == nil then
        return nil, attrProblem
    end
    local stanza = st.stanza(kind, attr)
    for ____, mapper in ipairs(FIELDS) do
        local value = doc[mapper.name]
        if value ~= nil and mapper.kinds[kind] == true then
            local problem = mapper.fromJson(stanza, value)
            if problem ~= nil then
                return nil, problem
            end
        end
    end
    stanza:reset()
    return stanza, nil
end
FIELDS = {}
for ____, group in ipairs({
    IQ_FIELDS,
    PRESENCE_FIELDS,
    MESSAGE_FIELDS,
    ANY_KIND_FIELDS,
    {errorField}
}) do
    for ____, mapper in ipairs(group) do
        FIELDS[#FIELDS + 1] = mapper
    end
end
--- Top-level fields that are plain strings in JSON and in forms.
local PLAIN_FIELDS = {"kind", "type"}
for ____, ____value in ipairs(ATTRIBUTES) do
    local jsonName = ____value[1]
    PLAIN_FIELDS[#PLAIN_FIELDS + 1] = jsonName
end
--- The JSON document of a stanza: kind, type (presence without type:
-- "available"), to, from, id, lang and every covered payload; children no
-- mapper covers are left out. An `<xmpp>` wrapper (several iq replies)
-- gives `{ xmpp: [documents] }`.
function ____exports.stanzaToJson(stanza)
    local doc = {}
    if stanza.name == "xmpp" then
        local list = jsonArray()
        for ____, child in ipairs(stanza.tags) do
            list[#list + 1] = ____exports.stanzaToJson(child)
        end
        doc.xmpp = list
        return doc
    end
    attributesToJson(stanza, doc)
    local kind = stanza.name
    for ____, mapper in ipairs(FIELDS) do
        if mapper.kinds[kind] == true then
            local value = mapper.toJson(stanza)
            if value ~= nil then
                doc[mapper.name] = value
            end
        end
    end
    return doc
end
local function build(doc, out)
    local stanza, problem = buildStanza(doc)
    out.stanza = stanza
    out.problem = problem
end
--- The stanza a JSON document describes, or nil and a text naming the
-- wrong field. The kind is `kind`, else inferred (see core.ts inferKind);
-- attributes are taken as given (the caller checks addresses); fields
-- that do not apply to the kind, and unknown fields, are ignored. Never
-- raises.
function ____exports.jsonToStanza(doc)
    if not isObject(doc) then
        return nil, "expected a JSON object"
    end
    local out = {}
    local ok = pcall(build, doc, out)
    if not ok or out.stanza == nil then
        return nil, out.problem or "invalid document"
    end
    return out.stanza, nil
end
--- The JSON document of flat form fields: kind, type, to, from, id, lang
-- as strings, each mapped field through its form shape (a string unless
-- the field says otherwise); unknown names are ignored.
function ____exports.formToJson(form)
    local doc = {}
    for ____, name in ipairs(PLAIN_FIELDS) do
        doc[name] = form[name]
    end
    for ____, mapper in ipairs(FIELDS) do
        local text = form[mapper.name]
        if text ~= nil then
            if mapper.fromForm == nil then
                doc[mapper.name] = text
            else
                local value, problem = mapper.fromForm(text)
                if value == nil then
                    return nil, problem
                end
                doc[mapper.name] = value
            end
        end
    end
    return doc, nil
end
--- Flat form fields of a JSON document: the plain top-level fields and
-- each field a form can express (strings as they are, integers in
-- decimal, `true` as an empty value); the rest is left out.
function ____exports.jsonToForm(doc)
    local form = {}
    for ____, name in ipairs(PLAIN_FIELDS) do
        local value = doc[name]
        if type(value) == "string" then
            form[name] = value
        end
    end
    for ____, mapper in ipairs(FIELDS) do
        local value = doc[mapper.name]
        if value ~= nil then
            local ____temp_0
            if mapper.toForm == nil then
                ____temp_0 = formScalar(value)
            else
                ____temp_0 = mapper.toForm(value)
            end
            local text = ____temp_0
            if text ~= nil then
                form[mapper.name] = text
            end
        end
    end
    return form
end
--- The field mappers, in registry order (for specs and the schema).
function ____exports.fieldMappers()
    return FIELDS
end
return ____exports
 end,
["src.mod_rest.formats"] = function(...) 
local ____exports = {}
local xml = require("util.xml")
local ____util_2Ehttp = require("util.http")
local formdecode = ____util_2Ehttp.formdecode
local formencode = ____util_2Ehttp.formencode
local json = require("src.lib.json")
local ____text = require("src.lib.text")
local isXmlSafe = ____text.isXmlSafe
local ____negotiate = require("src.lib.negotiate")
local negotiate = ____negotiate.negotiate
local ____media_type = require("src.lib.media_type")
local mediaType = ____media_type.mediaType
local ____errors = require("src.mod_rest.errors")
local errors = ____errors.errors
local detailed = ____errors.detailed
local ____index = require("src.mod_rest.map.index")
local formToJson = ____index.formToJson
local jsonToForm = ____index.jsonToForm
local jsonToStanza = ____index.jsonToStanza
local stanzaToJson = ____index.stanzaToJson
____exports.XMPP_XML = "application/xmpp+xml"
____exports.JSON_TYPE = "application/json"
____exports.FORM = "application/x-www-form-urlencoded"
____exports.TEXT = "text/plain"
--- The output formats, in preference order (XML first).
____exports.STANZA_FORMATS = {____exports.XMPP_XML, ____exports.JSON_TYPE, ____exports.FORM}
local XMLNS_CLIENT = "jabber:client"
--- What util.xml puts between an attribute's namespace and its name.
local NAMESPACE_SEPARATOR = string.char(1)
--- Deepest element nesting accepted in an XML payload. Real stanzas stay
-- well under 20 levels; util.stanza serializes and clones recursively, so
-- a body of 192 KiB of `<a>` would overflow the Lua stack.
____exports.MAX_DEPTH = 100
--- The stanza format of a media type, nil for any other.
function ____exports.stanzaFormat(media)
    if media == ____exports.XMPP_XML or media == ____exports.JSON_TYPE or media == ____exports.FORM then
        return media
    end
    return nil
end
--- The format of an answer: the one `Accept` prefers (q-values honoured);
-- on a tie or a wildcard the request's own format; when `Accept` is absent
-- or accepts none of them, the request's format, else XML.
function ____exports.outputFormat(accept, contentType)
    local sent = ____exports.stanzaFormat(mediaType(contentType))
    local offers = sent == nil and ____exports.STANZA_FORMATS or ({sent, ____exports.XMPP_XML, ____exports.JSON_TYPE, ____exports.FORM})
    return negotiate(accept, offers) or sent or ____exports.XMPP_XML
end
--- JSON for a stanza, under pcall: a mapping bug must not take the answer down.
local function toJsonDoc(stanza)
    local ok, doc = pcall(stanzaToJson, stanza)
    if not ok then
        module:log(
            "warn",
            "Could not map %s to JSON: %s",
            stanza:top_tag(),
            tostring(doc)
        )
        return nil
    end
    return doc
end
--- Encode a stanza for output; an error when it cannot be expressed in that
-- format (several stanzas in a form), and the caller falls back to XML.
function ____exports.encodeStanza(format, stanza)
    if format == ____exports.XMPP_XML then
        return tostring(stanza), nil
    end
    if format == ____exports.FORM and stanza.name == "xmpp" then
        return nil, detailed("field", "Several stanzas cannot be expressed as one form")
    end
    local doc = toJsonDoc(stanza)
    if doc == nil then
        return nil, detailed("field", "The stanza cannot be expressed in JSON")
    end
    if format == ____exports.JSON_TYPE then
        return json.encode(doc), nil
    end
    local fields = jsonToForm(doc)
    return formencode(fields), nil
end
--- Encode for output in `format`, or in XML when that format cannot express
-- the stanza. Returns the body and the format used.
function ____exports.encodeOrXml(format, stanza)
    local body = ____exports.encodeStanza(format, stanza)
    if body == nil then
        module:log(
            "debug",
            "Answering %s in XML: it cannot be expressed as %s",
            stanza:top_tag(),
            format
        )
        return tostring(stanza), ____exports.XMPP_XML
    end
    return body, format
end
--- Check the depth of a parsed payload and drop the `jabber:client`
-- namespace where the client stream's parser would not have set it: on the
-- top element and on children in that namespace under it (an element in
-- jabber:client inside a foreign element, as in a forwarded message,
-- keeps it). Says what is wrong when the nesting is too deep or an
-- attribute is in a namespace. Iterative: no recursion on untrusted depth.
local function normalise(top)
    local elements = {top}
    local depths = {1}
    local inClient = {true}
    while #elements > 0 do
        local element = table.remove(elements)
        local depth = table.remove(depths)
        local parentInClient = table.remove(inClient)
        if depth > ____exports.MAX_DEPTH then
            return "too-deep"
        end
        for name in pairs(element.attr) do
            if (string.find(name, NAMESPACE_SEPARATOR, 1, true)) ~= nil then
                return "namespaced-attribute"
            end
        end
        local xmlns = element.attr.xmlns
        local childrenInClient = false
        if parentInClient and (xmlns == nil or xmlns == XMLNS_CLIENT) then
            element.attr.xmlns = nil
            childrenInClient = true
        end
        for ____, child in ipairs(element.tags) do
            elements[#elements + 1] = child
            depths[#depths + 1] = depth + 1
            inClient[#inClient + 1] = childrenInClient
        end
    end
    return nil
end
--- Parse an XML payload: one element, not too deep, jabber:client or no namespace on top.
function ____exports.decodeXml(body)
    local parsed = xml.parse(body)
    if parsed == nil then
        return nil, errors.new("parse")
    end
    local xmlns = parsed.attr.xmlns
    if xmlns ~= nil and xmlns ~= XMLNS_CLIENT then
        return nil, errors.new("xmlns")
    end
    local problem = normalise(parsed)
    if problem == "too-deep" then
        return nil, detailed(
            "too-deep",
            ("Elements are nested more than " .. tostring(____exports.MAX_DEPTH)) .. " deep"
        )
    elseif problem == "namespaced-attribute" then
        return nil, detailed("field", "Attributes in a namespace (other than xml:) are not supported")
    end
    return parsed, nil
end
--- The error of a mapping problem (a text naming the field).
function ____exports.fieldError(problem)
    return detailed("field", "Invalid payload: " .. problem)
end
--- Decode a JSON body into any JSON value (nil and the 400 when it is not
-- JSON). A JSON object is what a stanza needs; a payload path takes any value.
function ____exports.decodeJson(body)
    local decoded = json.decode(body)
    if decoded == nil then
        return nil, detailed("parse", "Failed to parse payload: not JSON")
    end
    return decoded, nil
end
--- Decode a form (a body, or a query string) into its fields: nil and the
-- 400 (`notForm`: a query string's own error) when it is not a form, a 422
-- when a name is empty or repeated (which of two values is meant?).
function ____exports.decodeFormBody(body, notForm)
    if notForm == nil then
        notForm = "parse"
    end
    local fields = {}
    if body == "" then
        return fields, nil
    end
    local decoded = formdecode(body)
    if type(decoded) == "string" then
        return nil, notForm == "parse" and detailed("parse", "Failed to parse payload: not a form") or errors.new(notForm)
    end
    for ____, item in ipairs(decoded) do
        if item.name == "" then
            return nil, ____exports.fieldError("a form field without a name")
        end
        if fields[item.name] ~= nil then
            local named = isXmlSafe(item.name) and ("'" .. item.name) .. "'" or "a field"
            return nil, ____exports.fieldError(named .. " is repeated")
        end
        fields[item.name] = item.value
    end
    return fields, nil
end
--- The document of flat form fields (nil and the 422 naming the field).
function ____exports.formDocument(form)
    local doc, problem = formToJson(form)
    if doc == nil then
        return nil, ____exports.fieldError(problem)
    end
    return doc, nil
end
--- The stanza of a JSON document (nil and the 422 naming the field).
function ____exports.documentToStanza(doc)
    if not json.isObject(doc) then
        return nil, detailed("field", "Invalid payload: expected a JSON object")
    end
    local kind = doc.kind
    if kind ~= nil and kind ~= "message" and kind ~= "presence" and kind ~= "iq" then
        return nil, errors.new("name")
    end
    local stanza, problem = jsonToStanza(doc)
    if stanza == nil then
        return nil, ____exports.fieldError(problem or "invalid document")
    end
    return stanza, nil
end
--- Decode a body of the given media type (parameters dropped, lower case)
-- into a stanza: XML, JSON or form. text/plain is not handled here (its
-- meaning depends on the route); another media type gives the 415.
function ____exports.decodeStanza(media, body)
    if media == ____exports.XMPP_XML then
        return ____exports.decodeXml(body)
    elseif media == ____exports.JSON_TYPE then
        local decoded, err = ____exports.decodeJson(body)
        if err ~= nil then
            return nil, err
        end
        return ____exports.documentToStanza(decoded)
    elseif media == ____exports.FORM then
        local form, formErr = ____exports.decodeFormBody(body)
        if form == nil then
            return nil, formErr
        end
        local doc, docErr = ____exports.formDocument(form)
        if doc == nil then
            return nil, docErr
        end
        return ____exports.documentToStanza(doc)
    end
    return nil, errors.new("mediatype")
end
return ____exports
 end,
["src.mod_rest.path"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local KINDS = setOf({"message", "presence", "iq"})
local IQ_TYPES = setOf({"get", "set", "result", "error"})
--- Iq payloads sent with type set (XEP-0050 commands, XEP-0313 queries, XEP-0191 blocking); others: get.
local SET_PAYLOADS = setOf({"command", "archive", "block", "unblock"})
--- Types and payload names: letters, digits, `_` (upload_request) and `-`.
local WORD = "[%w_%-]+"
--- The iq type a payload implies.
function ____exports.payloadType(payload)
    return SET_PAYLOADS[payload] ~= nil and "set" or "get"
end
--- An empty `to` is no `to`.
local function recipient(to)
    if to == "" then
        return nil
    end
    return to
end
--- Match `head` (two captures) followed by the end of the path, or by `/` and the rest.
local function split(path, head)
    local a, b = string.match(path, head .. "$")
    if a ~= nil then
        return a, b, nil
    end
    local c, d, rest = string.match(path, head .. "/(.*)$")
    return c, d, rest
end
--- `{kind}/{type}` or `{kind}/{type}/{to}` (a POST path); nil when it is
-- not one. `to` may be empty and may hold `/` (a full JID).
function ____exports.parsePostPath(path)
    local kind, word, rest = split(path, ("^(%a+)/(" .. WORD) .. ")")
    if kind == nil or word == nil or not (KINDS[kind] ~= nil) then
        return nil
    end
    local route = {
        kind = kind,
        type = word,
        to = recipient(rest)
    }
    if kind == "iq" and not (IQ_TYPES[word] ~= nil) then
        route.payload = word
        route.type = ____exports.payloadType(word)
    end
    return route
end
--- `{payload}` or `{payload}/{to}` (a GET path); nil when it is not one.
function ____exports.parseGetPath(path)
    local ____, payload, rest = split(path, ("^()(" .. WORD) .. ")")
    if payload == nil then
        return nil
    end
    return {
        kind = "iq",
        type = ____exports.payloadType(payload),
        payload = payload,
        to = recipient(rest)
    }
end
--- Put what the path says into a document: kind, type, to (the path wins over the body).
function ____exports.amendDocument(doc, route)
    doc.kind = route.kind
    doc.type = route.type
    if route.to ~= nil then
        doc.to = route.to
    end
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
["src.mod_rest.send"] = function(...) 
local ____exports = {}
local st = require("util.stanza")
local jid = require("util.jid")
local idlib = require("util.id")
local errorlib = require("util.error")
local promiselib = require("util.promise")
local ____address = require("src.lib.address")
local prepJid = ____address.prepJid
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____errors = require("src.mod_rest.errors")
local errors = ____errors.errors
local KINDS = setOf({"message", "presence", "iq"})
local XMLNS_CLIENT = "jabber:client"
local XMLNS_MAM = "urn:xmpp:mam:2"
--- True when `sender` may send from `from` (prepped).
local function mayClaim(sender, from)
    if sender.scope == "exact" then
        return from == sender.jid
    elseif sender.scope == "domain" then
        return jid.host(from) == sender.host
    end
    return jid.bare(from) == sender.bare
end
--- A presence to the sender's own account without a type: a broadcast, which needs a real client session.
local function isBroadcast(stanza, sender)
    if stanza.name ~= "presence" or sender.username == nil then
        return false
    end
    local to = stanza.attr.to
    local stanzaType = stanza.attr.type
    return (to == nil or jid.bare(to) == sender.bare) and (stanzaType == nil or stanzaType == "unavailable")
end
--- Check a decoded stanza and rewrite it for sending by `sender`: only
-- `to`, `id` (generated when absent), `type` and `xml:lang` are kept;
-- `from` is the sender's, or the one the stanza claims when the sender may
-- use it. An iq must be a get or set with exactly one child.
function ____exports.prepareStanza(stanza, sender)
    local xmlns = stanza.attr.xmlns
    if xmlns ~= nil and xmlns ~= XMLNS_CLIENT then
        return nil, errors.new("xmlns")
    end
    if not (KINDS[stanza.name] ~= nil) then
        return nil, errors.new("name")
    end
    local attr = stanza.attr
    local to
    if attr.to ~= nil then
        to = prepJid(attr.to)
        if to == nil then
            return nil, errors.new("to")
        end
    end
    local from = sender.jid
    if attr.from ~= nil then
        local claimed = prepJid(attr.from)
        if claimed == nil then
            return nil, errors.new("from")
        end
        if not mayClaim(sender, claimed) then
            return nil, errors.new("from-auth")
        end
        from = claimed
    end
    stanza.attr = {
        from = from,
        to = to,
        id = attr.id or idlib.medium(),
        type = attr.type,
        ["xml:lang"] = attr["xml:lang"]
    }
    if stanza.name == "iq" then
        if stanza.attr.type ~= "get" and stanza.attr.type ~= "set" then
            return nil, errors.new("iq-type")
        end
        if #stanza.tags ~= 1 then
            return nil, errors.new("iq-tags")
        end
    end
    if isBroadcast(stanza, sender) then
        return nil, errors.new("self-presence")
    end
    return stanza, nil
end
--- The session-like origin a request's stanzas come from: a client of the account, or the component.
local function newOrigin(sender, collector)
    local function send(stanza)
        if collector.closed then
            module:log(
                "debug",
                "Dropping %s for %s: its HTTP request was answered",
                stanza:top_tag(),
                sender.jid
            )
        else
            local ____collector_stanzas_0 = collector.stanzas
            ____collector_stanzas_0[#____collector_stanzas_0 + 1] = stanza
        end
        return true
    end
    local origin = {
        type = sender.username == nil and "component" or "c2s",
        host = sender.host,
        full_jid = sender.jid,
        send = send
    }
    origin.username = sender.username
    origin.resource = sender.resource
    return origin
end
--- How core_post_stanza names the recipient; clears `to` of a stanza to the sender's own bare JID, as it does.
local function addressing(origin, stanza)
    local node, host, resource = jid.split(stanza.attr.to)
    if node ~= nil then
        if resource ~= nil then
            return "full", false
        end
        if node == origin.username and host == origin.host then
            stanza.attr.to = nil
            return "bare", true
        end
        return "bare", false
    end
    if host ~= nil then
        return "host", false
    end
    return "bare", true
end
--- Fire `pre-stanza` and `pre-KIND/ADDRESSING` as Prosody does for a
-- client's stanzas, so that carbons, archives, blocking and the like see
-- them. True when a handler dropped or handled the stanza.
local function firePreEvents(origin, stanza)
    local to, toSelf = addressing(origin, stanza)
    local event = {origin = origin, stanza = stanza, to_self = toSelf}
    if module:fire_event("pre-stanza", event) ~= nil then
        module:log(
            "debug",
            "%s dropped by a pre-stanza handler",
            stanza:top_tag()
        )
        return true
    end
    local handled = module:fire_event((("pre-" .. stanza.name) .. "/") .. to, event)
    return handled ~= nil and handled ~= false
end
--- The collected replies as one stanza: itself when alone, else wrapped in `<xmpp>`.
local function wrapped(stanzas)
    if #stanzas == 1 then
        return stanzas[1]
    end
    local wrapper = st.stanza("xmpp", {xmlns = XMLNS_CLIENT})
    for ____, stanza in ipairs(stanzas) do
        wrapper:add_direct_child(stanza)
    end
    return wrapper
end
--- Run `f` protected: a raising handler somewhere in routing must not become a traceback.
local function protect(what, f)
    local ok, err = pcall(f)
    if not ok then
        module:log(
            "error",
            "Error while %s: %s",
            what,
            tostring(err)
        )
        return errors.new("internal")
    end
    return nil
end
--- Route a message or presence from the sender: 202, or 200 with what came
-- back to the origin while sending (a bounce).
function ____exports.sendStanza(stanza, sender)
    local collector = {stanzas = {}, closed = false}
    local origin = newOrigin(sender, collector)
    module:log(
        "debug",
        "Sending %s for %s via HTTP",
        stanza:top_tag(),
        sender.jid
    )
    local failure = protect(
        "sending " .. stanza:top_tag(),
        function()
            if not firePreEvents(origin, stanza) then
                module:send(stanza, origin)
            end
        end
    )
    collector.closed = true
    if failure ~= nil then
        return nil, failure
    end
    if #collector.stanzas > 0 then
        return {
            status = 200,
            reply = wrapped(collector.stanzas)
        }, nil
    end
    return {status = 202}, nil
end
--- Iqs waiting for replies, by sender's bare JID, and in all.
local pendingBySender = {}
local pendingTotal = 0
--- How many iqs of `bare` are waiting (for specs and status).
function ____exports.pendingIqs(bare)
    if bare == nil then
        return pendingTotal
    end
    return pendingBySender[bare] or 0
end
local function addPending(bare, delta)
    local count = (pendingBySender[bare] or 0) + delta
    if count > 0 then
        pendingBySender[bare] = count
    else
        pendingBySender[bare] = nil
    end
    pendingTotal = pendingTotal + delta
end
--- The XEP-0313 query of an iq, given a queryid when it has none (so its results are told apart).
local function archiveQuery(stanza)
    local query = stanza:get_child("query", XMLNS_MAM)
    if query == nil then
        return nil
    end
    if query.attr.queryid == nil then
        query.attr.queryid = idlib.medium()
    end
    return query.attr.queryid
end
--- Catch the MAM results of a query sent to another server (local archives
-- answer through the origin): messages to the sender carrying a result for
-- this queryid. Returns the unhook function.
local function collectArchiveResults(from, queryid, collector)
    local node, ____, resource = jid.split(from)
    local eventName = node == nil and "message/host" or (resource == nil and "message/bare" or "message/full")
    local function handler(event)
        local message = event.stanza
        local result = message:get_child("result", XMLNS_MAM)
        if result == nil or result.attr.queryid ~= queryid or message.attr.to ~= from or collector.closed then
            return nil
        end
        local ____collector_stanzas_1 = collector.stanzas
        ____collector_stanzas_1[#____collector_stanzas_1 + 1] = message
        return true
    end
    module:hook(eventName, handler, 10)
    return function() return module:unhook(eventName, handler) end
end
--- The reply, with the client's id again, after what else came back (MAM results).
local function answerOf(reply, clientId, internalId, collector)
    if reply.attr.id == internalId then
        reply.attr.id = clientId
    end
    local stanzas = collector.stanzas
    if stanzas[#stanzas] ~= reply then
        stanzas[#stanzas + 1] = reply
    end
    return wrapped(stanzas)
end
--- What a rejection of send_iq means: the error reply (200 with it), a timeout (504), or another failure.
local function rejectionOf(reason, clientId, internalId, collector)
    if not errorlib.is_error(reason) then
        module:log(
            "error",
            "Error while waiting for an iq reply: %s",
            tostring(reason)
        )
        return errors.new("internal")
    end
    local replyStanza = reason.context.stanza
    if st.is_stanza(replyStanza) then
        return {
            status = 200,
            reply = answerOf(replyStanza, clientId, internalId, collector)
        }
    end
    if reason.condition == "remote-server-timeout" then
        return errors.new("iq-timeout")
    end
    module:log(
        "debug",
        "No reply to an iq: %s: %s",
        reason.condition,
        tostring(reason.text)
    )
    return errors.new("busy")
end
--- Send an iq get/set and wait for its reply, at most `timeout` seconds.
-- The iq goes out with an id of its own (never shared with another
-- request); the reply comes back with the client's. Always resolves: with
-- the delivery, or with the error to answer.
function ____exports.sendIq(stanza, sender, timeout, limits)
    if ____exports.pendingIqs(sender.bare) >= limits.perSender then
        return promiselib.resolve(errors.new("iq-pending"))
    end
    if pendingTotal >= limits.total then
        return promiselib.resolve(errors.new("busy"))
    end
    local collector = {stanzas = {}, closed = false}
    local origin = newOrigin(sender, collector)
    local handled = false
    local failure = protect(
        "sending " .. stanza:top_tag(),
        function()
            handled = firePreEvents(origin, stanza)
        end
    )
    if failure ~= nil or handled then
        collector.closed = true
        if failure ~= nil then
            return promiselib.resolve(failure)
        end
        local delivery = #collector.stanzas > 0 and ({
            status = 200,
            reply = wrapped(collector.stanzas)
        }) or ({status = 202})
        return promiselib.resolve(delivery)
    end
    local clientId = stanza.attr.id
    local internalId = idlib.medium()
    stanza.attr.id = internalId
    local queryid = archiveQuery(stanza)
    local unhook
    if queryid ~= nil then
        unhook = collectArchiveResults(stanza.attr.from, queryid, collector)
    end
    addPending(sender.bare, 1)
    module:log(
        "debug",
        "Sending %s for %s via HTTP, waiting %s s",
        stanza:top_tag(),
        sender.jid,
        tostring(timeout)
    )
    return module:send_iq(stanza, origin, timeout):next(
        function(event) return {
            status = 200,
            reply = answerOf(event.stanza, clientId, internalId, collector)
        } end,
        function(reason) return rejectionOf(reason, clientId, internalId, collector) end
    ):finally(function()
        collector.closed = true
        addPending(sender.bare, -1)
        if unhook ~= nil then
            unhook()
        end
    end)
end
return ____exports
 end,
["src.mod_rest.demo"] = function(...) 
local ____exports = {}
--- Swagger UI's stock page shows the petstore: point its `url:` at our document, and switch off the online validator.
local function pointedAt(index, documentUrl)
    local withUrl = string.gsub(
        index,
        "(%s?url%s*:%s*)%b\"\"",
        function(prefix) return ((prefix .. "\"") .. documentUrl) .. "\"" end,
        1
    )
    local withoutValidator = string.gsub(withUrl, "(%s*SwaggerUIBundle%s*%(%s*{)(%s*)", "%1%2validatorUrl: false,%2")
    return withoutValidator
end
--- The folder's index.html, nil (with a warning) when it cannot be read.
local function readIndex(folder)
    local file, err = io.open(folder .. "/index.html", "rb")
    if file == nil then
        module:log(
            "warn",
            "rest_demo_resources: cannot read index.html (%s); it should name Swagger UI's dist folder",
            tostring(err)
        )
        return nil
    end
    local text = file:read("*a")
    file:close()
    return type(text) == "string" and text or nil
end
local FILES_LIBRARY = "net.http.files"
--- The page may load only the folder's own scripts and styles (Swagger UI inlines some), and not be framed.
local CONTENT_SECURITY_POLICY = table.concat(
    {
        "default-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self' 'unsafe-inline'",
        "frame-ancestors 'none'"
    },
    "; "
)
local MIME_TYPES = {
    html = "text/html",
    css = "text/css",
    js = "application/javascript",
    map = "application/json",
    json = "application/json",
    png = "image/png",
    svg = "image/svg+xml"
}
--- The demo routes for the folder, relative to the API's base path.
function ____exports.demoRoutes(folder, baseUrl)
    local files = require(FILES_LIBRARY)
    local index = readIndex(folder)
    local serveFile = files.serve({path = folder, mime_map = MIME_TYPES})
    local function serve(event, path)
        local result = serveFile(event, path)
        if result == nil then
            return true
        end
        return result
    end
    local routes = {
        ["GET /"] = {status_code = 303, headers = {location = baseUrl .. "/demo/"}},
        ["GET /demo/*"] = serve
    }
    if index ~= nil then
        local page = pointedAt(index, baseUrl .. "/demo/openapi.yaml")
        routes["GET /demo/"] = {
            headers = {content_type = "text/html", content_security_policy = CONTENT_SECURITY_POLICY},
            body = page
        }
    end
    return routes
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
["src.lib.webhook"] = function(...) 
local ____exports = {}
local http = require("net.http")
local hashes = require("util.hashes")
local errorlib = require("util.error")
local promiselib = require("util.promise")
local timelib = require("util.time")
local idlib = require("util.id")
local standard = require("src.lib.standard_webhooks")
--- Name of the legacy header carrying `sha256=<hex HMAC of the body>`.
____exports.SIGNATURE_HEADER = "X-Prosody-Signature"
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
        ["too-large"] = {type = "cancel", condition = "undefined-condition", text = "The endpoint's answer is too large"}
    }
)
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
    local function finish(response)
        response.body = table.concat(parts)
    end
    return {
        handler = function() return sink, finish end,
        tooLarge = function() return overflow end
    }
end
function ____exports.newWebhook(config)
    local outcomes = module:metric(
        "counter",
        "webhook_requests",
        "",
        "Webhook requests by outcome",
        {"outcome"}
    )
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
    local queue = {}
    local inflight = 0
    local health = "unknown"
    --- Keep the module status in step with the endpoint's health, logging changes only.
    local function setHealth(ok, reason)
        if ok and health ~= "connected" then
            health = "connected"
            module:set_status("info", "Connected to the endpoint", true)
        elseif not ok and health ~= "failing" then
            health = "failing"
            module:log_status("warn", "Endpoint failing: %s", reason)
        end
    end
    local function start(job)
        inflight = inflight + 1
        local started = timelib.now()
        local settled = false
        local request
        local timer
        local function finish(outcome)
            settled = true
            inflight = inflight - 1
            if timer ~= nil then
                timer:stop()
            end
            outcomes:with_labels(outcome):add(1)
            local next = table.remove(queue, 1)
            if next ~= nil then
                start(next)
            end
        end
        timer = module:add_timer(
            config.timeout,
            function()
                if not settled then
                    finish("timeout")
                    if request ~= nil then
                        http.destroy_request(request)
                    end
                    setHealth(false, "timeout")
                    job.reject(____exports.deliveryErrors.new("timeout", {url = job.url, outcome = "timeout"}))
                end
            end
        )
        if config.standardKeys ~= nil and #config.standardKeys > 0 then
            standard.addHeaders(
                job.headers,
                config.standardKeys,
                job.id,
                os.time(),
                job.body or ""
            )
        end
        local collector = bodyCollector(config.maxBody)
        local function onAnswer(body, code, response)
            if settled then
                return
            end
            if collector.tooLarge() or code ~= 0 and #body > config.maxBody then
                finish("too-large")
                setHealth(false, "answer too large")
                job.reject(____exports.deliveryErrors.new("too-large", {url = job.url, outcome = "too-large", limit = config.maxBody}))
                return
            end
            if code == 0 then
                finish("connection")
                setHealth(false, body)
                job.reject(____exports.deliveryErrors.new("connection", {url = job.url, outcome = "connection", reason = body}))
                return
            end
            local latency = timelib.now() - started
            latencies:with_labels():sample(latency)
            finish(code >= 200 and code < 300 and "success" or "http-error")
            setHealth(
                code < 500 or job.method == "OPTIONS" and code == 501,
                "HTTP " .. tostring(code)
            )
            local headers = response and response.headers or ({})
            job.resolve({code = code, body = body, headers = headers, latency = latency})
        end
        local options = {
            method = job.method,
            body = job.body,
            headers = job.headers,
            suppress_url = true,
            streaming_handler = collector.handler
        }
        local ok, result = pcall(function() return http.request(job.url, options, onAnswer) end)
        if not ok then
            onAnswer(
                tostring(result),
                0,
                nil
            )
        else
            request = result
        end
    end
    --- Send now, queue, or refuse when the queue is full.
    local function submit(method, url, body, headers)
        local allHeaders = {}
        for name, value in pairs(headers) do
            allHeaders[name] = value
        end
        if config.secret ~= nil then
            allHeaders[____exports.SIGNATURE_HEADER] = ____exports.sign(config.secret, body or "")
        end
        return promiselib.new(function(resolve, reject)
            local job = {
                method = method,
                url = url,
                body = body,
                headers = allHeaders,
                id = "msg_" .. idlib.medium(),
                resolve = resolve,
                reject = reject
            }
            if inflight < config.maxInflight then
                start(job)
            elseif #queue < config.maxQueue then
                queue[#queue + 1] = job
            else
                outcomes:with_labels("queue-full"):add(1)
                reject(____exports.deliveryErrors.new("queue-full", {url = url, outcome = "queue-full"}))
            end
        end)
    end
    return {
        post = function(url, body, headers)
            return submit("POST", url, body, headers)
        end,
        probe = function(url, headers)
            return submit("OPTIONS", url, nil, headers)
        end,
        load = function()
            return inflight, #queue
        end
    }
end
return ____exports
 end,
["src.mod_rest.callback_url"] = function(...) 
local ____exports = {}
local ____util_2Ehttp = require("util.http")
local urlencode = ____util_2Ehttp.urlencode
--- The URL for one stanza: each `{kind}`, `{type}`, `{to}` and `{from}`
-- replaced by its value, URL-encoded (every byte but `A-Za-z0-9.~_-`), so a
-- JID cannot add a path segment, a query or a host. Other braces stay as
-- they are.
function ____exports.fillTemplate(template, values)
    local filled = string.gsub(
        template,
        "{(%a+)}",
        function(name)
            if name == "kind" then
                return urlencode(values.kind)
            elseif name == "type" then
                return urlencode(values.type or "")
            elseif name == "to" then
                return urlencode(values.to or "")
            elseif name == "from" then
                return urlencode(values.from or "")
            end
            return ("{" .. name) .. "}"
        end
    )
    return filled
end
--- True for an absolute http or https URL with a host (what net.http can request).
function ____exports.isHttpUrl(url)
    return (string.find(url, "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#%s]+")) ~= nil and (string.find(url, "%s")) == nil
end
return ____exports
 end,
["src.mod_rest.callback_options"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____media_type = require("src.lib.media_type")
local mediaType = ____media_type.mediaType
local ____formats = require("src.mod_rest.formats")
local STANZA_FORMATS = ____formats.STANZA_FORMATS
local XMPP_XML = ____formats.XMPP_XML
local JSON_TYPE = ____formats.JSON_TYPE
local KINDS = {"message", "presence", "iq"}
local ADDRESSINGS = {"bare", "full", "host"}
--- The format named by rest_callback_content_type: a media type of STANZA_FORMATS (any case, parameters ignored) or `json`.
local function formatNamed(value)
    local named = string.lower(value) == "json" and JSON_TYPE or mediaType(value)
    for ____, format in ipairs(STANZA_FORMATS) do
        if format == named then
            return format
        end
    end
    return nil
end
--- rest_callback_content_type: the format stanzas are POSTed in until the
-- endpoint's OPTIONS answer picks one. An unknown value is an error
-- logged here, once, and XML is used.
function ____exports.callbackFormatOption()
    local value = module:get_option_string("rest_callback_content_type", XMPP_XML)
    local format = formatNamed(value)
    if format == nil then
        module:log(
            "error",
            "rest_callback_content_type = %q is not one of %s (or json); sending %s",
            value,
            table.concat(STANZA_FORMATS, ", "),
            XMPP_XML
        )
        return XMPP_XML
    end
    return format
end
--- A list option of known words: unknown entries are ignored with a
-- warning; when none is left, the default (with a warning).
local function wordsOption(name, known, fallback)
    local knownSet = setOf(known)
    local chosen = {}
    local seen = {}
    for ____, word in ipairs(module:get_option_array(name, fallback)) do
        if type(word) == "string" and knownSet[word] ~= nil then
            if not (seen[word] ~= nil) then
                seen[word] = true
                chosen[#chosen + 1] = word
            end
        else
            module:log(
                "warn",
                "Ignoring %s in %s: expected %s",
                tostring(word),
                name,
                table.concat(known, ", ")
            )
        end
    end
    if #chosen == 0 then
        module:log(
            "warn",
            "No valid entry in %s; using %s",
            name,
            table.concat(fallback, ", ")
        )
        return fallback
    end
    return chosen
end
--- rest_callback_stanzas: the stanza kinds forwarded (default all three).
function ____exports.callbackKindsOption()
    return wordsOption("rest_callback_stanzas", KINDS, KINDS)
end
--- rest_callback_events: the addressing forms hooked. A Component gets
-- everything addressed to it by default; a VirtualHost only what is
-- addressed to the host itself (its users' stanzas are theirs).
function ____exports.callbackEventsOption()
    local fallback = module:get_host_type() == "component" and ADDRESSINGS or ({"host"})
    return wordsOption("rest_callback_events", ADDRESSINGS, fallback)
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
["src.mod_rest.callback_answer"] = function(...) 
local ____exports = {}
local wantsReceipt, RECEIPTS
local st = require("util.stanza")
local jid = require("util.jid")
local idlib = require("util.id")
local ____util_2Eencodings = require("util.encodings")
local utf8 = ____util_2Eencodings.utf8
local ____stanza_errors = require("src.lib.stanza_errors")
local errorForStatus = ____stanza_errors.errorForStatus
local ____media_type = require("src.lib.media_type")
local mediaType = ____media_type.mediaType
local ____text = require("src.lib.text")
local isXmlSafe = ____text.isXmlSafe
local ____formats = require("src.mod_rest.formats")
local decodeStanza = ____formats.decodeStanza
function wantsReceipt(stanza)
    local stanzaType = stanza.attr.type
    if stanza.name ~= "message" or stanza.attr.id == nil or stanzaType == "error" or stanzaType == "groupchat" then
        return false
    end
    return stanza:get_child("request", RECEIPTS) ~= nil
end
RECEIPTS = "urn:xmpp:receipts"
--- Longest error text taken from an endpoint's text/plain error body, in bytes.
____exports.MAX_ERROR_TEXT = 1024
--- Text of the error a sender gets for a 2xx answer that cannot be used.
____exports.INVALID_REPLY_TEXT = "The service sent an invalid reply"
--- What answering a stanza needs from it. `recipient` and `sender` stand
-- in for a missing `to` (a stanza to the sender's own account) and `from`.
function ____exports.originalOf(stanza, recipient, sender)
    local top = st.clone(stanza, true)
    top.attr.to = stanza.attr.to or recipient
    top.attr.from = stanza.attr.from or sender
    return {
        stanza = top,
        wantsReceipt = wantsReceipt(stanza)
    }
end
--- Errors and iq results are never answered: no loops.
function ____exports.isAnswerable(stanza)
    local stanzaType = stanza.attr.type
    return stanzaType ~= "error" and not (stanza.name == "iq" and stanzaType == "result")
end
--- True for an iq that expects exactly one answer.
function ____exports.isRequest(stanza)
    return stanza.name == "iq" and (stanza.attr.type == "get" or stanza.attr.type == "set")
end
--- The receipt for `original`, from the address it was sent to.
local function receiptFor(original)
    return st.message({
        to = original.attr.from,
        from = original.attr.to,
        id = idlib.medium(),
        type = original.attr.type
    }):tag("received", {xmlns = RECEIPTS, id = original.attr.id}):up()
end
--- Accepted without a reply: an iq request still gets its result, a receipt request its receipt.
local function accepted(original)
    if ____exports.isRequest(original.stanza) then
        return {replies = {st.reply(original.stanza)}}
    end
    if original.wantsReceipt then
        return {replies = {receiptFor(original.stanza)}}
    end
    return {replies = {}}
end
--- The sender's error for a 2xx answer that cannot be used, with the warning saying why.
local function invalidReply(original, why)
    return {
        replies = {st.error_reply(original.stanza, "cancel", "undefined-condition", ____exports.INVALID_REPLY_TEXT)},
        warning = why
    }
end
--- A text/plain answer: a message with that body, of the original's type
-- when it was groupchat (the reply then goes to the room), else chat.
local function textReply(original, body)
    if not isXmlSafe(body) then
        return nil
    end
    return st.message({type = original.attr.type == "groupchat" and "groupchat" or "chat"}):text_tag("body", body)
end
--- Turn the endpoint's stanza into the reply: to/from swapped (a groupchat
-- message goes to the room's bare JID), an iq becomes the result (or stays
-- an error) with the original's id, an error keeps the original's id; the
-- endpoint's other attributes but id, type and xml:lang are dropped.
local function adopt(original, parsed)
    local replyType = parsed.attr.type
    local id = parsed.attr.id or idlib.medium()
    local to = original.attr.from
    if parsed.name == "iq" then
        replyType = replyType == "error" and "error" or "result"
        id = original.attr.id or id
    elseif replyType == "error" then
        id = original.attr.id or id
    elseif parsed.name == "message" and replyType == "groupchat" then
        to = jid.bare(original.attr.from)
    end
    parsed.attr = {
        to = to,
        from = original.attr.to,
        id = id,
        type = replyType,
        ["xml:lang"] = parsed.attr["xml:lang"]
    }
    return parsed
end
--- The reply, plus the receipt if one is due: inside a reply message to the sender, else on its own.
local function withReceipt(original, reply)
    if not original.wantsReceipt or reply.attr.type == "error" then
        return {reply}
    end
    if reply.name == "message" and reply.attr.to == original.stanza.attr.from then
        if reply:get_child("received", RECEIPTS) == nil then
            reply:tag("received", {xmlns = RECEIPTS, id = original.stanza.attr.id}):up()
        end
        return {reply}
    end
    return {
        reply,
        receiptFor(original.stanza)
    }
end
--- True for a body that says nothing (an "OK" without content).
local function isBlank(body)
    return (string.find(body, "%S")) == nil
end
--- A 2xx answer: a reply of the original's kind, or accepted without one.
local function success(original, answer)
    if answer.code == 202 or answer.code == 204 or isBlank(answer.body) then
        return accepted(original)
    end
    local contentType = mediaType(answer.headers["content-type"])
    local parsed
    if contentType == "text/plain" then
        parsed = textReply(original.stanza, answer.body)
        if parsed == nil then
            return invalidReply(original, "its text/plain answer is not valid UTF-8 text")
        end
    else
        local decoded, err = decodeStanza(contentType, answer.body)
        if decoded == nil then
            return invalidReply(
                original,
                (("its " .. tostring(contentType or "untyped")) .. " answer is unusable: ") .. (err.text or err.condition)
            )
        end
        parsed = decoded
    end
    if parsed.name ~= original.stanza.name then
        return invalidReply(original, ((("it answered <" .. original.stanza.name) .. "> with <") .. parsed.name) .. ">")
    end
    return {replies = withReceipt(
        original,
        adopt(original.stanza, parsed)
    )}
end
--- The error text an endpoint gave with a non-2xx status: a text/plain
-- body, XML-safe, trimmed, cut to MAX_ERROR_TEXT bytes (at a character
-- boundary). Nil otherwise. Only the first bytes are looked at: a pattern
-- over the whole body (up to the answer limit) could take quadratic time.
function ____exports.errorText(answer)
    if mediaType(answer.headers["content-type"]) ~= "text/plain" then
        return nil
    end
    local first = string.find(answer.body, "%S")
    if first == nil then
        return nil
    end
    local text = string.sub(answer.body, first, first + ____exports.MAX_ERROR_TEXT - 1)
    do
        local i = 0
        while i < 3 and not utf8.valid(text) do
            text = string.sub(text, 1, -2)
            i = i + 1
        end
    end
    local trimmed = string.match(text, "^(.-)%s*$")
    if trimmed == nil or not isXmlSafe(trimmed) then
        return nil
    end
    return trimmed
end
--- What to send back for the endpoint's answer to an answerable stanza.
function ____exports.decide(original, answer)
    if answer.code >= 200 and answer.code < 300 then
        return success(original, answer)
    end
    local spec = errorForStatus(answer.code)
    return {replies = {st.error_reply(
        original.stanza,
        spec.type,
        spec.condition,
        ____exports.errorText(answer)
    )}}
end
return ____exports
 end,
["src.mod_rest.callback"] = function(...) 
local ____exports = {}
local st = require("util.stanza")
local jid = require("util.jid")
local ____webhook = require("src.lib.webhook")
local newWebhook = ____webhook.newWebhook
local ____standard_webhooks = require("src.lib.standard_webhooks")
local secretsOption = ____standard_webhooks.secretsOption
local ____negotiate = require("src.lib.negotiate")
local negotiate = ____negotiate.negotiate
local ____options = require("src.lib.options")
local periodOption = ____options.periodOption
local positiveIntegerOption = ____options.positiveIntegerOption
local ____formats = require("src.mod_rest.formats")
local STANZA_FORMATS = ____formats.STANZA_FORMATS
local encodeStanza = ____formats.encodeStanza
local ____callback_url = require("src.mod_rest.callback_url")
local fillTemplate = ____callback_url.fillTemplate
local isHttpUrl = ____callback_url.isHttpUrl
local ____callback_options = require("src.mod_rest.callback_options")
local callbackEventsOption = ____callback_options.callbackEventsOption
local callbackFormatOption = ____callback_options.callbackFormatOption
local callbackKindsOption = ____callback_options.callbackKindsOption
local ____callback_answer = require("src.mod_rest.callback_answer")
local decide = ____callback_answer.decide
local isAnswerable = ____callback_answer.isAnswerable
local originalOf = ____callback_answer.originalOf
--- Largest endpoint answer accepted, in bytes: its stanza must still be
-- deliverable (as for mod_component_http).
local MAX_ANSWER_SIZE = 512 * 1024
--- Priority of the stanza hooks: after the host's own handlers (disco, ping, ... on a VirtualHost).
local HOOK_PRIORITY = -1
--- The formats the endpoint may answer in, for the Accept header of each POST.
local READ_BACK = "application/xmpp+xml, application/json, application/x-www-form-urlencoded, text/plain"
--- A language tag fit for a header (letters, digits, hyphens): xml:lang can hold anything, line breaks included.
local LANGUAGE_TAG = "^%w[%w%-]*$"
local MAX_LANGUAGE_TAG = 64
local function send(exchange, reply)
    exchange.answered = true
    module:send(reply)
end
--- An error to the sender, unless its stanza must not be answered or has been answered.
local function sendError(exchange, errorType, condition, text)
    local stanza = exchange.original.stanza
    if not exchange.answered and isAnswerable(stanza) then
        send(
            exchange,
            st.error_reply(stanza, errorType, condition, text)
        )
    end
end
--- Headers of a POST: the format, the language of the stanza when it is a plain tag, what we read back.
local function requestHeaders(format, lang)
    local headers = {["Content-Type"] = format, Accept = READ_BACK}
    if lang ~= nil and #lang <= MAX_LANGUAGE_TAG and (string.find(lang, LANGUAGE_TAG)) ~= nil then
        headers["Content-Language"] = lang
    end
    return headers
end
--- Send what the endpoint's answer calls for.
local function handleAnswer(exchange, answer)
    local stanza = exchange.original.stanza
    if not isAnswerable(stanza) then
        module:log(
            "debug",
            "Endpoint answered HTTP %d for %s, which is not answered",
            answer.code,
            stanza:top_tag()
        )
        return
    end
    local decision = decide(exchange.original, answer)
    if decision.warning ~= nil then
        module:log(
            "warn",
            "Unusable webhook answer (HTTP %d) for %s: %s",
            answer.code,
            stanza:top_tag(),
            decision.warning
        )
    else
        module:log(
            "debug",
            "Endpoint answered HTTP %d for %s",
            answer.code,
            stanza:top_tag()
        )
    end
    for ____, reply in ipairs(decision.replies) do
        send(exchange, reply)
    end
end
--- No answer: the endpoint could not be reached (wait/recipient-unavailable),
-- did not answer in time (wait/remote-server-timeout), the queue is full,
-- or the answer was too large (the library's errors).
local function handleFailure(exchange, err)
    local outcome = err.context.outcome
    local level = outcome == "too-large" and "warn" or "debug"
    module:log(
        level,
        "No usable webhook answer for %s: %s",
        exchange.original.stanza:top_tag(),
        tostring(err.text)
    )
    if outcome == "connection" then
        sendError(exchange, "wait", "recipient-unavailable", err.text)
    elseif outcome == "timeout" then
        sendError(exchange, "wait", "remote-server-timeout", err.text)
    else
        sendError(exchange, err.type, err.condition, err.text)
    end
end
local function encodeToTable(format, stanza)
    local body, err = encodeStanza(format, stanza)
    return {body = body, err = err}
end
--- Encode for the endpoint; a stanza the format cannot express (or a bug of the mapping) is an error.
local function encodeFor(format, stanza)
    local ok, result = pcall(encodeToTable, format, stanza)
    if not ok then
        module:log(
            "error",
            "Encoding %s as %s failed: %s",
            stanza:top_tag(),
            format,
            tostring(result)
        )
        return nil, "internal error"
    end
    if result.body ~= nil then
        return result.body, nil
    end
    local err = result.err
    if err == nil then
        return nil, "no reason given"
    end
    return nil, err.text or err.condition
end
--- Forward one stanza; its answer comes when the endpoint's does.
local function forward(callback, event)
    local stanza = event.stanza
    local origin = event.origin
    local sender = stanza.attr.from or origin.full_jid or origin.host
    local recipient = stanza.attr.to or jid.bare(sender) or module.host
    local exchange = {
        original = originalOf(stanza, recipient, sender),
        answered = false
    }
    local format = callback.format
    local body, problem = encodeFor(format, stanza)
    if body == nil then
        module:log(
            "warn",
            "Cannot forward %s to the webhook as %s: %s",
            stanza:top_tag(),
            format,
            problem
        )
        sendError(exchange, "modify", "not-acceptable", "This stanza cannot be forwarded as " .. format)
        return true
    end
    local url = fillTemplate(callback.url, {kind = stanza.name, type = stanza.attr.type, to = recipient, from = sender})
    module:log(
        "debug",
        "Forwarding %s to the webhook",
        stanza:top_tag()
    )
    callback.webhook.post(
        url,
        body,
        requestHeaders(format, stanza.attr["xml:lang"])
    ):next(
        function(answer) return handleAnswer(exchange, answer) end,
        function(err) return handleFailure(exchange, err) end
    ):catch(function(err)
        module:log(
            "error",
            "Failed to handle the webhook answer for %s: %s",
            exchange.original.stanza:top_tag(),
            tostring(err)
        )
        sendError(exchange, "cancel", "internal-server-error")
    end)
    return true
end
--- A 200 answer to the OPTIONS probe: its Accept header picks the format (ties favour the configured one).
local function useProbeAnswer(callback, answer)
    if answer.code ~= 200 then
        module:log(
            "debug",
            "Webhook endpoint answered the OPTIONS probe with HTTP %d; sending %s",
            answer.code,
            callback.format
        )
        return
    end
    local accept = answer.headers.accept
    if accept == nil then
        module:log("debug", "Webhook endpoint answered the OPTIONS probe without Accept; sending %s", callback.format)
        return
    end
    local offers = {callback.format}
    for ____, format in ipairs(STANZA_FORMATS) do
        if format ~= callback.format then
            offers[#offers + 1] = format
        end
    end
    local chosen = negotiate(accept, offers)
    if chosen == nil then
        module:log(
            "warn",
            "Webhook endpoint accepts none of %s (Accept: %s); sending %s anyway",
            table.concat(STANZA_FORMATS, ", "),
            accept,
            callback.format
        )
        return
    end
    module:log("info", "Webhook endpoint asked for %s", chosen)
    callback.format = chosen
end
--- Ask the endpoint (OPTIONS) which format it wants; the delivery library keeps the status.
local function probe(callback)
    local url = fillTemplate(callback.url, {kind = "meta", type = "info", to = module.host, from = module.host})
    callback.webhook.probe(url, {}):next(
        function(answer) return useProbeAnswer(callback, answer) end,
        function(err) return module:log(
            "debug",
            "No answer to the OPTIONS probe of the webhook: %s",
            tostring(err.text)
        ) end
    ):catch(function(err) return module:log(
        "error",
        "Failed to handle the OPTIONS probe answer: %s",
        tostring(err)
    ) end)
end
--- Reads the rest_callback_* options; when rest_callback_url is set, probes it and hooks the stanza events. Call once at load.
function ____exports.setupCallbacks()
    local url = module:get_option_string("rest_callback_url")
    if url == nil then
        return
    end
    local probeUrl = fillTemplate(url, {kind = "meta", type = "info", to = module.host, from = module.host})
    if not isHttpUrl(probeUrl) then
        module:log_status("error", "rest_callback_url is not an http(s) URL: no stanza is forwarded")
        return
    end
    local callback = {
        url = url,
        format = callbackFormatOption(),
        webhook = newWebhook({
            timeout = periodOption("rest_callback_timeout", 10),
            secret = module:get_option_string("rest_callback_secret"),
            standardKeys = secretsOption("rest_callback_webhook_secret"),
            maxInflight = positiveIntegerOption("rest_callback_max_inflight", 100),
            maxQueue = positiveIntegerOption("rest_callback_max_queue", 1000),
            maxBody = MAX_ANSWER_SIZE
        })
    }
    local kinds = callbackKindsOption()
    local events = callbackEventsOption()
    module:set_status("info", "Not yet connected to the webhook endpoint")
    probe(callback)
    local function handler(event)
        return forward(callback, event)
    end
    for ____, kind in ipairs(kinds) do
        for ____, addressing in ipairs(events) do
            module:hook((kind .. "/") .. addressing, handler, HOOK_PRIORITY)
        end
    end
    module:log(
        "debug",
        "Webhook: forwarding %s addressed as %s, in %s",
        table.concat(kinds, ", "),
        table.concat(events, ", "),
        callback.format
    )
end
return ____exports
 end,
["src.mod_rest.mod_rest"] = function(...) 
local ____exports = {}
local anonymousRest
local errorlib = require("util.error")
local usermanager = require("core.usermanager")
local json = require("src.lib.json")
local ____text = require("src.lib.text")
local isXmlSafe = ____text.isXmlSafe
local ____media_type = require("src.lib.media_type")
local mediaType = ____media_type.mediaType
local ____respond = require("src.lib.respond")
local respond = ____respond.respond
local ____auth = require("src.lib.auth")
local forgetCredentialsOnAccountChanges = ____auth.forgetCredentialsOnAccountChanges
local newCredentialCache = ____auth.newCredentialCache
local ____options = require("src.lib.options")
local periodOption = ____options.periodOption
local positiveIntegerOption = ____options.positiveIntegerOption
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____errors = require("src.mod_rest.errors")
local errors = ____errors.errors
local detailed = ____errors.detailed
local respondError = ____errors.respondError
local ____auth = require("src.mod_rest.auth")
local newRestAuth = ____auth.newRestAuth
local readMechanisms = ____auth.readMechanisms
local ____formats = require("src.mod_rest.formats")
local FORM = ____formats.FORM
local JSON_TYPE = ____formats.JSON_TYPE
local TEXT = ____formats.TEXT
local XMPP_XML = ____formats.XMPP_XML
local decodeFormBody = ____formats.decodeFormBody
local decodeJson = ____formats.decodeJson
local decodeStanza = ____formats.decodeStanza
local decodeXml = ____formats.decodeXml
local documentToStanza = ____formats.documentToStanza
local encodeOrXml = ____formats.encodeOrXml
local formDocument = ____formats.formDocument
local outputFormat = ____formats.outputFormat
local ____path = require("src.mod_rest.path")
local amendDocument = ____path.amendDocument
local parseGetPath = ____path.parseGetPath
local parsePostPath = ____path.parsePostPath
local ____send = require("src.mod_rest.send")
local prepareStanza = ____send.prepareStanza
local sendIq = ____send.sendIq
local sendStanza = ____send.sendStanza
local ____demo = require("src.mod_rest.demo")
local demoRoutes = ____demo.demoRoutes
local ____callback = require("src.mod_rest.callback")
local setupCallbacks = ____callback.setupCallbacks
function anonymousRest()
    if module:get_option_boolean("anonymous_rest", false) ~= true then
        return false
    end
    if module:get_option_string("authentication") ~= "anonymous" then
        module:log("warn", "anonymous_rest needs authentication = \"anonymous\"; requiring credentials")
        return false
    end
    return true
end
local host = module.host
local isComponent = module:get_host_type() == "component"
local sizeLimit = positiveIntegerOption("rest_stanza_size_limit", 192 * 1024)
local mechanisms = readMechanisms(module:get_option_array("rest_auth_mechanisms", {"Basic", "Bearer"}))
--- The same, for lookups (the list keeps the order of the challenges).
local enabledMechanisms = setOf(mechanisms)
local iqMaxTimeout = periodOption("rest_iq_max_timeout", 300)
local iqTimeout = math.min(
    periodOption("rest_iq_timeout", 120),
    iqMaxTimeout
)
local iqMaxPending = positiveIntegerOption("rest_iq_max_pending", 10)
local authCacheTtl = periodOption("rest_auth_cache_ttl", 60, true)
local authCacheSize = positiveIntegerOption("rest_auth_cache_size", 1000)
local maxAuthFailures = positiveIntegerOption("rest_max_auth_failures", 30, true)
--- Used on a Component only.
local componentSecret = module:get_option_string("component_secret")
local anonymous = anonymousRest()
local demoFolder = module:get_option_path("rest_demo_resources")
local AUTH_FAILURE_WINDOW = 60
--- Iqs waiting for replies in all: Prosody's send_iq tracks 256 per module and evicts the oldest past that.
local IQ_MAX_PENDING_TOTAL = 250
--- Shortest wait Prosody-Rest-Timeout may ask for, in seconds.
local IQ_MIN_TIMEOUT = 1
if #mechanisms == 0 and not anonymous then
    module:log("warn", "rest_auth_mechanisms lists no known mechanism: every request will be refused")
end
if isComponent and componentSecret == nil and enabledMechanisms.basic ~= nil then
    module:log("warn", "No component_secret set: Basic authentication is refused")
end
local credentialCache = newCredentialCache(authCacheTtl, authCacheSize)
local restAuth = newRestAuth({
    host = host,
    mechanisms = mechanisms,
    checkPassword = function(username, password) return usermanager.test_password(username, host, password) end,
    cache = credentialCache,
    tokens = enabledMechanisms.bearer ~= nil and module:depends("tokenauth") or nil,
    component = isComponent and ({secret = componentSecret}) or nil,
    anonymous = anonymous,
    maxFailures = maxAuthFailures,
    failureWindow = AUTH_FAILURE_WINDOW,
    realm = (host .. "/") .. module.name
})
--- The fields of a form (or query string) as a JSON object: an iq payload's value.
local function fieldsObject(fields)
    local doc = {}
    for name, value in pairs(fields) do
        doc[name] = value
    end
    return doc
end
--- An iq payload's value: the JSON body, the form's fields, or (no body) the payload's empty form value.
local function payloadDocument(payload, body)
    local doc = {}
    if body.json == json.NULL then
        doc[payload] = true
    elseif body.json ~= nil then
        doc[payload] = body.json
    elseif body.form ~= nil and not (next(body.form) == nil) then
        doc[payload] = fieldsObject(body.form)
    else
        local empty = {}
        empty[payload] = ""
        return formDocument(empty)
    end
    return doc, nil
end
--- The stanza a path and its decoded body describe.
local function stanzaOfPath(route, body)
    local doc
    if route.payload ~= nil then
        local payloadDoc, err = payloadDocument(route.payload, body)
        if payloadDoc == nil then
            return nil, err
        end
        doc = payloadDoc
    elseif body.form ~= nil then
        local formDoc, err = formDocument(body.form)
        if formDoc == nil then
            return nil, err
        end
        doc = formDoc
    elseif body.json ~= nil then
        if not json.isObject(body.json) then
            return nil, detailed("field", "Invalid payload: expected a JSON object")
        end
        doc = body.json
    else
        doc = {}
    end
    amendDocument(doc, route)
    local stanza, err = documentToStanza(doc)
    if stanza == nil then
        return nil, err
    end
    if route.payload ~= nil and #stanza.tags == 0 then
        return nil, detailed("not-found", ("No iq payload named '" .. route.payload) .. "'")
    end
    return stanza, nil
end
--- An XML body on a path: the path's kind must be its name; the path's type and `to` win.
local function xmlOfPath(route, body)
    if route.payload ~= nil then
        return nil, detailed("mediatype", "An iq payload path takes a JSON or form body, not XML")
    end
    local stanza, err = decodeXml(body)
    if stanza == nil then
        return nil, err
    end
    if stanza.name ~= route.kind then
        return nil, detailed("name", (("The body is a <" .. stanza.name) .. ">, the path says ") .. route.kind)
    end
    stanza.attr.type = route.type
    if route.kind == "presence" and route.type == "available" then
        stanza.attr.type = nil
    end
    if route.to ~= nil then
        stanza.attr.to = route.to
    end
    return stanza, nil
end
--- text/plain on a path: a message's body, a presence's show.
local function textOfPath(route, body)
    if route.kind == "iq" then
        return nil, errors.new("text-path")
    end
    if not isXmlSafe(body) then
        return nil, errors.new("encoding")
    end
    local doc = {}
    doc[route.kind == "message" and "body" or "show"] = body
    amendDocument(doc, route)
    return documentToStanza(doc)
end
--- The stanza of a POST: from the body alone, or from the path and the body.
local function stanzaOfPost(request, route)
    local media = mediaType(request.headers.content_type)
    local body = request.body
    if route == nil then
        if media == TEXT then
            return nil, errors.new("text-path")
        end
        return decodeStanza(media, body)
    end
    if media == XMPP_XML then
        return xmlOfPath(route, body)
    elseif media == TEXT then
        return textOfPath(route, body)
    elseif media == JSON_TYPE then
        local value, err = decodeJson(body)
        if err ~= nil then
            return nil, err
        end
        return stanzaOfPath(route, {json = value})
    elseif media == FORM then
        local form, err = decodeFormBody(body)
        if form == nil then
            return nil, err
        end
        return stanzaOfPath(route, {form = form})
    elseif media == nil and body == "" then
        return stanzaOfPath(route, {})
    end
    return nil, errors.new("mediatype")
end
--- How long to wait for an iq reply: Prosody-Rest-Timeout, else rest_iq_timeout; within 1 s and rest_iq_max_timeout.
local function iqWait(request)
    local header = request.headers.prosody_rest_timeout
    if header == nil then
        return iqTimeout
    end
    local asked = tonumber(header)
    if asked == nil or asked ~= asked then
        return iqTimeout
    end
    return math.max(
        IQ_MIN_TIMEOUT,
        math.min(asked, iqMaxTimeout)
    )
end
--- Write the answer: 202 without a body, 200 with the reply, or the error.
local function answer(event, format, result)
    if errorlib.is_error(result) then
        return respondError(event, result)
    end
    if result.reply == nil then
        event.response.status_code = 202
        event.response:send("")
        return true
    end
    local body, used = encodeOrXml(format, result.reply)
    module:log(
        "debug",
        "Answering %s",
        result.reply:top_tag()
    )
    return respond(event.response, 200, body, used)
end
--- Check, rewrite and send (or, for echo, return) the stanza of a request.
local function dispatch(event, sender, decoded, echo)
    local request = event.request
    local format = outputFormat(request.headers.accept, request.headers.content_type)
    local stanza, err = prepareStanza(decoded, sender)
    if stanza == nil then
        return respondError(event, err)
    end
    if echo then
        return answer(event, format, {status = 200, reply = stanza})
    end
    if stanza.name ~= "iq" then
        local delivery, failure = sendStanza(stanza, sender)
        return answer(event, format, delivery or failure)
    end
    return sendIq(
        stanza,
        sender,
        iqWait(request),
        {perSender = iqMaxPending, total = IQ_MAX_PENDING_TOTAL}
    ):next(
        function(result) return answer(event, format, result) end,
        function(reason)
            module:log(
                "error",
                "Error while answering an iq request: %s",
                tostring(reason)
            )
            return respondError(
                event,
                errors.new("internal")
            )
        end
    )
end
--- Authenticate, or answer the error (true); then check the size.
local function authenticated(event)
    local sender, err, headers = restAuth.check(event.request)
    if sender == nil then
        return respondError(event, err, headers)
    end
    if #event.request.body > sizeLimit then
        return respondError(
            event,
            errors.new("size")
        )
    end
    return sender
end
--- POST /rest, /rest/echo, /rest/{kind}/{type}/{to}.
local function handlePost(event, path)
    local sender = authenticated(event)
    if sender == true then
        return true
    end
    local echo = path == "echo"
    local route
    if path ~= nil and path ~= "" and not echo then
        route = parsePostPath(path)
        if route == nil then
            return respondError(
                event,
                errors.new("not-found")
            )
        end
    end
    local stanza, err = stanzaOfPost(event.request, route)
    if stanza == nil then
        return respondError(event, err)
    end
    return dispatch(event, sender, stanza, echo)
end
--- GET /rest/{payload}/{to}?query: an iq with that payload, built from the query string.
local function handleGet(event, path)
    local sender = authenticated(event)
    if sender == true then
        return true
    end
    local route = parseGetPath(path)
    if route == nil then
        return respondError(
            event,
            errors.new("not-found")
        )
    end
    local query = event.request.url.query
    local form, formErr = decodeFormBody(query or "", "query")
    if form == nil then
        return respondError(event, formErr)
    end
    local stanza, err = stanzaOfPath(route, {form = form})
    if stanza == nil then
        return respondError(event, err)
    end
    return dispatch(event, sender, stanza, false)
end
forgetCredentialsOnAccountChanges(credentialCache, host)
module:depends("http")
local routes = {
    POST = function(event) return handlePost(event) end,
    ["POST /*"] = handlePost,
    ["GET /*"] = handleGet
}
if demoFolder ~= nil then
    for route, handler in pairs(demoRoutes(
        demoFolder,
        module:http_url()
    )) do
        routes[route] = handler
    end
end
module:provides(
    "http",
    {
        default_path = "/rest",
        cors = {enabled = true, headers = {Authorization = true, Accept = true, ["Prosody-Rest-Timeout"] = true}},
        route = routes
    }
)
setupCallbacks()
return ____exports
 end,
}
local ____entry = require("src.mod_rest.mod_rest", ...)
return ____entry
