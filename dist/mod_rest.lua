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
["src.lib.respond"] = function(...) 
local ____exports = {}
local json = require("src.lib.json")
local ____negotiate = require("src.lib.negotiate")
local negotiate = ____negotiate.negotiate
local ____labelled_counter = require("src.lib.labelled_counter")
local labelledCounter = ____labelled_counter.labelledCounter
--- Counts answers by status once the module asked for it (`countAnswers`).
local countStatus
--- Count every answer written from now on in the module's `http_answers` metric, by status.
function ____exports.countAnswers()
    countStatus = labelledCounter("http_answers", "HTTP answers by status", "status")
end
--- Count an answer the module writes without `respond` (no-op until `countAnswers`).
function ____exports.answered(status)
    if countStatus ~= nil then
        countStatus(tostring(status))
    end
end
--- Write a complete answer; returns true, the "already answered" handler result.
function ____exports.respond(response, status, body, contentType, headers)
    ____exports.answered(status)
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
["src.lib.refusal_cost"] = function(...) 
local ____exports = {}
local usermanager = require("core.usermanager")
local hashes = require("util.hashes")
local ____util_2Eencodings = require("util.encodings")
local stringprep = ____util_2Eencodings.stringprep
--- A fixed salt as long as the UUIDs internal_hashed salts with: the derivation costs the same.
local DUMMY_SALT = "00000000-0000-4000-8000-000000000000"
--- The cost of a refusal on `host`: with internal_hashed, a key derivation
-- with the host's password_hash and default_iteration_count when the
-- account does not exist (or, on 13, is disabled), nothing otherwise (the
-- provider has just derived one). Other providers cost the same either way
-- (internal_plain) or in ways unknown here: nothing is added for them.
function ____exports.newRefusalCost(host)
    local derive = module:get_option_string("password_hash", "SHA-1") == "SHA-256" and hashes.pbkdf2_hmac_sha256 or hashes.pbkdf2_hmac_sha1
    local iterations = module:get_option_number("default_iteration_count", 10000) or 10000
    if usermanager.user_is_enabled ~= nil then
        iterations = math.max(iterations, 4096)
    end
    local function usesHashes()
        if type(usermanager.get_provider) ~= "function" then
            return false
        end
        local provider = usermanager.get_provider(host)
        return provider ~= nil and provider.name == "internal_hashed"
    end
    local function providerDerived(username)
        if usermanager.user_exists(username, host) ~= true then
            return false
        end
        local isEnabled = usermanager.user_is_enabled
        return isEnabled == nil or isEnabled(username, host) == true
    end
    return function(username, password)
        if not usesHashes() or providerDerived(username) then
            return
        end
        local prepared = stringprep.saslprep(password)
        if prepared ~= nil then
            derive(prepared, DUMMY_SALT, iterations)
        end
    end
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
local ____refusal_cost = require("src.lib.refusal_cost")
local newRefusalCost = ____refusal_cost.newRefusalCost
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
            if ok then
                if config.refusalCost == nil then
                    config.refusalCost = newRefusalCost(config.host)
                end
                pcall(config.refusalCost, username, password)
            end
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
            text = "Unsupported media type: use application/xmpp+xml, application/json, " ..
                "application/x-www-form-urlencoded or text/plain"
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
        unloading = {
            code = 503,
            type = "wait",
            condition = "service-unavailable",
            text = "The module was unloaded or reloaded while the iq waited; its reply cannot be received, try again"
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
["src.mod_rest.map.shape"] = function(...) 
local ____exports = {}
local withKeys
local ____text = require("src.lib.text")
local isXmlSafe = ____text.isXmlSafe
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local describe = ____field.describe
local isArray = ____field.isArray
local isIntegerIn = ____field.isIntegerIn
local isObject = ____field.isObject
local wrongType = ____field.wrongType
function withKeys(target, extra)
    local into = target
    for key, value in pairs(extra) do
        into[key] = value
    end
    return target
end
--- A text util.stanza accepts (valid UTF-8, no control characters but tab, LF, CR).
function ____exports.text(description)
    return {
        schema = {type = "string", description = description},
        expected = "a string",
        accepts = setOf({"a string"}),
        check = function(path, value)
            if type(value) ~= "string" then
                return wrongType(path, "a string", value)
            end
            if not isXmlSafe(value) then
                return path .. ": invalid UTF-8 or a character XML does not allow"
            end
            return nil
        end
    }
end
--- A text holding one XML element (checked by the field that parses it).
function ____exports.xmlText(description)
    local plain = ____exports.text()
    return {
        schema = {type = "string", contentMediaType = "application/xml", description = description},
        expected = "an XML text",
        accepts = plain.accepts,
        check = plain.check
    }
end
--- A text matching a Lua pattern, published with an equivalent ECMA-262 `pattern` or a `format`.
function ____exports.textMatching(luaPattern, schema, expected)
    local plain = ____exports.text()
    return {
        schema = withKeys({type = "string"}, schema),
        expected = expected,
        accepts = plain.accepts,
        check = function(path, value)
            local problem = plain.check(path, value)
            if problem ~= nil then
                return problem
            end
            if (string.find(value, luaPattern)) == nil then
                return (path .. ": expected ") .. expected
            end
            return nil
        end
    }
end
--- One of a fixed list of words.
function ____exports.oneOfWords(words, description)
    local set = setOf(words)
    local listed = table.concat(words, ", ")
    return {
        schema = {type = "string", enum = words, description = description},
        expected = "one of " .. listed,
        accepts = setOf({"a string"}),
        check = function(path, value)
            if type(value) ~= "string" then
                return wrongType(path, "one of " .. listed, value)
            end
            if not (set[value] ~= nil) then
                return (path .. ": expected one of ") .. listed
            end
            return nil
        end
    }
end
--- A whole number from `min` to `max`.
function ____exports.integer(min, max, description)
    local range = (string.format("%d", min) .. " to ") .. string.format("%d", max)
    return {
        schema = {type = "integer", minimum = min, maximum = max, description = description},
        expected = "an integer from " .. range,
        accepts = setOf({"a number"}),
        check = function(path, value)
            if isIntegerIn(value, min, max) then
                return nil
            end
            local got = type(value) == "number" and tostring(value) or describe(value)
            return (((path .. ": expected an integer from ") .. range) .. ", got ") .. got
        end
    }
end
--- A finite number.
function ____exports.finiteNumber(description)
    return {
        schema = {type = "number", description = description},
        expected = "a number",
        accepts = setOf({"a number"}),
        check = function(path, value)
            if type(value) ~= "number" then
                return wrongType(path, "a number", value)
            end
            local n = value
            if n ~= n or n == math.huge or n == -math.huge then
                return path .. ": expected a finite number"
            end
            return nil
        end
    }
end
--- true or false.
function ____exports.boolean(description)
    return {
        schema = {type = "boolean", description = description},
        expected = "a boolean",
        accepts = setOf({"a boolean"}),
        check = function(path, value)
            local ____temp_0
            if type(value) == "boolean" then
                ____temp_0 = nil
            else
                ____temp_0 = wrongType(path, "a boolean", value)
            end
            return ____temp_0
        end
    }
end
--- Exactly true (a flag element, a query without parameters).
function ____exports.literalTrue(description)
    return {
        schema = {const = true, description = description},
        expected = "true",
        accepts = setOf({"a boolean"}),
        check = function(path, value)
            local ____temp_1
            if value == true then
                ____temp_1 = nil
            else
                ____temp_1 = wrongType(path, "true", value)
            end
            return ____temp_1
        end
    }
end
--- Any JSON value (null included).
function ____exports.anything(description)
    return {
        schema = {description = description},
        expected = "any JSON value",
        accepts = setOf({
            "a string",
            "a number",
            "a boolean",
            "null",
            "an array",
            "an object"
        }),
        check = function() return nil end
    }
end
--- An object with these properties (all optional unless listed in `required`); other keys are ignored.
function ____exports.object(properties, required, description)
    local schemaProperties = {}
    for ____, ____value in ipairs(properties) do
        local name = ____value[1]
        local shape = ____value[2]
        schemaProperties[name] = shape.schema
    end
    local schema = {type = "object", properties = schemaProperties, description = description}
    local requiredSet = setOf(required or ({}))
    if required ~= nil and #required > 0 then
        schema.required = required
    end
    return {
        schema = schema,
        expected = "an object",
        accepts = setOf({"an object"}),
        check = function(path, value)
            if not isObject(value) then
                return wrongType(path, "an object", value)
            end
            for ____, ____value in ipairs(properties) do
                local name = ____value[1]
                local shape = ____value[2]
                local item = value[name]
                if item == nil then
                    if requiredSet[name] ~= nil then
                        return wrongType((path .. ".") .. name, shape.expected, item)
                    end
                else
                    local problem = shape.check((path .. ".") .. name, item)
                    if problem ~= nil then
                        return problem
                    end
                end
            end
            return nil
        end
    }
end
--- An object whose keys are free texts and whose values all have one shape.
function ____exports.mapOf(values, description)
    local key = ____exports.text()
    return {
        schema = {type = "object", additionalProperties = values.schema, description = description},
        expected = "an object",
        accepts = setOf({"an object"}),
        check = function(path, value)
            if not isObject(value) then
                return wrongType(path, "an object", value)
            end
            for name, item in pairs(value) do
                if type(name) ~= "string" then
                    return path .. ": expected text keys"
                end
                local keyProblem = key.check(path .. " key", name)
                if keyProblem ~= nil then
                    return keyProblem
                end
                local problem = values.check((path .. ".") .. name, item)
                if problem ~= nil then
                    return problem
                end
            end
            return nil
        end
    }
end
--- A list whose items all have one shape; `minItems` 1 refuses an empty list.
function ____exports.arrayOf(items, minItems, description)
    return {
        schema = {type = "array", items = items.schema, minItems = minItems, description = description},
        expected = "an array",
        accepts = setOf({"an array"}),
        check = function(path, value)
            if not isArray(value) then
                if isObject(value) and (next(value)) == nil then
                    return minItems ~= nil and minItems > 0 and ((path .. ": expected at least ") .. tostring(minItems)) .. " item(s)" or nil
                end
                return wrongType(path, "an array", value)
            end
            local count = #value
            if minItems ~= nil and count < minItems then
                return ((path .. ": expected at least ") .. tostring(minItems)) .. " item(s)"
            end
            do
                local i = 1
                while i <= count do
                    local problem = items.check(
                        ((path .. "[") .. tostring(i - 1)) .. "]",
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
    }
end
--- The "a, b or c" list of what the alternatives expect.
local function alternatives(shapes)
    local names = {}
    for ____, shape in ipairs(shapes) do
        names[#names + 1] = shape.expected
    end
    local last = table.remove(names)
    if #names == 0 then
        return last or ""
    end
    return (table.concat(names, ", ") .. " or ") .. tostring(last)
end
--- One of several shapes. A value whose JSON type only one alternative
-- accepts gets that alternative's error text; otherwise the first that
-- fits wins.
function ____exports.anyOf(shapes, description)
    local accepts = {}
    for ____, shape in ipairs(shapes) do
        for word in pairs(shape.accepts) do
            accepts[word] = true
        end
    end
    local expected = alternatives(shapes)
    local schemas = {}
    for ____, shape in ipairs(shapes) do
        schemas[#schemas + 1] = shape.schema
    end
    return {
        schema = {anyOf = schemas, description = description},
        expected = expected,
        accepts = accepts,
        check = function(path, value)
            local kind = describe(value)
            local firstProblem
            local candidates = 0
            for ____, shape in ipairs(shapes) do
                if shape.accepts[kind] ~= nil then
                    candidates = candidates + 1
                    local problem = shape.check(path, value)
                    if problem == nil then
                        return nil
                    end
                    firstProblem = firstProblem or problem
                end
            end
            if candidates == 1 and firstProblem ~= nil then
                return firstProblem
            end
            return wrongType(path, expected, value)
        end
    }
end
--- The same shape with a description in its schema.
function ____exports.described(shape, description)
    return {
        schema = withKeys(
            withKeys({}, shape.schema),
            {description = description}
        ),
        expected = shape.expected,
        accepts = shape.accepts,
        check = shape.check
    }
end
--- Where the stanza document's schema is, for shapes that nest a stanza.
____exports.STANZA_REF = "#/$defs/stanza"
--- A nested stanza document (a forwarded message): checked here as an
-- object only; the field's fromJson maps it with `nestedStanza.fromJson`,
-- which names the wrong field inside it.
function ____exports.stanzaDocument(description)
    return {
        schema = {["$ref"] = ____exports.STANZA_REF, description = description},
        expected = "a stanza document (an object)",
        accepts = setOf({"an object"}),
        check = function(path, value)
            local ____isObject_result_2
            if isObject(value) then
                ____isObject_result_2 = nil
            else
                ____isObject_result_2 = wrongType(path, "a stanza document (an object)", value)
            end
            return ____isObject_result_2
        end
    }
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
--- True when an element has an attribute other than its namespace.
function ____exports.hasAttributes(element)
    for key in pairs(element.attr) do
        if key ~= "xmlns" then
            return true
        end
    end
    return false
end
--- A field holding the text of a `<name/>` child of the stanza (body, subject, status).
function ____exports.textChildField(name, kinds, shape, spec, description, implies)
    return {
        name = name,
        kinds = kinds,
        implies = implies,
        description = description,
        spec = spec,
        shape = shape,
        elements = {{name = name}},
        form = "the text",
        toJson = function(stanza)
            local child = ____exports.ownChild(stanza, name)
            if child == nil or #child.tags > 0 or ____exports.hasAttributes(child) then
                return nil
            end
            return child:get_text() or ""
        end,
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
--- The whole-stanza mapping, for fields that nest a stanza (a forwarded
-- message): set by index.ts once loaded, so field files need not import it.
____exports.nestedStanza = {}
return ____exports
 end,
["src.mod_rest.map.unmapped"] = function(...) 
local ____exports = {}
local st = require("util.stanza")
local xml = require("util.xml")
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local isArray = ____field.isArray
local jsonArray = ____field.jsonArray
local wrongType = ____field.wrongType
local ____shape = require("src.mod_rest.map.shape")
local xmlText = ____shape.xmlText
____exports.UNMAPPED_DESCRIPTION = "Children of the stanza the mapping does not cover, each as an XML text; on input each is parsed and " ..
    "added to the stanza as it is."
--- Namespaces a stanza's own children may carry.
local STANZA_NAMESPACES = setOf({"jabber:client", "jabber:server", "jabber:component:accept"})
local function matches(child, element, stanza)
    if child.name ~= element.name then
        return false
    end
    local ns = child.attr.xmlns
    if element.xmlns == nil then
        return ns == nil or ns == stanza.attr.xmlns or STANZA_NAMESPACES[ns] ~= nil
    end
    return ns == element.xmlns
end
--- What util.xml puts between an attribute's namespace and its name (built, so dist/ holds no control byte).
____exports.NS_SEPARATOR = string.char(1)
--- An element as XML text with its attributes in sorted order, so the same
-- element always gives the same text (util.stanza writes them in table
-- order, which varies between runs); xmlns written where it changes, as
-- util.stanza does.
function ____exports.elementText(element, parentNs)
    local names = {}
    for name in pairs(element.attr) do
        names[#names + 1] = name
    end
    table.sort(names)
    local out = {"<" .. element.name}
    for ____, name in ipairs(names) do
        local value = element.attr[name]
        local separator = string.find(name, ____exports.NS_SEPARATOR, 1, true)
        if separator ~= nil then
            return tostring(element)
        end
        if not (name == "xmlns" and value == parentNs) then
            out[#out + 1] = (((" " .. name) .. "='") .. st.xml_escape(value)) .. "'"
        end
    end
    local nodes = element
    local count = #nodes
    if count == 0 then
        out[#out + 1] = "/>"
        return table.concat(out, "")
    end
    out[#out + 1] = ">"
    do
        local i = 1
        while i <= count do
            local node = nodes[i]
            out[#out + 1] = type(node) == "string" and st.xml_escape(node) or ____exports.elementText(node, element.attr.xmlns)
            i = i + 1
        end
    end
    out[#out + 1] = ("</" .. element.name) .. ">"
    return table.concat(out, "")
end
--- The XML texts of the children none of `used` stands for, nil when there are none.
function ____exports.unmappedToJson(stanza, used)
    local covered = {}
    for ____, mapper in ipairs(used) do
        for ____, element in ipairs(mapper.elements) do
            for ____, child in ipairs(stanza.tags) do
                if not (covered[child] ~= nil) and matches(child, element, stanza) then
                    covered[child] = true
                    if element.many ~= true then
                        break
                    end
                end
            end
        end
    end
    local list
    for ____, child in ipairs(stanza.tags) do
        if not (covered[child] ~= nil) then
            list = list or jsonArray()
            list[#list + 1] = ____exports.elementText(child)
        end
    end
    return list
end
local ITEM = xmlText()
--- Parse each XML text of `value` (nil: none) and add it to `stanza`; an
-- error text naming the item (under `path`) when one is not one element.
function ____exports.unmappedFromJson(stanza, value, path)
    if path == nil then
        path = "unmapped"
    end
    if value == nil then
        return nil
    end
    if not isArray(value) then
        return wrongType(path, "an array of XML texts", value)
    end
    local elements = {}
    do
        local i = 1
        while i <= #value do
            local itemPath = ((path .. "[") .. tostring(i - 1)) .. "]"
            local item = value[i]
            local problem = ITEM.check(itemPath, item)
            if problem ~= nil then
                return problem
            end
            local element = xml.parse(item)
            if element == nil then
                return itemPath .. ": expected one well-formed XML element"
            end
            elements[#elements + 1] = element
            i = i + 1
        end
    end
    for ____, element in ipairs(elements) do
        stanza:add_child(element)
    end
    return nil
end
return ____exports
 end,
["src.mod_rest.map.exact"] = function(...) 
local ____exports = {}
local writeInto
local st = require("util.stanza")
local ____field = require("src.mod_rest.map.field")
local isArray = ____field.isArray
local jsonArray = ____field.jsonArray
local ____shape = require("src.mod_rest.map.shape")
local arrayOf = ____shape.arrayOf
local oneOfWords = ____shape.oneOfWords
function writeInto(write, scratch, value, out)
    out.problem = write(scratch, value)
end
--- False for no text, an empty one, and indentation between elements.
local function significant(text, hasElements)
    if text == nil or text == "" then
        return false
    end
    return not (hasElements and (string.find(text, "^%s*$")) ~= nil)
end
--- The children of `element` with adjacent texts joined (empty ones dropped); whitespace-only
-- texts between elements (indentation) dropped, as no mapper keeps them.
local function parts(element)
    local list = {}
    local nodes = element
    local hasElements = #element.tags > 0
    local pending
    do
        local i = 1
        while i <= #nodes do
            local node = nodes[i]
            if type(node) == "string" then
                pending = (pending or "") .. node
            else
                if significant(pending, hasElements) then
                    list[#list + 1] = pending
                end
                pending = nil
                list[#list + 1] = node
            end
            i = i + 1
        end
    end
    if significant(pending, hasElements) then
        list[#list + 1] = pending
    end
    return list
end
--- True when both attribute tables hold the same names and values, xmlns aside.
local function sameAttributes(a, b)
    local attrA = a.attr
    local attrB = b.attr
    for name, value in pairs(attrA) do
        if name ~= "xmlns" and attrB[name] ~= value then
            return false
        end
    end
    for name, value in pairs(attrB) do
        if name ~= "xmlns" and attrA[name] ~= value then
            return false
        end
    end
    return true
end
--- True when `a` and `b` are the same XML: names, effective namespaces
-- (`nsA`/`nsB`: the parents'), attributes, and children in order.
function ____exports.sameElement(a, b, nsA, nsB)
    local ownA = a.attr.xmlns or nsA
    local ownB = b.attr.xmlns or nsB
    if a.name ~= b.name or ownA ~= ownB or not sameAttributes(a, b) then
        return false
    end
    local partsA = parts(a)
    local partsB = parts(b)
    if #partsA ~= #partsB then
        return false
    end
    do
        local i = 0
        while i < #partsA do
            local x = partsA[i + 1]
            local y = partsB[i + 1]
            if type(x) == "string" or type(y) == "string" then
                if x ~= y then
                    return false
                end
            elseif not ____exports.sameElement(x, y, ownA, ownB) then
                return false
            end
            i = i + 1
        end
    end
    return true
end
--- True when `write` (a fromJson that adds one element to a stanza) turns
-- `value` back into exactly `original`. A write that refuses or raises is
-- not exact.
function ____exports.writesBack(original, value, write)
    local scratch = st.stanza("scratch")
    local out = {}
    local ok = pcall(
        writeInto,
        write,
        scratch,
        value,
        out
    )
    if not ok or out.problem ~= nil or #scratch.tags ~= 1 then
        return false
    end
    return ____exports.sameElement(original, scratch.tags[1], nil, original.attr.xmlns)
end
--- `value` when it fits `shape` (if given; `path` names it in the check) and
-- writing it with `write` (the field's fromJson) gives `element` back
-- exactly, else nil: the last guard of a toJson, so an element the mapping
-- would change stays XML.
function ____exports.exactOrNil(element, value, write, shape, path)
    if element == nil or value == nil then
        return nil
    end
    if shape ~= nil and shape.check(path or "value", value) ~= nil then
        return nil
    end
    local ____writesBack_result_0
    if ____exports.writesBack(element, value, write) then
        ____writesBack_result_0 = value
    else
        ____writesBack_result_0 = nil
    end
    return ____writesBack_result_0
end
--- The kinds of `element`'s children in document order, each named once;
-- nil when the children of one kind are not together (a value, an
-- option, a value), which no order of kinds can say.
function ____exports.kindSequence(element, kindOf)
    local sequence = {}
    local seen = {}
    local last
    for ____, child in ipairs(element.tags) do
        local kind = kindOf(child)
        if kind ~= last then
            if seen[kind] ~= nil then
                return nil
            end
            seen[kind] = true
            sequence[#sequence + 1] = kind
            last = kind
        end
    end
    return sequence
end
--- `sequence` as a JSON list, or nil when it is the default order (`defaults` restricted to the kinds present).
function ____exports.orderHint(sequence, defaults)
    local present = {}
    for ____, kind in ipairs(sequence) do
        present[kind] = true
    end
    local i = 0
    for ____, kind in ipairs(defaults) do
        if present[kind] ~= nil then
            if sequence[i + 1] ~= kind then
                local list = jsonArray()
                for ____, item in ipairs(sequence) do
                    list[#list + 1] = item
                end
                return list
            end
            i = i + 1
        end
    end
    return nil
end
--- The kinds in writing order: those of `hint` (a list of kinds, or nil) first, each once, then the rest of `defaults`.
function ____exports.writingOrder(hint, defaults)
    local order = {}
    local taken = {}
    local known = {}
    for ____, kind in ipairs(defaults) do
        known[kind] = true
    end
    if isArray(hint) then
        do
            local i = 1
            while i <= #hint do
                local kind = hint[i]
                if known[kind] ~= nil and not (taken[kind] ~= nil) then
                    taken[kind] = true
                    order[#order + 1] = kind
                end
                i = i + 1
            end
        end
    end
    for ____, kind in ipairs(defaults) do
        if not (taken[kind] ~= nil) then
            order[#order + 1] = kind
        end
    end
    return order
end
--- The shape of an `order` hint over these kinds (in their default order).
function ____exports.orderShape(kinds)
    local defaults = table.concat(kinds, ", ")
    local description = ("The order of the element's children by kind, given only when it is not the default one (" .. defaults) .. ")."
    return arrayOf(
        oneOfWords(kinds),
        nil,
        description .. " Kinds left out follow in the default order."
    )
end
return ____exports
 end,
["src.mod_rest.map.core"] = function(...) 
local ____exports = {}
local writeError
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____shape = require("src.mod_rest.map.shape")
local arrayOf = ____shape.arrayOf
local object = ____shape.object
local oneOfWords = ____shape.oneOfWords
local text = ____shape.text
local xmlText = ____shape.xmlText
local ____exact = require("src.mod_rest.map.exact")
local exactOrNil = ____exact.exactOrNil
local ____unmapped = require("src.mod_rest.map.unmapped")
local elementText = ____unmapped.elementText
local unmappedFromJson = ____unmapped.unmappedFromJson
local ____field = require("src.mod_rest.map.field")
local ANY_KIND = ____field.ANY_KIND
local enumError = ____field.enumError
local isObject = ____field.isObject
local jsonArray = ____field.jsonArray
local ownChild = ____field.ownChild
local textError = ____field.textError
local wrongType = ____field.wrongType
function writeError(stanza, value)
    local e = value
    local ____e_condition_0 = e.condition
    if ____e_condition_0 == nil then
        ____e_condition_0 = "undefined-condition"
    end
    local condition = ____e_condition_0
    local uri = e.uri
    local ____stanza_2 = stanza
    local ____stanza_tag_3 = stanza.tag
    local ____e_type_1 = e.type
    if ____e_type_1 == nil then
        ____e_type_1 = "cancel"
    end
    ____stanza_tag_3(____stanza_2, "error", {type = ____e_type_1, by = e.by})
    stanza:text_tag(condition, uri or "", {xmlns = ____exports.XMLNS_STANZAS})
    local text = e.text
    if text ~= nil then
        stanza:text_tag("text", text, {xmlns = ____exports.XMLNS_STANZAS, ["xml:lang"] = e.lang})
    end
    local problem = unmappedFromJson(stanza, e.unmapped, "error.unmapped")
    stanza:up()
    return problem
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
--- Iq payloads that mean an action, sent with type set when the document
-- or path gives no type (XEP-0050 commands, XEP-0313 queries, XEP-0191
-- blocking), as the community module does; every other iq: get.
____exports.SET_PAYLOADS = setOf({"command", "archive", "block", "unblock"})
--- The type of an iq document without `type`: set when it holds one of SET_PAYLOADS, else get.
local function defaultIqType(doc)
    for name in pairs(____exports.SET_PAYLOADS) do
        if doc[name] ~= nil then
            return "set"
        end
    end
    return "get"
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
--- The defined conditions of RFC 6120 §8.3.3.
local CONDITION_LIST = {
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
}
local CONDITIONS = setOf(CONDITION_LIST)
--- The `<error/>` child of a stanza of type error, in the stanza's own namespace.
local function errorElement(stanza)
    if stanza.attr.type ~= "error" then
        return nil
    end
    return ownChild(stanza, "error")
end
--- The parts of an `<error/>` read leniently; `errorToJson` keeps them only when they write back exactly.
local function readError(element)
    local doc = {}
    doc.type = element.attr.type
    doc.by = element.attr.by
    local others
    for ____, child in ipairs(element.tags) do
        local defined = child.attr.xmlns == ____exports.XMLNS_STANZAS
        if defined and child.name == "text" and doc.text == nil then
            doc.text = child:get_text() or ""
            doc.lang = child.attr["xml:lang"]
        elseif defined and doc.condition == nil and CONDITIONS[child.name] ~= nil then
            doc.condition = child.name
            local address = child:get_text()
            if address ~= nil and address ~= "" then
                doc.uri = address
            end
        else
            others = others or jsonArray()
            others[#others + 1] = elementText(child, element.attr.xmlns)
        end
    end
    doc.unmapped = others
    return doc
end
--- The JSON of a stanza's `<error/>`, nil (the element then goes to the
-- stanza's `unmapped`) when it lacks a valid type or a defined condition,
-- or holds something this shape cannot give back exactly.
local function errorToJson(stanza)
    local element = errorElement(stanza)
    if element == nil then
        return nil
    end
    local doc = readError(element)
    local errorType = doc.type
    if errorType == nil or not (ERROR_TYPES[errorType] ~= nil) or doc.condition == nil then
        return nil
    end
    return exactOrNil(element, doc, writeError)
end
local function errorFromJson(stanza, value)
    return writeError(stanza, value)
end
--- `error` {type, condition, text, lang, by, uri, unmapped}: the `<error/>`
-- of a stanza of type error. JSON → XML: type defaults to cancel,
-- condition to undefined-condition; a document with `error` and no `type`
-- gets type error. XML → JSON: the first defined condition (RFC 6120) and
-- the first text; other children (application-specific conditions such as
-- XEP-0363's <file-too-large/>) in `error.unmapped`. An error without a
-- valid type or a defined condition is left whole to the stanza's
-- `unmapped`.
____exports.errorField = {
    name = "error",
    kinds = ANY_KIND,
    description = "The error of a stanza of type error: its type, defined condition, text and the rest of its children.",
    spec = "RFC 6120",
    shape = object({
        {
            "type",
            oneOfWords(
                {
                    "cancel",
                    "continue",
                    "modify",
                    "auth",
                    "wait"
                },
                "Default: cancel."
            )
        },
        {
            "condition",
            oneOfWords(CONDITION_LIST, "Default: undefined-condition.")
        },
        {
            "text",
            text("The descriptive text.")
        },
        {
            "lang",
            text("The text's xml:lang.")
        },
        {
            "by",
            text("The entity that set the error.")
        },
        {
            "uri",
            text("The text of the condition element: the alternate address of gone or redirect (RFC 6120 §8.3.3.5, " ..
                "§8.3.3.14).")
        },
        {
            "unmapped",
            arrayOf(
                xmlText(),
                nil,
                "Other children of <error/> (application-specific conditions, a second text) as XML texts."
            )
        }
    }),
    elements = {{name = "error"}},
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
-- without type is a get, or a set for the payloads of SET_PAYLOADS, as in
-- the community module; `error` without
-- `type` makes it type error), `to`/`from`/`id`/`lang` as XML text.
function ____exports.attributesFromJson(kind, doc)
    local attr = {}
    local typeWord = doc.type
    if typeWord == nil then
        if doc.error ~= nil then
            typeWord = "error"
        elseif kind == "iq" then
            typeWord = defaultIqType(doc)
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
["src.mod_rest.map.dataform"] = function(...) 
local ____exports = {}
local fieldKind, textOfValue, writeFieldKind, writeField, writeFields, writeFormKind, writeForm
local writeDataform, FIELD_KINDS, FORM_KINDS
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local integerText = ____field.integerText
local isArray = ____field.isArray
local jsonArray = ____field.jsonArray
local parseInteger = ____field.parseInteger
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local arrayOf = ____shape.arrayOf
local boolean = ____shape.boolean
local integer = ____shape.integer
local mapOf = ____shape.mapOf
local object = ____shape.object
local oneOfWords = ____shape.oneOfWords
local text = ____shape.text
local ____exact = require("src.mod_rest.map.exact")
local kindSequence = ____exact.kindSequence
local orderHint = ____exact.orderHint
local orderShape = ____exact.orderShape
local exactOrNil = ____exact.exactOrNil
local writingOrder = ____exact.writingOrder
function fieldKind(child)
    return child.name
end
function textOfValue(value)
    if value == true then
        return "1"
    end
    if value == false then
        return "0"
    end
    if type(value) == "number" then
        return integerText(value)
    end
    return value
end
function writeFieldKind(stanza, field, kind)
    if kind == "desc" then
        local desc = field.desc
        if desc ~= nil then
            stanza:text_tag("desc", desc)
        end
    elseif kind == "required" then
        if field.required == true then
            stanza:tag("required"):up()
        end
    elseif kind == "validate" then
        local datatype = field.datatype
        local range = field.range
        if datatype ~= nil or range ~= nil then
            stanza:tag("validate", {xmlns = ____exports.XMLNS_VALIDATE, datatype = datatype})
            if range ~= nil then
                stanza:tag("range", {min = range.min, max = range.max}):up()
            end
            stanza:up()
        end
    elseif kind == "value" then
        local value = field.value
        if value ~= nil then
            stanza:text_tag(
                "value",
                textOfValue(value)
            )
        end
        local values = field.values
        if isArray(values) then
            do
                local i = 1
                while i <= #values do
                    stanza:text_tag(
                        "value",
                        textOfValue(values[i])
                    )
                    i = i + 1
                end
            end
        end
    else
        local options = field.options
        if isArray(options) then
            do
                local i = 1
                while i <= #options do
                    local option = options[i]
                    stanza:tag("option", {label = option.label}):text_tag("value", option.value):up()
                    i = i + 1
                end
            end
        end
    end
end
function writeField(stanza, field)
    stanza:tag("field", {var = field.var, type = field.type, label = field.label})
    for ____, kind in ipairs(writingOrder(field.order, FIELD_KINDS)) do
        writeFieldKind(stanza, field, kind)
    end
    stanza:up()
end
function writeFields(stanza, list)
    if not isArray(list) then
        return
    end
    do
        local i = 1
        while i <= #list do
            writeField(stanza, list[i])
            i = i + 1
        end
    end
end
function writeFormKind(stanza, form, kind)
    if kind == "title" then
        local title = form.title
        if title ~= nil then
            stanza:text_tag("title", title)
        end
    elseif kind == "instructions" then
        local instructions = form.instructions
        if isArray(instructions) then
            do
                local i = 1
                while i <= #instructions do
                    stanza:text_tag("instructions", instructions[i])
                    i = i + 1
                end
            end
        elseif type(instructions) == "string" then
            stanza:text_tag("instructions", instructions)
        end
    elseif kind == "field" then
        writeFields(stanza, form.fields)
    elseif kind == "reported" then
        local reported = form.reported
        if reported ~= nil then
            stanza:tag("reported")
            writeFields(stanza, reported)
            stanza:up()
        end
    else
        local rows = form.items
        if isArray(rows) then
            do
                local i = 1
                while i <= #rows do
                    stanza:tag("item")
                    writeFields(stanza, rows[i])
                    stanza:up()
                    i = i + 1
                end
            end
        end
    end
end
function writeForm(stanza, form)
    stanza:tag("x", {xmlns = ____exports.XMLNS_DATA, type = form.type})
    for ____, kind in ipairs(writingOrder(form.order, FORM_KINDS)) do
        writeFormKind(stanza, form, kind)
    end
    stanza:up()
end
function writeDataform(stanza, value)
    writeForm(stanza, value)
    return nil
end
____exports.XMLNS_DATA = "jabber:x:data"
____exports.XMLNS_VALIDATE = "http://jabber.org/protocol/xdata-validate"
local FORM_TYPES = {"form", "submit", "cancel", "result"}
local FIELD_TYPES = {
    "boolean",
    "fixed",
    "hidden",
    "jid-multi",
    "jid-single",
    "list-multi",
    "list-single",
    "text-multi",
    "text-private",
    "text-single"
}
local MULTI_TYPES = setOf({"jid-multi", "list-multi", "text-multi"})
FIELD_KINDS = {
    "desc",
    "required",
    "validate",
    "value",
    "option"
}
FORM_KINDS = {
    "title",
    "instructions",
    "field",
    "reported",
    "item"
}
--- XEP-0122 datatypes whose values are whole numbers.
local INTEGER_DATATYPES = setOf({
    "xs:integer",
    "xs:int",
    "xs:long",
    "xs:short",
    "xs:byte",
    "xs:nonNegativeInteger",
    "xs:positiveInteger",
    "xs:negativeInteger",
    "xs:nonPositiveInteger",
    "xs:unsignedLong",
    "xs:unsignedInt",
    "xs:unsignedShort",
    "xs:unsignedByte"
})
--- Largest magnitude of a number value: the largest integer a double holds exactly.
local MAX_INTEGER = 2 ^ 53 - 1
local number = integer(-MAX_INTEGER, MAX_INTEGER, "A number (a field whose datatype is an integer type).")
local valueShape = anyOf(
    {
        text(),
        boolean("A boolean field's value (written 1 or 0)."),
        number
    },
    "One value: a string, a boolean for a boolean field, a number for an integer datatype."
)
local valuesShape = arrayOf(
    anyOf({
        text(),
        number
    }),
    nil,
    "Several values (a *-multi field, or more than one value)."
)
--- One field definition or filled-in field.
____exports.fieldShape = object({
    {
        "var",
        text("The field's name.")
    },
    {
        "type",
        oneOfWords(FIELD_TYPES, "The field type (default text-single).")
    },
    {
        "label",
        text()
    },
    {
        "desc",
        text()
    },
    {
        "required",
        boolean("True: <required/> is present.")
    },
    {
        "datatype",
        text("XEP-0122 datatype of <validate/> (xs:string, xs:integer, ...).")
    },
    {
        "range",
        object(
            {
                {
                    "min",
                    text()
                },
                {
                    "max",
                    text()
                }
            },
            nil,
            "XEP-0122 <range/> of <validate/>."
        )
    },
    {"value", valueShape},
    {"values", valuesShape},
    {
        "options",
        arrayOf(
            object(
                {
                    {
                        "label",
                        text()
                    },
                    {
                        "value",
                        text()
                    }
                },
                {"value"}
            ),
            nil,
            "Choices of a list field."
        )
    },
    {
        "order",
        orderShape(FIELD_KINDS)
    }
})
--- The JSON shape of a data form.
____exports.dataformShape = object(
    {
        {
            "type",
            oneOfWords(FORM_TYPES, "The form type.")
        },
        {
            "title",
            text()
        },
        {
            "instructions",
            anyOf(
                {
                    text(),
                    arrayOf(text())
                },
                "One instruction, or a list when the form has several."
            )
        },
        {
            "fields",
            arrayOf(____exports.fieldShape)
        },
        {
            "reported",
            arrayOf(____exports.fieldShape, nil, "The columns of a result table (field definitions).")
        },
        {
            "items",
            arrayOf(
                arrayOf(____exports.fieldShape),
                nil,
                "The rows of a result table, each a list of fields."
            )
        },
        {
            "order",
            orderShape(FORM_KINDS)
        }
    },
    nil,
    "A data form (XEP-0004)."
)
--- One formdata value: a string, a boolean (1/0), a number, or a list of values.
local formdataValue = anyOf({
    text(),
    boolean(),
    number,
    arrayOf(anyOf({
        text(),
        number
    }))
})
--- The JSON shape of the simplified form: {var: value | [values]}.
____exports.formdataShape = mapOf(formdataValue, "Form fields by var: a value or a list of values (FORM_TYPE included).")
--- The JSON value of one <value/> text.
local function valueOfText(text, fieldType, datatype)
    if fieldType == "boolean" then
        if text == "1" then
            return true
        end
        if text == "0" then
            return false
        end
        return text
    end
    if datatype ~= nil and INTEGER_DATATYPES[datatype] ~= nil then
        local n = parseInteger(text, -MAX_INTEGER, MAX_INTEGER)
        if n ~= nil and integerText(n) == text then
            return n
        end
    end
    return text
end
--- The <validate/> of a field into `doc` (datatype, range); false when it holds something else.
local function readValidate(validate, doc)
    doc.datatype = validate.attr.datatype
    for ____, child in ipairs(validate.tags) do
        if child.name ~= "range" or doc.range ~= nil then
            return false
        end
        local range = {}
        range.min = child.attr.min
        range.max = child.attr.max
        doc.range = range
    end
    return true
end
--- The JSON of a <field/>, nil when it holds an element the shape has no place for.
local function fieldToJson(field)
    local doc = {}
    local fieldType = field.attr.type
    doc.var = field.attr.var
    doc.type = fieldType
    doc.label = field.attr.label
    local texts = {}
    local options = jsonArray()
    local validate
    for ____, child in ipairs(field.tags) do
        local ns = child.attr.xmlns
        if ns == ____exports.XMLNS_VALIDATE and child.name == "validate" and validate == nil then
            validate = child
            if not readValidate(child, doc) then
                return nil
            end
        elseif ns ~= nil and ns ~= ____exports.XMLNS_DATA then
            return nil
        elseif child.name == "value" then
            texts[#texts + 1] = child:get_text() or ""
        elseif child.name == "option" then
            local option = {}
            option.label = child.attr.label
            option.value = child:get_child_text("value")
            options[#options + 1] = option
        elseif child.name == "desc" and doc.desc == nil then
            doc.desc = child:get_text() or ""
        elseif child.name == "required" and doc.required == nil then
            doc.required = true
        else
            return nil
        end
    end
    local datatype = doc.datatype
    if fieldType ~= nil and MULTI_TYPES[fieldType] ~= nil or #texts > 1 then
        if #texts > 0 then
            local values = jsonArray()
            for ____, item in ipairs(texts) do
                values[#values + 1] = valueOfText(item, fieldType, datatype)
            end
            doc.values = values
        end
    elseif #texts == 1 then
        doc.value = valueOfText(texts[1], fieldType, datatype)
    end
    if #options > 0 then
        doc.options = options
    end
    local sequence = kindSequence(field, fieldKind)
    if sequence == nil then
        return nil
    end
    doc.order = orderHint(sequence, FIELD_KINDS)
    return doc
end
--- The fields among `parent`'s children, nil when one is not representable.
local function fieldsToJson(parent)
    local list = jsonArray()
    for ____, child in ipairs(parent.tags) do
        if child.name ~= "field" or child.attr.xmlns ~= nil and child.attr.xmlns ~= ____exports.XMLNS_DATA then
            return nil
        end
        local field = fieldToJson(child)
        if field == nil then
            return nil
        end
        list[#list + 1] = field
    end
    return list
end
--- The form's JSON before the exactness check.
local function readForm(x)
    local doc = {}
    doc.type = x.attr.type
    local instructions = jsonArray()
    local fields = jsonArray()
    local items = jsonArray()
    for ____, child in ipairs(x.tags) do
        local ns = child.attr.xmlns
        if ns ~= nil and ns ~= ____exports.XMLNS_DATA then
            return nil
        end
        if child.name == "field" then
            local field = fieldToJson(child)
            if field == nil then
                return nil
            end
            fields[#fields + 1] = field
        elseif child.name == "title" and doc.title == nil then
            doc.title = child:get_text() or ""
        elseif child.name == "instructions" then
            instructions[#instructions + 1] = child:get_text() or ""
        elseif child.name == "reported" and doc.reported == nil then
            local reported = fieldsToJson(child)
            if reported == nil then
                return nil
            end
            doc.reported = reported
        elseif child.name == "item" then
            local row = fieldsToJson(child)
            if row == nil then
                return nil
            end
            items[#items + 1] = row
        else
            return nil
        end
    end
    if #instructions == 1 then
        doc.instructions = instructions[1]
    elseif #instructions > 1 then
        doc.instructions = instructions
    end
    if #fields > 0 then
        doc.fields = fields
    end
    if #items > 0 then
        doc.items = items
    end
    local sequence = kindSequence(x, fieldKind)
    if sequence == nil then
        return nil
    end
    doc.order = orderHint(sequence, FORM_KINDS)
    return doc
end
--- The JSON of a data form element `<x xmlns='jabber:x:data'/>`; nil when
-- it is not one or holds anything the shape cannot carry exactly.
function ____exports.dataformToJson(x)
    if x.name ~= "x" or x.attr.xmlns ~= ____exports.XMLNS_DATA then
        return nil
    end
    return exactOrNil(
        x,
        readForm(x),
        writeDataform,
        ____exports.dataformShape,
        "dataform"
    )
end
--- Nil when no field of `list` gives both value and values; else the text naming it.
local function fieldsError(list, path)
    if not isArray(list) then
        return nil
    end
    do
        local i = 1
        while i <= #list do
            local field = list[i]
            if field.value ~= nil and field.values ~= nil then
                return ((path .. "[") .. tostring(i - 1)) .. "]: give value or values, not both"
            end
            i = i + 1
        end
    end
    return nil
end
--- The cross-field check of a form that fits dataformShape (what the shape cannot say).
local function formError(form, path)
    local problem = fieldsError(form.fields, path .. ".fields") or fieldsError(form.reported, path .. ".reported")
    if problem ~= nil then
        return problem
    end
    local rows = form.items
    if isArray(rows) then
        do
            local i = 1
            while i <= #rows do
                local wrong = fieldsError(
                    rows[i],
                    ((path .. ".items[") .. tostring(i - 1)) .. "]"
                )
                if wrong ~= nil then
                    return wrong
                end
                i = i + 1
            end
        end
    end
    return nil
end
--- Add `<x xmlns='jabber:x:data'/>` for a form value to `stanza` (cursor
-- left where it was); an error text starting with `path` (default
-- "dataform") when the value does not fit dataformShape.
function ____exports.dataformFromJson(stanza, value, path)
    local at = path or "dataform"
    local problem = ____exports.dataformShape.check(at, value) or formError(value, at)
    if problem ~= nil then
        return problem
    end
    writeForm(stanza, value)
    return nil
end
--- The vars of a formdata map in writing order: FORM_TYPE first, then sorted.
local function sortedVars(map)
    local vars = {}
    for name in pairs(map) do
        if name ~= "FORM_TYPE" then
            vars[#vars + 1] = name
        end
    end
    table.sort(vars)
    if map.FORM_TYPE ~= nil then
        table.insert(vars, 1, "FORM_TYPE")
    end
    return vars
end
local function writeFormdata(stanza, map, formType)
    stanza:tag("x", {xmlns = ____exports.XMLNS_DATA, type = formType})
    for ____, name in ipairs(sortedVars(map)) do
        stanza:tag("field", {var = name, type = name == "FORM_TYPE" and "hidden" or nil})
        local value = map[name]
        if isArray(value) then
            do
                local i = 1
                while i <= #value do
                    stanza:text_tag(
                        "value",
                        textOfValue(value[i])
                    )
                    i = i + 1
                end
            end
        elseif type(value) ~= "table" then
            stanza:text_tag(
                "value",
                textOfValue(value)
            )
        end
        stanza:up()
    end
    stanza:up()
end
--- Add the form of a formdata map to `stanza`, of type `formType` (none
-- when nil); an error text starting with `path` (default "formdata")
-- when the value does not fit formdataShape.
function ____exports.formdataFromJson(stanza, value, formType, path)
    local problem = ____exports.formdataShape.check(path or "formdata", value)
    if problem ~= nil then
        return problem
    end
    writeFormdata(stanza, value, formType)
    return nil
end
--- The formdata map of a form, nil unless writing the map back (with the
-- form's type) gives the same form: fields with a var and values only,
-- no types but FORM_TYPE's hidden, vars sorted after FORM_TYPE. A field
-- with one value maps to the value, with none to [], with several to the
-- list.
function ____exports.formdataToJson(x)
    if x.name ~= "x" or x.attr.xmlns ~= ____exports.XMLNS_DATA then
        return nil
    end
    local map = {}
    for ____, field in ipairs(x.tags) do
        local name = field.attr.var
        if field.name ~= "field" or name == nil or map[name] ~= nil then
            return nil
        end
        local texts = jsonArray()
        for ____, child in ipairs(field.tags) do
            if child.name ~= "value" then
                return nil
            end
            texts[#texts + 1] = child:get_text() or ""
        end
        map[name] = #texts == 1 and texts[1] or texts
    end
    if ____exports.formdataShape.check("formdata", map) ~= nil then
        return nil
    end
    local formType = x.attr.type
    local function write(stanza, value)
        writeFormdata(stanza, value, formType)
        return nil
    end
    return exactOrNil(x, map, write)
end
return ____exports
 end,
["src.mod_rest.map.anykind_element"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local integerText = ____field.integerText
local parseInteger = ____field.parseInteger
--- True when every attribute of `element` other than `xmlns` is one of `allowed`.
function ____exports.hasOnlyAttributes(element, allowed)
    for name in pairs(element.attr) do
        if name ~= "xmlns" and not (allowed[name] ~= nil) then
            return false
        end
    end
    return true
end
--- True when `element` holds no text: nothing, or child elements with at
-- most whitespace between them (indentation, which no mapper keeps and
-- the exactness guard of exact.ts ignores too).
function ____exports.hasNoText(element)
    local indented = #element.tags > 0
    for node in element:children() do
        if type(node) == "string" and not (indented and (string.find(node, "^%s*$")) ~= nil) then
            return false
        end
    end
    return true
end
--- The text of an element that holds only text ("" when empty); nil when it holds elements.
function ____exports.plainText(element)
    if #element.tags > 0 then
        return nil
    end
    return element:get_text() or ""
end
--- The text of an element with no attribute but `xmlns` and no child
-- element ("" when empty), nil otherwise.
function ____exports.bareText(element)
    if not ____exports.hasOnlyAttributes(element, {}) then
        return nil
    end
    return ____exports.plainText(element)
end
--- The integer written in `text` when it lies from `min` to `max` and is
-- written as the mapping writes it back ("5", not "05" or "+5"); else nil.
function ____exports.exactInteger(text, min, max)
    local n = parseInteger(text, min, max)
    if n == nil or integerText(n) ~= text then
        return nil
    end
    return n
end
--- The largest xs:int (XML Schema), the bound of XEP counts and sizes.
____exports.MAX_XS_INT = 2147483647
--- The `fromForm` of a field a flat form cannot express: it refuses, naming the field.
function ____exports.notInForms(name)
    return function() return nil, name .. ": an object, not available in forms (send JSON)" end
end
--- True when `element` holds nothing: no text, no child element.
function ____exports.isEmptyElement(element)
    return #element.tags == 0 and ____exports.hasNoText(element)
end
return ____exports
 end,
["src.mod_rest.map.rsm"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local ANY_KIND = ____field.ANY_KIND
local integerText = ____field.integerText
local isObject = ____field.isObject
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local integer = ____shape.integer
local object = ____shape.object
local text = ____shape.text
local ____exact = require("src.mod_rest.map.exact")
local orderHint = ____exact.orderHint
local orderShape = ____exact.orderShape
local writingOrder = ____exact.writingOrder
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local MAX_XS_INT = ____anykind_element.MAX_XS_INT
local exactInteger = ____anykind_element.exactInteger
local hasNoText = ____anykind_element.hasNoText
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local notInForms = ____anykind_element.notInForms
local plainText = ____anykind_element.plainText
____exports.XMLNS_RSM = "http://jabber.org/protocol/rsm"
--- The children of a set, in the order they are written.
local ORDER = {
    "max",
    "after",
    "before",
    "index",
    "first",
    "last",
    "count"
}
local KNOWN = setOf(ORDER)
local INTEGERS = setOf({"max", "index", "count"})
local NO_ATTRIBUTES = {}
local FIRST_ATTRIBUTES = setOf({"index"})
local function count(description)
    return integer(0, MAX_XS_INT, description)
end
local PROPERTIES = {
    {
        "max",
        count("Request: the most items to return (0: only the count).")
    },
    {
        "after",
        text("Request: the page after this item id.")
    },
    {
        "before",
        text("Request: the page before this item id; \"\" for the last page.")
    },
    {
        "index",
        count("Request: the index of the first item of the page.")
    },
    {
        "first",
        anyOf(
            {
                text("The first item's id."),
                object(
                    {
                        {
                            "id",
                            text("The first item's id.")
                        },
                        {
                            "index",
                            count("Its index in the whole set.")
                        }
                    },
                    {"id", "index"}
                )
            },
            "Result: the first item of the page: its id, or {id, index} with its index in the whole set."
        )
    },
    {
        "last",
        text("Result: the last item's id.")
    },
    {
        "count",
        count("Result: the number of items in the whole set.")
    },
    {
        "order",
        orderShape(ORDER)
    }
}
--- The shape of an RSM set (see the file comment).
____exports.rsmShape = object(PROPERTIES, nil, "XEP-0059 result set management: the page asked for, or the page returned.")
--- The JSON value of one child of a set, nil when it is not written the way the mapping writes it.
local function childToJson(child)
    local name = child.name
    if name == "first" then
        local id = plainText(child)
        if id == nil or not hasOnlyAttributes(child, FIRST_ATTRIBUTES) then
            return nil
        end
        if child.attr.index == nil then
            return id
        end
        local index = exactInteger(child.attr.index, 0, MAX_XS_INT)
        if index == nil then
            return nil
        end
        local doc = {}
        doc.id = id
        doc.index = index
        return doc
    end
    local body = plainText(child)
    if body == nil or not hasOnlyAttributes(child, NO_ATTRIBUTES) then
        return nil
    end
    if INTEGERS[name] ~= nil then
        return exactInteger(body, 0, MAX_XS_INT)
    end
    return body
end
--- The JSON object of an RSM `<set/>` element (an empty set gives {}), or
-- nil when the set holds something the shape cannot give back exactly.
function ____exports.rsmToJson(set)
    if not hasOnlyAttributes(set, NO_ATTRIBUTES) or not hasNoText(set) then
        return nil
    end
    local doc = {}
    local sequence = {}
    for ____, child in ipairs(set.tags) do
        if child.attr.xmlns ~= nil and child.attr.xmlns ~= ____exports.XMLNS_RSM then
            return nil
        end
        if not (KNOWN[child.name] ~= nil) or doc[child.name] ~= nil then
            return nil
        end
        local value = childToJson(child)
        if value == nil then
            return nil
        end
        doc[child.name] = value
        sequence[#sequence + 1] = child.name
    end
    doc.order = orderHint(sequence, ORDER)
    return doc
end
--- Add the `<set/>` of `value` to `stanza` (cursor left where it was), or
-- give the text naming what is wrong in it (`path` names the value in
-- that text: "rsm", "archive.page", ...).
function ____exports.rsmFromJson(stanza, value, path)
    if path == nil then
        path = "rsm"
    end
    local problem = ____exports.rsmShape.check(path, value)
    if problem ~= nil then
        return problem
    end
    local doc = value
    stanza:tag("set", {xmlns = ____exports.XMLNS_RSM})
    for ____, name in ipairs(writingOrder(doc.order, ORDER)) do
        do
            local __continue19
            repeat
                local item = doc[name]
                if item == nil then
                    __continue19 = true
                    break
                end
                if name == "first" and isObject(item) then
                    stanza:text_tag(
                        "first",
                        item.id,
                        {index = integerText(item.index)}
                    )
                elseif INTEGERS[name] ~= nil then
                    stanza:text_tag(
                        name,
                        integerText(item)
                    )
                else
                    stanza:text_tag(name, item)
                end
                __continue19 = true
            until true
            if not __continue19 then
                break
            end
        end
    end
    stanza:up()
    return nil
end
--- `rsm`: an RSM set that is a direct child of the stanza (payloads map the sets inside their queries).
____exports.rsm = {
    name = "rsm",
    kinds = ANY_KIND,
    description = "A result set (XEP-0059 <set/>) directly in the stanza; sets inside a query belong to that query's " ..
        "field.",
    spec = "XEP-0059",
    shape = ____exports.rsmShape,
    elements = {{name = "set", xmlns = ____exports.XMLNS_RSM}},
    toJson = function(stanza)
        local set = stanza:get_child("set", ____exports.XMLNS_RSM)
        local ____temp_0
        if set == nil then
            ____temp_0 = nil
        else
            ____temp_0 = ____exports.rsmToJson(set)
        end
        return ____temp_0
    end,
    fromJson = function(stanza, value) return ____exports.rsmFromJson(stanza, value) end,
    fromForm = notInForms("rsm"),
    toForm = function() return nil end
}
return ____exports
 end,
["src.mod_rest.map.iq"] = function(...) 
local ____exports = {}
local formTypeOf, sortedKeys, extensionForm, writeDiscoInfo, writeIdentities, writeItemList, writeItems
local DISCO_KINDS
local st = require("util.stanza")
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local arrayOf = ____shape.arrayOf
local integer = ____shape.integer
local literalTrue = ____shape.literalTrue
local mapOf = ____shape.mapOf
local object = ____shape.object
local text = ____shape.text
local ____dataform = require("src.mod_rest.map.dataform")
local XMLNS_DATA = ____dataform.XMLNS_DATA
local dataformFromJson = ____dataform.dataformFromJson
local dataformShape = ____dataform.dataformShape
local dataformToJson = ____dataform.dataformToJson
local ____exact = require("src.mod_rest.map.exact")
local kindSequence = ____exact.kindSequence
local orderHint = ____exact.orderHint
local orderShape = ____exact.orderShape
local exactOrNil = ____exact.exactOrNil
local writingOrder = ____exact.writingOrder
local ____rsm = require("src.mod_rest.map.rsm")
local XMLNS_RSM = ____rsm.XMLNS_RSM
local rsmFromJson = ____rsm.rsmFromJson
local rsmShape = ____rsm.rsmShape
local rsmToJson = ____rsm.rsmToJson
local ____field = require("src.mod_rest.map.field")
local integerError = ____field.integerError
local integerText = ____field.integerText
local isArray = ____field.isArray
local isObject = ____field.isObject
local jsonArray = ____field.jsonArray
local optionalTextError = ____field.optionalTextError
local parseInteger = ____field.parseInteger
local wrongType = ____field.wrongType
function formTypeOf(form)
    local fields = form.fields
    if not isArray(fields) then
        return nil
    end
    do
        local i = 1
        while i <= #fields do
            local field = fields[i]
            if field.var == "FORM_TYPE" then
                local value = field.value
                return type(value) == "string" and value or nil
            end
            i = i + 1
        end
    end
    return nil
end
function sortedKeys(map)
    local keys = {}
    for key in pairs(map) do
        keys[#keys + 1] = key
    end
    table.sort(keys)
    return keys
end
function extensionForm(key, form, path)
    local formType = formTypeOf(form)
    local fields = form.fields
    if formType ~= nil then
        if formType ~= key then
            return nil, path .. ": its FORM_TYPE field holds another FORM_TYPE"
        end
        return form, nil
    end
    if isArray(fields) then
        do
            local i = 1
            while i <= #fields do
                if fields[i].var == "FORM_TYPE" then
                    return nil, ((path .. ".fields[") .. tostring(i - 1)) .. "]: FORM_TYPE must have one value, the key"
                end
                i = i + 1
            end
        end
    end
    local copy = {}
    for name, value in pairs(form) do
        copy[name] = value
    end
    if copy.type == nil then
        copy.type = "result"
    end
    local withType = jsonArray()
    local hidden = {}
    hidden.var = "FORM_TYPE"
    hidden.type = "hidden"
    hidden.value = key
    withType[#withType + 1] = hidden
    if isArray(fields) then
        do
            local i = 1
            while i <= #fields do
                withType[#withType + 1] = fields[i]
                i = i + 1
            end
        end
    end
    copy.fields = withType
    return copy, nil
end
function writeDiscoInfo(stanza, value)
    if value == true then
        stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_INFO}):up()
        return nil
    end
    if type(value) == "string" then
        stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_INFO, node = value}):up()
        return nil
    end
    local doc = value
    local forms = {}
    local extensions = doc.extensions
    if extensions ~= nil then
        for ____, key in ipairs(writingOrder(
            doc.extensions_order,
            sortedKeys(extensions)
        )) do
            local form, problem = extensionForm(key, extensions[key], "disco.extensions." .. key)
            if form == nil then
                return problem
            end
            forms[#forms + 1] = form
        end
    end
    stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_INFO, node = doc.node})
    for ____, kind in ipairs(writingOrder(doc.order, DISCO_KINDS)) do
        if kind == "identity" then
            writeIdentities(stanza, doc.identities)
        elseif kind == "feature" then
            local features = doc.features
            if isArray(features) then
                do
                    local i = 1
                    while i <= #features do
                        stanza:tag("feature", {var = features[i]}):up()
                        i = i + 1
                    end
                end
            end
        else
            for ____, form in ipairs(forms) do
                local problem = dataformFromJson(stanza, form, "disco.extensions")
                if problem ~= nil then
                    return problem
                end
            end
        end
    end
    stanza:up()
    return nil
end
function writeIdentities(stanza, identities)
    if not isArray(identities) then
        return
    end
    do
        local i = 1
        while i <= #identities do
            local identity = identities[i]
            local attr = {category = identity.category, type = identity.type, name = identity.name}
            stanza:tag("identity", attr):up()
            i = i + 1
        end
    end
end
function writeItemList(stanza, list)
    do
        local i = 1
        while i <= #list do
            local item = list[i]
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
end
function writeItems(stanza, value)
    if value == true then
        stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_ITEMS}):up()
        return nil
    end
    if type(value) == "string" then
        stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_ITEMS, node = value}):up()
        return nil
    end
    if isArray(value) then
        stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_ITEMS})
        writeItemList(stanza, value)
        stanza:up()
        return nil
    end
    local doc = value
    stanza:tag("query", {xmlns = ____exports.XMLNS_DISCO_ITEMS, node = doc.node})
    local list = doc.items
    if isArray(list) then
        writeItemList(stanza, list)
    end
    local page = doc.rsm
    local ____temp_3
    if page == nil then
        ____temp_3 = nil
    else
        ____temp_3 = rsmFromJson(stanza, page, "items.rsm")
    end
    local problem = ____temp_3
    stanza:up()
    return problem
end
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
    description = "A ping (true); a result of a ping has no payload.",
    spec = "XEP-0199",
    shape = literalTrue(),
    elements = {{name = "ping", xmlns = ____exports.XMLNS_PING}},
    form = "any value (present: true)",
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
    description = "Software version: true to ask, {name, version, os} in a result.",
    spec = "XEP-0092",
    shape = anyOf({
        literalTrue(),
        object({
            {
                "name",
                text()
            },
            {
                "version",
                text()
            },
            {
                "os",
                text()
            }
        })
    }),
    elements = {{name = "query", xmlns = ____exports.XMLNS_VERSION}},
    form = "any value (present: true)",
    toJson = versionToJson,
    fromJson = versionFromJson,
    fromForm = formTrue
}
DISCO_KINDS = {"identity", "feature", "x"}
local identityShape = object(
    {
        {
            "category",
            text()
        },
        {
            "type",
            text()
        },
        {
            "name",
            text()
        }
    },
    {"category", "type"},
    "An identity (its xml:lang is not mapped: an identity with one leaves the query unmapped)."
)
local discoObject = object({
    {
        "node",
        text()
    },
    {
        "identities",
        arrayOf(identityShape)
    },
    {
        "features",
        arrayOf(text())
    },
    {
        "extensions",
        mapOf(
            dataformShape,
            "XEP-0128 extension forms keyed by their FORM_TYPE (a form without one gets it, hidden, first)."
        )
    },
    {
        "order",
        orderShape(DISCO_KINDS)
    },
    {
        "extensions_order",
        arrayOf(
            text(),
            nil,
            "The FORM_TYPEs of the extensions in their XML order, given only when it is not sorted; others follow " ..
                "sorted."
        )
    }
})
--- The kind of a child: its name (unknown children are refused before).
local function childKind(child)
    return child.name
end
--- A copy of a disco#info query with its children grouped by kind, in the default order.
local function grouped(query)
    local copy = st.stanza("query", query.attr)
    for ____, kind in ipairs(DISCO_KINDS) do
        for ____, child in ipairs(query.tags) do
            if childKind(child) == kind then
                copy:add_direct_child(child)
            end
        end
    end
    return copy
end
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
    local extensions
    local formTypes = {}
    for ____, child in ipairs(query.tags) do
        local ns = child.attr.xmlns
        if child.name == "x" and ns == XMLNS_DATA then
            local form = dataformToJson(child)
            local ____temp_1
            if form == nil then
                ____temp_1 = nil
            else
                ____temp_1 = formTypeOf(form)
            end
            local formType = ____temp_1
            if formType == nil or extensions ~= nil and extensions[formType] ~= nil then
                return nil
            end
            extensions = extensions or ({})
            extensions[formType] = form
            formTypes[#formTypes + 1] = formType
        elseif ns ~= nil and ns ~= ____exports.XMLNS_DISCO_INFO then
            return nil
        elseif child.name == "identity" then
            local doc = {}
            doc.category = child.attr.category
            doc.type = child.attr.type
            doc.name = child.attr.name
            identities[#identities + 1] = doc
        elseif child.name == "feature" then
            local featureVar = child.attr.var
            if featureVar == nil then
                return nil
            end
            features[#features + 1] = featureVar
        else
            return nil
        end
    end
    local doc = {}
    doc.node = query.attr.node
    doc.identities = identities
    doc.features = features
    doc.extensions = extensions
    local sequence = kindSequence(query, childKind)
    local ____temp_2
    if sequence == nil then
        ____temp_2 = nil
    else
        ____temp_2 = orderHint(sequence, DISCO_KINDS)
    end
    doc.order = ____temp_2
    if extensions ~= nil then
        doc.extensions_order = orderHint(
            formTypes,
            sortedKeys(extensions)
        )
    end
    local original = sequence == nil and grouped(query) or query
    return exactOrNil(
        original,
        doc,
        writeDiscoInfo,
        discoObject,
        "disco"
    )
end
--- `disco`: true (a query), a node string (a query on that node), or
-- {node, identities, features, extensions} (a result: XEP-0128 forms
-- keyed by FORM_TYPE), written identities, features, forms sorted by
-- FORM_TYPE; `order` and `extensions_order` say when the XML had another
-- order. A result holding what this cannot carry exactly
-- (a form without FORM_TYPE, two forms of one FORM_TYPE, an identity's
-- xml:lang, an unknown child) is left in `unmapped`.
____exports.disco = {
    name = "disco",
    kinds = IQ,
    implies = "iq",
    description = "Service discovery info: true to ask, a node to ask about it, {node, identities, features, " ..
        "extensions} in a result (extensions: forms keyed by FORM_TYPE).",
    spec = "XEP-0030, XEP-0128",
    shape = anyOf({
        literalTrue(),
        text(),
        discoObject
    }),
    elements = {{name = "query", xmlns = ____exports.XMLNS_DISCO_INFO}},
    form = "empty: true; else the node",
    toJson = discoToJson,
    fromJson = writeDiscoInfo,
    fromForm = formNode
}
local itemShape = anyOf({
    text("A JID (input: stands for {jid})."),
    object(
        {
            {
                "jid",
                text()
            },
            {
                "node",
                text()
            },
            {
                "name",
                text()
            }
        },
        {"jid"}
    )
})
local itemsObject = object(
    {
        {
            "node",
            text()
        },
        {
            "items",
            arrayOf(itemShape)
        },
        {"rsm", rsmShape}
    },
    nil,
    "A query on a node or with a result set ({node, rsm}), or a result that has a node or a set ({node, " ..
        "items, rsm})."
)
local function itemsToJson(stanza)
    local query = stanza:get_child("query", ____exports.XMLNS_DISCO_ITEMS)
    if query == nil then
        return nil
    end
    local list = jsonArray()
    local page
    for ____, child in ipairs(query.tags) do
        local ns = child.attr.xmlns
        if child.name == "set" and ns == XMLNS_RSM and page == nil then
            page = rsmToJson(child)
            if page == nil then
                return nil
            end
        elseif child.name == "item" and (ns == nil or ns == ____exports.XMLNS_DISCO_ITEMS) then
            local doc = {}
            doc.jid = child.attr.jid
            doc.node = child.attr.node
            doc.name = child.attr.name
            list[#list + 1] = doc
        else
            return nil
        end
    end
    local node = query.attr.node
    local value
    if #list == 0 and stanza.attr.type ~= "result" then
        if page == nil then
            value = node or true
        else
            local doc = {}
            doc.node = node
            doc.rsm = page
            value = doc
        end
    elseif node == nil and page == nil then
        value = list
    else
        local doc = {}
        doc.node = node
        doc.items = list
        doc.rsm = page
        value = doc
    end
    return exactOrNil(
        query,
        value,
        writeItems,
        ____exports.items.shape,
        "items"
    )
end
--- `items`: true (a query), a node string (a query on that node), {node,
-- rsm} (a query with a result set), or in a result a flat list [{jid,
-- node, name}] (a JID string stands for {jid} on input), {node, items,
-- rsm} when the result has a node or a set. A result without items is []
-- (or {node, items: []}).
____exports.items = {
    name = "items",
    kinds = IQ,
    implies = "iq",
    description = "Service discovery items: true to ask, a node to ask about it, {node, rsm} to ask for a page; a list " ..
        "of {jid, node, name} in a result, {node, items, rsm} when it has a node or a page.",
    spec = "XEP-0030, XEP-0059",
    shape = anyOf({
        literalTrue(),
        text(),
        itemsObject,
        arrayOf(itemShape)
    }),
    elements = {{name = "query", xmlns = ____exports.XMLNS_DISCO_ITEMS}},
    form = "empty: true; else the node",
    toJson = itemsToJson,
    fromJson = writeItems,
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
    local ____temp_4
    if seconds == nil then
        ____temp_4 = nil
    else
        ____temp_4 = integerError("lastactivity.seconds", seconds, 0, MAX_SECONDS)
    end
    local problem = ____temp_4 or optionalTextError("lastactivity.status", statusText)
    if problem ~= nil then
        return problem
    end
    local ____temp_5
    if seconds == nil then
        ____temp_5 = nil
    else
        ____temp_5 = integerText(seconds)
    end
    local attr = {xmlns = ____exports.XMLNS_LAST, seconds = ____temp_5}
    stanza:tag("query", attr):text(statusText):up()
    return nil
end
--- `lastactivity`: true for a query, {seconds, status} for a result.
____exports.lastActivity = {
    name = "lastactivity",
    kinds = IQ,
    implies = "iq",
    description = "Last activity: true to ask, {seconds, status} in a result.",
    spec = "XEP-0012",
    shape = anyOf({
        literalTrue(),
        object({
            {
                "seconds",
                integer(0, MAX_SECONDS)
            },
            {
                "status",
                text()
            }
        })
    }),
    elements = {{name = "query", xmlns = ____exports.XMLNS_LAST}},
    form = "any value (present: true)",
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
["src.mod_rest.map.commands_command"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local isArray = ____field.isArray
local jsonArray = ____field.jsonArray
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local arrayOf = ____shape.arrayOf
local boolean = ____shape.boolean
local object = ____shape.object
local oneOfWords = ____shape.oneOfWords
local text = ____shape.text
local ____dataform = require("src.mod_rest.map.dataform")
local XMLNS_DATA = ____dataform.XMLNS_DATA
local dataformFromJson = ____dataform.dataformFromJson
local dataformShape = ____dataform.dataformShape
local dataformToJson = ____dataform.dataformToJson
local formdataFromJson = ____dataform.formdataFromJson
local formdataShape = ____dataform.formdataShape
local ____exact = require("src.mod_rest.map.exact")
local kindSequence = ____exact.kindSequence
local orderHint = ____exact.orderHint
local orderShape = ____exact.orderShape
local exactOrNil = ____exact.exactOrNil
local writingOrder = ____exact.writingOrder
____exports.XMLNS_COMMANDS = "http://jabber.org/protocol/commands"
--- The step actions of <actions/>, in the order written.
local STEPS = {"prev", "next", "complete"}
--- The kinds of a command's children, in the order written when it has no `order`.
local COMMAND_KINDS = {"actions", "note", "x"}
local noteShape = object(
    {
        {
            "type",
            oneOfWords({"info", "warn", "error"}, "The note's type (default info).")
        },
        {
            "text",
            text()
        }
    },
    nil,
    "A <note/>."
)
local commandObject = object(
    {
        {
            "node",
            text("The command's node.")
        },
        {
            "action",
            oneOfWords(
                {
                    "execute",
                    "cancel",
                    "prev",
                    "next",
                    "complete"
                },
                "What the requester asks for."
            )
        },
        {
            "sessionid",
            text()
        },
        {
            "status",
            oneOfWords({"executing", "completed", "canceled"})
        },
        {
            "actions",
            object(
                {
                    {
                        "execute",
                        oneOfWords(STEPS, "The default action.")
                    },
                    {
                        "prev",
                        boolean()
                    },
                    {
                        "next",
                        boolean()
                    },
                    {
                        "complete",
                        boolean()
                    },
                    {
                        "order",
                        orderShape(STEPS)
                    }
                },
                nil,
                "The actions allowed next (true: the child is present)."
            )
        },
        {
            "note",
            anyOf(
                {
                    noteShape,
                    arrayOf(noteShape)
                },
                "A note, or a list when there are several."
            )
        },
        {"form", dataformShape},
        {"data", formdataShape},
        {
            "order",
            orderShape(COMMAND_KINDS)
        }
    },
    {"node"}
)
local commandShape = anyOf({
    text("A node to execute."),
    commandObject
})
--- The kind of a child: its name (unknown children are refused before).
local function childKind(child)
    return child.name
end
--- True for a step action's name.
local function isStep(name)
    for ____, step in ipairs(STEPS) do
        if step == name then
            return true
        end
    end
    return false
end
--- The JSON of <actions/>, nil when it holds anything else.
local function actionsToJson(actions)
    local doc = {}
    doc.execute = actions.attr.execute
    for ____, child in ipairs(actions.tags) do
        local ns = child.attr.xmlns
        if ns ~= nil and ns ~= ____exports.XMLNS_COMMANDS or doc[child.name] ~= nil or not isStep(child.name) then
            return nil
        end
        doc[child.name] = true
    end
    doc.order = orderHint(
        kindSequence(actions, childKind) or ({}),
        STEPS
    )
    return doc
end
--- The JSON of a <command/> before the exactness check.
local function readCommand(command)
    local doc = {}
    doc.node = command.attr.node
    doc.action = command.attr.action
    doc.sessionid = command.attr.sessionid
    doc.status = command.attr.status
    local notes = jsonArray()
    for ____, child in ipairs(command.tags) do
        local ns = child.attr.xmlns
        if child.name == "x" and ns == XMLNS_DATA and doc.form == nil then
            local form = dataformToJson(child)
            if form == nil then
                return nil
            end
            doc.form = form
        elseif ns ~= nil and ns ~= ____exports.XMLNS_COMMANDS then
            return nil
        elseif child.name == "actions" and doc.actions == nil then
            local actions = actionsToJson(child)
            if actions == nil then
                return nil
            end
            doc.actions = actions
        elseif child.name == "note" and #child.tags == 0 then
            local note = {}
            note.type = child.attr.type
            note.text = child:get_text() or ""
            notes[#notes + 1] = note
        else
            return nil
        end
    end
    if #notes == 1 then
        doc.note = notes[1]
    elseif #notes > 1 then
        doc.note = notes
    end
    local sequence = kindSequence(command, childKind)
    if sequence == nil then
        return nil
    end
    doc.order = orderHint(sequence, COMMAND_KINDS)
    return doc
end
local function writeNote(stanza, note)
    stanza:text_tag("note", note.text, {type = note.type})
end
--- Write <actions/> (fits the shape), its children in `order` or the default one.
local function writeActions(stanza, actions)
    stanza:tag("actions", {execute = actions.execute})
    for ____, step in ipairs(writingOrder(actions.order, STEPS)) do
        if actions[step] == true then
            stanza:tag(step):up()
        end
    end
    stanza:up()
end
--- Write a command object that fits the shape; an error text for what the shape cannot say.
local function writeCommand(stanza, value)
    local form = value.form
    local data = value.data
    if form ~= nil and data ~= nil then
        return "command: give form or data, not both"
    end
    stanza:tag(
        "command",
        {
            xmlns = ____exports.XMLNS_COMMANDS,
            node = value.node,
            action = value.action,
            sessionid = value.sessionid,
            status = value.status
        }
    )
    local problem
    for ____, kind in ipairs(writingOrder(value.order, COMMAND_KINDS)) do
        if kind == "actions" then
            local actions = value.actions
            if actions ~= nil then
                writeActions(stanza, actions)
            end
        elseif kind == "note" then
            local note = value.note
            if isArray(note) then
                do
                    local i = 1
                    while i <= #note do
                        writeNote(stanza, note[i])
                        i = i + 1
                    end
                end
            elseif note ~= nil then
                writeNote(stanza, note)
            end
        elseif form ~= nil then
            problem = dataformFromJson(stanza, form, "command.form")
        elseif data ~= nil then
            problem = formdataFromJson(stanza, data, "submit", "command.data")
        end
    end
    stanza:up()
    return problem
end
local function commandFromJson(stanza, value)
    if type(value) == "string" then
        stanza:tag("command", {xmlns = ____exports.XMLNS_COMMANDS, node = value}):up()
        return nil
    end
    local command = value
    if command.form ~= nil and command.data ~= nil then
        return "command: give form or data, not both"
    end
    return writeCommand(stanza, command)
end
local function writeCommandValue(stanza, value)
    return writeCommand(stanza, value)
end
local function commandToJson(stanza)
    local command = stanza:get_child("command", ____exports.XMLNS_COMMANDS)
    if command == nil then
        return nil
    end
    return exactOrNil(
        command,
        readCommand(command),
        writeCommandValue,
        commandObject,
        "command"
    )
end
--- A flat form (or an empty query string) gives the node.
local function commandFromForm(value)
    if value == "" then
        return nil, "command: expected the command's node (GET /rest/command/{to}?node=...)"
    end
    return value, nil
end
--- A form holds a command that is only a node.
local function commandToForm(value)
    if type(value) == "string" then
        return value
    end
    local doc = value
    for name in pairs(doc) do
        if name ~= "node" then
            return nil
        end
    end
    return doc.node
end
--- `command`: a node (executes it) or {node, action, sessionid, status,
-- actions, note, form, data}. GET /rest/command/{to}?node=...&action=...
-- &sessionid=... builds the object from the query string (type set).
____exports.command = {
    name = "command",
    kinds = {iq = true},
    implies = "iq",
    description = "An ad-hoc command: a node to execute it, or {node, action, sessionid, status, actions, note, form, " ..
        "data} (data: form values, input only).",
    spec = "XEP-0050",
    shape = commandShape,
    elements = {{name = "command", xmlns = ____exports.XMLNS_COMMANDS}},
    form = "the node",
    toJson = commandToJson,
    fromJson = commandFromJson,
    fromForm = commandFromForm,
    toForm = commandToForm
}
return ____exports
 end,
["src.mod_rest.map.commands_register"] = function(...) 
local ____exports = {}
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local boolean = ____shape.boolean
local literalTrue = ____shape.literalTrue
local object = ____shape.object
local text = ____shape.text
local ____dataform = require("src.mod_rest.map.dataform")
local XMLNS_DATA = ____dataform.XMLNS_DATA
local dataformFromJson = ____dataform.dataformFromJson
local dataformShape = ____dataform.dataformShape
local dataformToJson = ____dataform.dataformToJson
local formdataFromJson = ____dataform.formdataFromJson
local formdataShape = ____dataform.formdataShape
local ____exact = require("src.mod_rest.map.exact")
local kindSequence = ____exact.kindSequence
local orderHint = ____exact.orderHint
local orderShape = ____exact.orderShape
local exactOrNil = ____exact.exactOrNil
local writingOrder = ____exact.writingOrder
____exports.XMLNS_REGISTER = "jabber:iq:register"
--- The text fields of XEP-0077, in its schema's order.
local TEXT_FIELDS = {
    "instructions",
    "username",
    "nick",
    "password",
    "name",
    "first",
    "last",
    "email",
    "address",
    "city",
    "state",
    "zip",
    "phone",
    "url",
    "date",
    "misc",
    "text",
    "key"
}
local TEXT_SET = {}
for ____, name in ipairs(TEXT_FIELDS) do
    TEXT_SET[name] = true
end
--- The kinds of the query's children, in the order written when it has no `order`.
local REGISTER_KINDS = {"registered"}
for ____, name in ipairs(TEXT_FIELDS) do
    REGISTER_KINDS[#REGISTER_KINDS + 1] = name
end
REGISTER_KINDS[#REGISTER_KINDS + 1] = "remove"
REGISTER_KINDS[#REGISTER_KINDS + 1] = "x"
local properties = {{
    "registered",
    boolean("True: <registered/> (already registered).")
}}
for ____, name in ipairs(TEXT_FIELDS) do
    properties[#properties + 1] = {
        name,
        text()
    }
end
properties[#properties + 1] = {
    "remove",
    boolean("True: <remove/> (cancel the registration).")
}
properties[#properties + 1] = {"form", dataformShape}
properties[#properties + 1] = {"data", formdataShape}
properties[#properties + 1] = {
    "order",
    orderShape(REGISTER_KINDS)
}
local registerObject = object(properties, nil, "Registration fields; \"\" marks a field the service asks for.")
local function writeRegister(stanza, value)
    if value == true then
        stanza:tag("query", {xmlns = ____exports.XMLNS_REGISTER}):up()
        return nil
    end
    local doc = value
    local form = doc.form
    local data = doc.data
    if form ~= nil and data ~= nil then
        return "register: give form or data, not both"
    end
    stanza:tag("query", {xmlns = ____exports.XMLNS_REGISTER})
    local problem
    for ____, kind in ipairs(writingOrder(doc.order, REGISTER_KINDS)) do
        local item = doc[kind]
        if kind == "registered" or kind == "remove" then
            if item == true then
                stanza:tag(kind):up()
            end
        elseif kind ~= "x" then
            if item ~= nil then
                stanza:text_tag(kind, item)
            end
        elseif form ~= nil then
            problem = dataformFromJson(stanza, form, "register.form")
        elseif data ~= nil then
            problem = formdataFromJson(stanza, data, "submit", "register.data")
        end
    end
    stanza:up()
    return problem
end
--- The kind of a child: its name (unknown children are refused before).
local function childKind(child)
    return child.name
end
local function registerToJson(stanza)
    local query = stanza:get_child("query", ____exports.XMLNS_REGISTER)
    if query == nil then
        return nil
    end
    if #query.tags == 0 and query:get_text() == "" then
        return true
    end
    local doc = {}
    for ____, child in ipairs(query.tags) do
        local ns = child.attr.xmlns
        if ns == XMLNS_DATA and child.name == "x" and doc.form == nil then
            local form = dataformToJson(child)
            if form == nil then
                return nil
            end
            doc.form = form
        elseif ns ~= nil and ns ~= ____exports.XMLNS_REGISTER or doc[child.name] ~= nil then
            return nil
        elseif child.name == "registered" or child.name == "remove" then
            doc[child.name] = true
        elseif TEXT_SET[child.name] ~= nil and #child.tags == 0 then
            doc[child.name] = child:get_text() or ""
        else
            return nil
        end
    end
    doc.order = orderHint(
        kindSequence(query, childKind) or ({}),
        REGISTER_KINDS
    )
    return exactOrNil(
        query,
        doc,
        writeRegister,
        registerObject,
        "register"
    )
end
--- `register`: true to ask for the fields, an object of fields otherwise.
____exports.register = {
    name = "register",
    kinds = {iq = true},
    implies = "iq",
    description = "In-band registration: true to ask, {username, password, email, ..., registered, remove, " ..
        "instructions, form, data} otherwise.",
    spec = "XEP-0077",
    shape = anyOf({
        literalTrue("Ask for the registration fields."),
        registerObject
    }),
    elements = {{name = "query", xmlns = ____exports.XMLNS_REGISTER}},
    form = "any value (present: true)",
    toJson = registerToJson,
    fromJson = writeRegister,
    fromForm = function() return true, nil end,
    toForm = function(value) return value == true and "" or nil end
}
return ____exports
 end,
["src.mod_rest.map.commands_gateway"] = function(...) 
local ____exports = {}
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local literalTrue = ____shape.literalTrue
local object = ____shape.object
local text = ____shape.text
local ____exact = require("src.mod_rest.map.exact")
local kindSequence = ____exact.kindSequence
local orderHint = ____exact.orderHint
local orderShape = ____exact.orderShape
local exactOrNil = ____exact.exactOrNil
local writingOrder = ____exact.writingOrder
____exports.XMLNS_GATEWAY = "jabber:iq:gateway"
local FIELDS = {"desc", "prompt", "jid"}
local gatewayObject = object({
    {
        "desc",
        text("What to enter.")
    },
    {
        "prompt",
        text("The prompt, or the legacy address entered.")
    },
    {
        "jid",
        text("The JID of the legacy address.")
    },
    {
        "order",
        orderShape(FIELDS)
    }
})
--- The kind of a child: its name.
local function childKind(child)
    return child.name
end
local function writeGateway(stanza, value)
    stanza:tag("query", {xmlns = ____exports.XMLNS_GATEWAY})
    if value ~= true then
        local doc = value
        for ____, name in ipairs(writingOrder(doc.order, FIELDS)) do
            local fieldText = doc[name]
            if fieldText ~= nil then
                stanza:text_tag(name, fieldText)
            end
        end
    end
    stanza:up()
    return nil
end
local function gatewayToJson(stanza)
    local query = stanza:get_child("query", ____exports.XMLNS_GATEWAY)
    if query == nil then
        return nil
    end
    if #query.tags == 0 and query:get_text() == "" then
        return true
    end
    local doc = {}
    for ____, child in ipairs(query.tags) do
        local ns = child.attr.xmlns
        if ns ~= nil and ns ~= ____exports.XMLNS_GATEWAY or #child.tags > 0 or doc[child.name] ~= nil then
            return nil
        end
        doc[child.name] = child:get_text() or ""
    end
    doc.order = orderHint(
        kindSequence(query, childKind) or ({}),
        FIELDS
    )
    return exactOrNil(
        query,
        doc,
        writeGateway,
        gatewayObject,
        "gateway"
    )
end
--- `gateway`: true to ask, {desc, prompt, jid} otherwise.
____exports.gateway = {
    name = "gateway",
    kinds = {iq = true},
    implies = "iq",
    description = "Gateway interaction: true to ask for the prompt, {prompt} (set) to get the JID of a legacy address, " ..
        "{desc, prompt, jid} in results.",
    spec = "XEP-0100",
    shape = anyOf({
        literalTrue("Ask for the prompt."),
        gatewayObject
    }),
    elements = {{name = "query", xmlns = ____exports.XMLNS_GATEWAY}},
    form = "empty: true; else the legacy address (prompt)",
    toJson = gatewayToJson,
    fromJson = writeGateway,
    fromForm = function(value)
        if value == "" then
            return true, nil
        end
        local doc = {}
        doc.prompt = value
        return doc, nil
    end,
    toForm = function(value)
        if value == true then
            return ""
        end
        local doc = value
        local ____temp_0
        if doc.desc == nil and doc.jid == nil then
            ____temp_0 = doc.prompt
        else
            ____temp_0 = nil
        end
        return ____temp_0
    end
}
return ____exports
 end,
["src.mod_rest.map.commands"] = function(...) 
local ____exports = {}
local ____commands_command = require("src.mod_rest.map.commands_command")
local command = ____commands_command.command
local ____commands_register = require("src.mod_rest.map.commands_register")
local register = ____commands_register.register
local ____commands_gateway = require("src.mod_rest.map.commands_gateway")
local gateway = ____commands_gateway.gateway
--- This group's field mappers, in inference order and the order their elements are written.
____exports.COMMAND_FIELDS = {command, register, gateway}
return ____exports
 end,
["src.mod_rest.map.services_values"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local integer = ____shape.integer
local text = ____shape.text
local ____field = require("src.mod_rest.map.field")
local integerText = ____field.integerText
local isIntegerIn = ____field.isIntegerIn
local wrongType = ____field.wrongType
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
--- Largest integer a double holds exactly (sizes, counts).
____exports.MAX_EXACT_INTEGER = 2 ^ 53 - 1
--- A finite number as the shortest decimal text that reads back as the same number.
function ____exports.numberText(n)
    if math.floor(n) == n and n > -2 ^ 53 and n < 2 ^ 53 then
        return integerText(n)
    end
    for ____, digits in ipairs({15, 16, 17}) do
        local written = string.format(
            ("%." .. tostring(digits)) .. "g",
            n
        )
        if tonumber(written) == n then
            return written
        end
    end
    return string.format("%.17g", n)
end
--- The number of a decimal text that `numberText` writes back unchanged, else nil.
function ____exports.exactNumber(value)
    if value == nil or (string.find(value, "^%-?%d+%.?%d*$")) == nil then
        return nil
    end
    local n = tonumber(value)
    if n == nil or n ~= n or n == math.huge or n == -math.huge then
        return nil
    end
    return ____exports.numberText(n) == value and n or nil
end
--- The boolean of an xs:boolean written as `trueText`/`falseText` (the forms this mapping writes), else nil.
function ____exports.exactBoolean(value, trueText, falseText)
    if value == trueText then
        return true
    end
    if value == falseText then
        return false
    end
    return nil
end
--- True when `element` holds no text but whitespace between its children.
function ____exports.onlyWhitespaceText(element)
    for node in element:children() do
        if type(node) == "string" and (string.find(node, "^%s*$")) == nil then
            return false
        end
    end
    return true
end
--- True when `element` is a plain text element: no child elements, only the `allowed` attributes.
function ____exports.isTextElement(element, allowed)
    return #element.tags == 0 and hasOnlyAttributes(element, allowed or ({}))
end
--- Decimal digits: how an integer arrives from a query string or a form.
local function decimalText(min, max)
    local range = (integerText(min) .. " to ") .. integerText(max)
    return {
        schema = {
            type = "string",
            pattern = "^[0-9]+$",
            description = ("The same integer as decimal text (what a query string gives), " .. range) .. "."
        },
        expected = ("decimal digits (" .. range) .. ")",
        accepts = setOf({"a string"}),
        check = function(path, value)
            if type(value) ~= "string" then
                return wrongType(path, ("decimal digits (" .. range) .. ")", value)
            end
            local s = value
            if (string.find(s, "^%d+$")) == nil or #s > 17 or not isIntegerIn(
                tonumber(s),
                min,
                max
            ) then
                return ((path .. ": expected an integer from ") .. range) .. ", got a string of other characters or out of range"
            end
            return nil
        end
    }
end
--- An integer from `min` (≥ 0) to `max`, or the same as decimal digits (a
-- GET query string or a form body gives every value as text); output is
-- always the number.
function ____exports.integerOrDigits(min, max, description)
    return anyOf(
        {
            integer(min, max),
            decimalText(min, max)
        },
        description
    )
end
--- The integer of a value `integerOrDigits` accepted.
function ____exports.integerValue(value)
    if type(value) == "string" then
        return math.floor(tonumber(value))
    end
    return value
end
--- A text, required non-empty (a JID, a URL).
function ____exports.nonEmptyText(description)
    local plain = text()
    return {
        schema = {type = "string", minLength = 1, description = description},
        expected = "a non-empty string",
        accepts = plain.accepts,
        check = function(path, value)
            local problem = plain.check(path, value)
            if problem ~= nil then
                return problem
            end
            return value == "" and path .. ": expected a non-empty string" or nil
        end
    }
end
--- The texts of `element`'s children named in `names`, when it holds
-- nothing else: each at most once, in that order, in `element`'s own
-- namespace, without attributes or child elements, no text of its own
-- but whitespace. Nil when anything else is there (a mapper built on it
-- would drop it).
function ____exports.orderedTextChildren(element, names)
    if not ____exports.onlyWhitespaceText(element) then
        return nil
    end
    local found = {}
    local next = 0
    for ____, child in ipairs(element.tags) do
        if child.attr.xmlns ~= nil and child.attr.xmlns ~= element.attr.xmlns then
            return nil
        end
        local position = -1
        do
            local i = next
            while i < #names do
                if names[i + 1] == child.name then
                    position = i
                    break
                end
                i = i + 1
            end
        end
        if position < 0 or not ____exports.isTextElement(child) then
            return nil
        end
        found[child.name] = child:get_text() or ""
        next = position + 1
    end
    return found
end
--- The same mapper whose toJson gives only values its shape accepts (an
-- element the JSON could not be sent back as, such as an empty
-- `<block/>`, then stays in `unmapped`): what XML → JSON produces always
-- maps back.
function ____exports.shapeChecked(mapper)
    local read = mapper.toJson
    return {
        name = mapper.name,
        kinds = mapper.kinds,
        implies = mapper.implies,
        description = mapper.description,
        spec = mapper.spec,
        shape = mapper.shape,
        elements = mapper.elements,
        form = mapper.form,
        toJson = function(stanza)
            local value = read(stanza)
            if value == nil or mapper.shape.check(mapper.name, value) ~= nil then
                return nil
            end
            return value
        end,
        fromJson = mapper.fromJson,
        fromForm = mapper.fromForm,
        toForm = mapper.toForm
    }
end
--- Every mapper of a list through `shapeChecked`.
function ____exports.shapeCheckedAll(mappers)
    local list = {}
    for ____, mapper in ipairs(mappers) do
        list[#list + 1] = ____exports.shapeChecked(mapper)
    end
    return list
end
return ____exports
 end,
["src.mod_rest.map.services_oob"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local isObject = ____field.isObject
local ____shape = require("src.mod_rest.map.shape")
local object = ____shape.object
local text = ____shape.text
local ____services_values = require("src.mod_rest.map.services_values")
local nonEmptyText = ____services_values.nonEmptyText
local orderedTextChildren = ____services_values.orderedTextChildren
local ____exact = require("src.mod_rest.map.exact")
local exactOrNil = ____exact.exactOrNil
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
____exports.XMLNS_IQ_OOB = "jabber:iq:oob"
local IQ = {iq = true}
local QUERY_ATTRIBUTES = setOf({"sid"})
local CHILDREN = {"url", "desc"}
local function oobToJson(stanza)
    local query = stanza:get_child("query", ____exports.XMLNS_IQ_OOB)
    if query == nil or not hasOnlyAttributes(query, QUERY_ATTRIBUTES) then
        return nil
    end
    local texts = orderedTextChildren(query, CHILDREN)
    local url = texts and texts.url
    if texts == nil or url == nil or url == "" then
        return nil
    end
    local doc = {}
    doc.url = url
    doc.desc = texts.desc
    doc.sid = query.attr.sid
    return doc
end
local function oobFromJson(stanza, value)
    local oob = value
    stanza:tag("query", {xmlns = ____exports.XMLNS_IQ_OOB, sid = oob.sid})
    stanza:text_tag("url", oob.url)
    local desc = oob.desc
    if desc ~= nil then
        stanza:text_tag("desc", desc)
    end
    stanza:up()
    return nil
end
--- Form: the URL (as the message's `oob`, so one form value serves both kinds).
local function oobFromForm(value)
    local doc = {}
    doc.url = value
    return doc, nil
end
--- Form output: the URL, when that is all there is.
local function oobToForm(value)
    if isObject(value) and type(value.url) == "string" and value.desc == nil and value.sid == nil then
        return value.url
    end
    return nil
end
--- `oob` {url, desc, sid} in an iq: jabber:iq:oob.
____exports.iqOob = {
    name = "oob",
    kinds = IQ,
    description = "In an iq: a URL the recipient is asked to fetch (jabber:iq:oob), with a description and a session " ..
        "id; in a message see the message's oob.",
    spec = "XEP-0066",
    shape = object(
        {
            {
                "url",
                nonEmptyText("The URL of the data.")
            },
            {
                "desc",
                text("A description of the data.")
            },
            {
                "sid",
                text("A session id (the `sid` attribute).")
            }
        },
        {"url"}
    ),
    elements = {{name = "query", xmlns = ____exports.XMLNS_IQ_OOB}},
    form = "the URL",
    toJson = function(stanza) return exactOrNil(
        stanza:get_child("query", ____exports.XMLNS_IQ_OOB),
        oobToJson(stanza),
        oobFromJson
    ) end,
    fromJson = oobFromJson,
    fromForm = oobFromForm,
    toForm = oobToForm
}
return ____exports
 end,
["src.mod_rest.map.services_stats"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local isArray = ____field.isArray
local isObject = ____field.isObject
local jsonArray = ____field.jsonArray
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local arrayOf = ____shape.arrayOf
local finiteNumber = ____shape.finiteNumber
local object = ____shape.object
local text = ____shape.text
local ____services_values = require("src.mod_rest.map.services_values")
local exactNumber = ____services_values.exactNumber
local nonEmptyText = ____services_values.nonEmptyText
local numberText = ____services_values.numberText
local onlyWhitespaceText = ____services_values.onlyWhitespaceText
local ____exact = require("src.mod_rest.map.exact")
local exactOrNil = ____exact.exactOrNil
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
____exports.XMLNS_STATS = "http://jabber.org/protocol/stats"
local IQ = {iq = true}
local STAT_ATTRIBUTES = setOf({"name", "units", "value"})
--- One `<stat/>` as JSON, nil when it holds what JSON cannot (an error child, a value not written canonically).
local function statToJson(stat)
    local name = stat.attr.name
    if name == nil or #stat.tags > 0 or not onlyWhitespaceText(stat) or not hasOnlyAttributes(stat, STAT_ATTRIBUTES) then
        return nil
    end
    local doc = {}
    doc.name = name
    doc.unit = stat.attr.units
    if stat.attr.value ~= nil then
        local n = exactNumber(stat.attr.value)
        if n == nil then
            return nil
        end
        doc.value = n
    end
    return doc
end
local function statsToJson(stanza)
    local query = stanza:get_child("query", ____exports.XMLNS_STATS)
    if query == nil or not hasOnlyAttributes(query, {}) or not onlyWhitespaceText(query) then
        return nil
    end
    local list = jsonArray()
    for ____, child in ipairs(query.tags) do
        if child.name ~= "stat" or child.attr.xmlns ~= nil and child.attr.xmlns ~= query.attr.xmlns then
            return nil
        end
        local stat = statToJson(child)
        if stat == nil then
            return nil
        end
        list[#list + 1] = stat
    end
    return list
end
--- The list of stats of a value the shape accepted: a single object stands for a list of one.
local function statList(value)
    local list = {}
    if isArray(value) then
        do
            local i = 1
            while i <= #value do
                list[#list + 1] = value[i]
                i = i + 1
            end
        end
    elseif isObject(value) and value.name ~= nil then
        list[#list + 1] = value
    end
    return list
end
local function statsFromJson(stanza, value)
    stanza:tag("query", {xmlns = ____exports.XMLNS_STATS})
    for ____, stat in ipairs(statList(value)) do
        local n = stat.value
        local ____stat_name_1 = stat.name
        local ____stat_unit_2 = stat.unit
        local ____temp_0
        if n == nil then
            ____temp_0 = nil
        else
            ____temp_0 = numberText(n)
        end
        local attr = {name = ____stat_name_1, units = ____stat_unit_2, value = ____temp_0}
        stanza:tag("stat", attr):up()
    end
    stanza:up()
    return nil
end
--- Form: the names to ask for, separated by commas; empty asks which names there are.
local function statsFromForm(value)
    local list = jsonArray()
    for name in string.gmatch(value, "[^,]+") do
        local doc = {}
        doc.name = name
        list[#list + 1] = doc
    end
    return list, nil
end
--- Form output: the names, when none has a unit or value and none holds a comma.
local function statsToForm(value)
    local names = {}
    for ____, stat in ipairs(statList(value)) do
        local name = stat.name
        if type(name) ~= "string" or stat.unit ~= nil or stat.value ~= nil then
            return nil
        end
        if name == "" or (string.find(name, ",", 1, true)) ~= nil then
            return nil
        end
        names[#names + 1] = name
    end
    return table.concat(names, ",")
end
local STAT = object(
    {
        {
            "name",
            nonEmptyText("The statistic's name (time/uptime, users/online, ...).")
        },
        {
            "unit",
            text("Its unit (the `units` attribute: seconds, users, ...).")
        },
        {
            "value",
            finiteNumber("Its value.")
        }
    },
    {"name"}
)
--- `stats` [{name, unit, value}]: http://jabber.org/protocol/stats.
____exports.stats = {
    name = "stats",
    kinds = IQ,
    implies = "iq",
    description = "Statistics: the names to ask for ([] asks which there are), {name, unit, value} each in a result; " ..
        "one object stands for a list of one.",
    spec = "XEP-0039",
    shape = anyOf({
        arrayOf(STAT),
        STAT
    }),
    elements = {{name = "query", xmlns = ____exports.XMLNS_STATS}},
    form = "the names, separated by commas (empty: which names there are)",
    toJson = function(stanza) return exactOrNil(
        stanza:get_child("query", ____exports.XMLNS_STATS),
        statsToJson(stanza),
        statsFromJson
    ) end,
    fromJson = statsFromJson,
    fromForm = statsFromForm,
    toForm = statsToForm
}
return ____exports
 end,
["src.mod_rest.map.anykind_datetime"] = function(...) 
local ____exports = {}
local ____shape = require("src.mod_rest.map.shape")
local textMatching = ____shape.textMatching
--- The ECMA-262 pattern of an XEP-0082 DateTime (published in the schema).
____exports.DATETIME_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)" ..
    "?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
--- An example stamp (XEP-0203's), for the schema and generated instances.
____exports.DATETIME_EXAMPLE = "2002-09-10T23:08:25Z"
--- The fixed-width start every DateTime has (the Lua side of the pattern, refined by `isDateTime`).
local DATETIME_START = "^(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)(.*)$"
local DAYS_IN_MONTH = {
    31,
    28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31
}
local function daysIn(month, year)
    if month == 2 and year % 4 == 0 and (year % 100 ~= 0 or year % 400 == 0) then
        return 29
    end
    return DAYS_IN_MONTH[month]
end
--- True when the part after the seconds is an optional fraction and a zone (Z or ±hh:mm).
local function isZone(rest)
    local fraction = string.match(rest, "^%.%d+")
    local zone = fraction == nil and rest or string.sub(rest, #fraction + 1)
    if zone == "Z" then
        return true
    end
    local hours, minutes = string.match(zone, "^[+-](%d%d):(%d%d)$")
    return hours ~= nil and tonumber(hours) <= 23 and tonumber(minutes) <= 59
end
--- True for an XEP-0082 DateTime that names a real calendar day.
function ____exports.isDateTime(text)
    local year, month, day, hours, minutes, seconds, rest = string.match(text, DATETIME_START)
    if year == nil then
        return false
    end
    local m = tonumber(month)
    if m < 1 or m > 12 then
        return false
    end
    local d = tonumber(day)
    if d < 1 or d > daysIn(
        m,
        tonumber(year)
    ) then
        return false
    end
    if tonumber(hours) > 23 or tonumber(minutes) > 59 or tonumber(seconds) > 59 then
        return false
    end
    return isZone(rest)
end
--- An XEP-0082 DateTime text (UTC `Z` or an offset, optional fraction of a second).
function ____exports.dateTime(description)
    local expected = "an XEP-0082 date-time (2002-09-10T23:08:25Z)"
    local base = textMatching(
        DATETIME_START,
        {
            pattern = ____exports.DATETIME_PATTERN,
            format = "date-time",
            examples = {____exports.DATETIME_EXAMPLE},
            description = description
        },
        expected
    )
    return {
        schema = base.schema,
        expected = expected,
        accepts = base.accepts,
        check = function(path, value)
            local problem = base.check(path, value)
            if problem ~= nil then
                return problem
            end
            local ____isDateTime_result_0
            if ____exports.isDateTime(value) then
                ____isDateTime_result_0 = nil
            else
                ____isDateTime_result_0 = (path .. ": expected ") .. expected
            end
            return ____isDateTime_result_0
        end
    }
end
return ____exports
 end,
["src.mod_rest.map.services_extdisco"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local integerText = ____field.integerText
local isArray = ____field.isArray
local isObject = ____field.isObject
local jsonArray = ____field.jsonArray
local ____shape = require("src.mod_rest.map.shape")
local arrayOf = ____shape.arrayOf
local boolean = ____shape.boolean
local integer = ____shape.integer
local object = ____shape.object
local oneOfWords = ____shape.oneOfWords
local text = ____shape.text
local ____services_values = require("src.mod_rest.map.services_values")
local exactBoolean = ____services_values.exactBoolean
local nonEmptyText = ____services_values.nonEmptyText
local onlyWhitespaceText = ____services_values.onlyWhitespaceText
local ____exact = require("src.mod_rest.map.exact")
local exactOrNil = ____exact.exactOrNil
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local exactInteger = ____anykind_element.exactInteger
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local ____anykind_datetime = require("src.mod_rest.map.anykind_datetime")
local dateTime = ____anykind_datetime.dateTime
local isDateTime = ____anykind_datetime.isDateTime
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
____exports.XMLNS_EXTDISCO = "urn:xmpp:extdisco:2"
local IQ = {iq = true}
local SERVICES_ATTRIBUTES = setOf({"type"})
--- Text attributes of a service, in the order they are listed.
local TEXT_ATTRIBUTES = {
    "host",
    "type",
    "transport",
    "username",
    "password",
    "name"
}
local SERVICE_ATTRIBUTES = setOf({
    "host",
    "type",
    "transport",
    "username",
    "password",
    "name",
    "port",
    "restricted",
    "expires",
    "action"
})
local ACTIONS = {"add", "delete", "modify"}
local ACTION_SET = setOf(ACTIONS)
--- One `<service/>` as JSON, nil when it holds what JSON cannot (a child, a port or flag not written canonically).
local function serviceToJson(service)
    local attr = service.attr
    if attr.host == nil or attr.type == nil or #service.tags > 0 or not onlyWhitespaceText(service) then
        return nil
    end
    if not hasOnlyAttributes(service, SERVICE_ATTRIBUTES) then
        return nil
    end
    local doc = {}
    for ____, name in ipairs(TEXT_ATTRIBUTES) do
        doc[name] = attr[name]
    end
    if attr.port ~= nil then
        local port = exactInteger(attr.port, 0, 65535)
        if port == nil then
            return nil
        end
        doc.port = port
    end
    if attr.restricted ~= nil then
        local restricted = exactBoolean(attr.restricted, "1", "0")
        if restricted == nil then
            return nil
        end
        doc.restricted = restricted
    end
    if attr.expires ~= nil then
        if not isDateTime(attr.expires) then
            return nil
        end
        doc.expires = attr.expires
    end
    if attr.action ~= nil then
        if not (ACTION_SET[attr.action] ~= nil) then
            return nil
        end
        doc.action = attr.action
    end
    return doc
end
local function extdiscoToJson(stanza)
    local element = stanza:get_child("services", ____exports.XMLNS_EXTDISCO)
    if element == nil or not hasOnlyAttributes(element, SERVICES_ATTRIBUTES) or not onlyWhitespaceText(element) then
        return nil
    end
    local doc = {}
    doc.type = element.attr.type
    if #element.tags == 0 then
        return doc
    end
    local services = jsonArray()
    for ____, child in ipairs(element.tags) do
        if child.name ~= "service" or child.attr.xmlns ~= nil and child.attr.xmlns ~= element.attr.xmlns then
            return nil
        end
        local service = serviceToJson(child)
        if service == nil then
            return nil
        end
        services[#services + 1] = service
    end
    doc.services = services
    return doc
end
local function serviceAttributes(service)
    local attr = {}
    for ____, name in ipairs(TEXT_ATTRIBUTES) do
        local value = service[name]
        if value ~= nil then
            attr[name] = value
        end
    end
    local port = service.port
    if port ~= nil then
        attr.port = integerText(port)
    end
    local restricted = service.restricted
    if restricted ~= nil then
        attr.restricted = restricted == true and "1" or "0"
    end
    for ____, name in ipairs({"expires", "action"}) do
        local value = service[name]
        if value ~= nil then
            attr[name] = value
        end
    end
    return attr
end
local function extdiscoFromJson(stanza, value)
    local doc = value
    stanza:tag("services", {xmlns = ____exports.XMLNS_EXTDISCO, type = doc.type})
    local services = doc.services
    if isArray(services) then
        do
            local i = 1
            while i <= #services do
                stanza:tag(
                    "service",
                    serviceAttributes(services[i])
                ):up()
                i = i + 1
            end
        end
    end
    stanza:up()
    return nil
end
--- Form: empty asks for every service, else for services of that type.
local function extdiscoFromForm(value)
    local doc = {}
    if value ~= "" then
        doc.type = value
    end
    return doc, nil
end
--- Form output: the type of a query (empty: every type); a list of services is left out.
local function extdiscoToForm(value)
    if not isObject(value) or value.services ~= nil then
        return nil
    end
    local serviceType = value.type
    if serviceType == nil then
        return ""
    end
    return type(serviceType) == "string" and serviceType or nil
end
local SERVICE = object(
    {
        {
            "host",
            nonEmptyText("The service's host name or IP address.")
        },
        {
            "type",
            nonEmptyText("The service type (stun, turn, turns, ftp, ...).")
        },
        {
            "port",
            integer(0, 65535, "The port.")
        },
        {
            "transport",
            text("The transport (udp, tcp, ...).")
        },
        {
            "username",
            text("A user name for the service.")
        },
        {
            "password",
            text("A password for the service.")
        },
        {
            "restricted",
            boolean("Whether credentials are needed (written 1 or 0).")
        },
        {
            "expires",
            dateTime("When the credentials expire.")
        },
        {
            "name",
            text("A human-readable name.")
        },
        {
            "action",
            oneOfWords(ACTIONS, "In a push: what changed about the service.")
        }
    },
    {"host", "type"}
)
--- `extdisco` {type, services}: urn:xmpp:extdisco:2.
____exports.extdisco = {
    name = "extdisco",
    kinds = IQ,
    implies = "iq",
    description = "External services (STUN, TURN, ...): {} or {type} to ask, {type, services} in a result or a push.",
    spec = "XEP-0215",
    shape = object({
        {
            "type",
            text("The service type asked for or listed.")
        },
        {
            "services",
            arrayOf(SERVICE, nil, "The services.")
        }
    }),
    elements = {{name = "services", xmlns = ____exports.XMLNS_EXTDISCO}},
    form = "empty: every service; else the service type",
    toJson = function(stanza) return exactOrNil(
        stanza:get_child("services", ____exports.XMLNS_EXTDISCO),
        extdiscoToJson(stanza),
        extdiscoFromJson
    ) end,
    fromJson = extdiscoFromJson,
    fromForm = extdiscoFromForm,
    toForm = extdiscoToForm
}
return ____exports
 end,
["src.mod_rest.map.services_upload"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local integerText = ____field.integerText
local isArray = ____field.isArray
local jsonArray = ____field.jsonArray
local ____shape = require("src.mod_rest.map.shape")
local arrayOf = ____shape.arrayOf
local object = ____shape.object
local oneOfWords = ____shape.oneOfWords
local text = ____shape.text
local ____exact = require("src.mod_rest.map.exact")
local exactOrNil = ____exact.exactOrNil
local orderHint = ____exact.orderHint
local orderShape = ____exact.orderShape
local writingOrder = ____exact.writingOrder
local ____services_values = require("src.mod_rest.map.services_values")
local MAX_EXACT_INTEGER = ____services_values.MAX_EXACT_INTEGER
local integerOrDigits = ____services_values.integerOrDigits
local integerValue = ____services_values.integerValue
local isTextElement = ____services_values.isTextElement
local nonEmptyText = ____services_values.nonEmptyText
local onlyWhitespaceText = ____services_values.onlyWhitespaceText
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local exactInteger = ____anykind_element.exactInteger
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
____exports.XMLNS_HTTP_UPLOAD = "urn:xmpp:http:upload:0"
local IQ = {iq = true}
local REQUEST_ATTRIBUTES = setOf({"filename", "size", "content-type"})
local URL_ATTRIBUTES = setOf({"url"})
local HEADER_ATTRIBUTES = setOf({"name"})
--- The header names XEP-0363 allows in a slot (the others must be dropped by clients).
local HEADER_NAMES = {"Authorization", "Cookie", "Expires"}
local HEADER_NAME_SET = setOf(HEADER_NAMES)
--- The children of a slot in their default writing order (Prosody's).
local SLOT_ORDER = {"get", "put"}
local function requestToJson(stanza)
    local request = stanza:get_child("request", ____exports.XMLNS_HTTP_UPLOAD)
    if request == nil or #request.tags > 0 or not onlyWhitespaceText(request) or not hasOnlyAttributes(request, REQUEST_ATTRIBUTES) then
        return nil
    end
    local filename = request.attr.filename
    local size = exactInteger(request.attr.size, 0, MAX_EXACT_INTEGER)
    if filename == nil or filename == "" or size == nil then
        return nil
    end
    local doc = {}
    doc.filename = filename
    doc.size = size
    doc["content-type"] = request.attr["content-type"]
    return doc
end
local function requestFromJson(stanza, value)
    local request = value
    local attr = {
        xmlns = ____exports.XMLNS_HTTP_UPLOAD,
        filename = request.filename,
        size = integerText(integerValue(request.size)),
        ["content-type"] = request["content-type"]
    }
    stanza:tag("request", attr):up()
    return nil
end
--- Form: a single value cannot hold the three fields (the GET route reads them from the query string).
local function requestFromForm()
    return nil, "upload_request: needs filename and size (a JSON object, or the query fields filename, size, " ..
        "content-type)"
end
--- The only `<name/>` child of `slot` (its namespace), nil when absent or repeated.
local function onlyChild(slot, name)
    local found
    for ____, child in ipairs(slot.tags) do
        if child.name == name then
            if found ~= nil then
                return nil
            end
            found = child
        end
    end
    return found
end
local function putToJson(put)
    local url = put.attr.url
    if url == nil or url == "" or not hasOnlyAttributes(put, URL_ATTRIBUTES) or not onlyWhitespaceText(put) then
        return nil
    end
    local doc = {}
    doc.url = url
    if #put.tags == 0 then
        return doc
    end
    local headers = jsonArray()
    for ____, header in ipairs(put.tags) do
        local name = header.attr.name
        local ownNamespace = header.attr.xmlns == nil or header.attr.xmlns == put.attr.xmlns
        if header.name ~= "header" or not ownNamespace or name == nil or not (HEADER_NAME_SET[name] ~= nil) or not isTextElement(header, HEADER_ATTRIBUTES) then
            return nil
        end
        local entry = {}
        entry.name = name
        entry.value = header:get_text() or ""
        headers[#headers + 1] = entry
    end
    doc.headers = headers
    return doc
end
local function slotToJson(stanza)
    local slot = stanza:get_child("slot", ____exports.XMLNS_HTTP_UPLOAD)
    if slot == nil or not hasOnlyAttributes(slot, {}) or not onlyWhitespaceText(slot) or #slot.tags ~= 2 then
        return nil
    end
    local putElement = onlyChild(slot, "put")
    local getElement = onlyChild(slot, "get")
    if putElement == nil or getElement == nil then
        return nil
    end
    for ____, child in ipairs(slot.tags) do
        if child.attr.xmlns ~= nil and child.attr.xmlns ~= slot.attr.xmlns then
            return nil
        end
    end
    local put = putToJson(putElement)
    local getUrl = getElement.attr.url
    local getIsPlain = #getElement.tags == 0 and onlyWhitespaceText(getElement) and hasOnlyAttributes(getElement, URL_ATTRIBUTES)
    if put == nil or getUrl == nil or getUrl == "" or not getIsPlain then
        return nil
    end
    local get = {}
    get.url = getUrl
    local doc = {}
    doc.put = put
    doc.get = get
    doc.order = orderHint({slot.tags[1].name, slot.tags[2].name}, SLOT_ORDER)
    return doc
end
local function addPut(stanza, put)
    stanza:tag("put", {url = put.url})
    local headers = put.headers
    if isArray(headers) then
        do
            local i = 1
            while i <= #headers do
                local header = headers[i]
                stanza:text_tag("header", header.value, {name = header.name})
                i = i + 1
            end
        end
    end
    stanza:up()
end
local function slotFromJson(stanza, value)
    local slot = value
    local put = slot.put
    local get = slot.get
    stanza:tag("slot", {xmlns = ____exports.XMLNS_HTTP_UPLOAD})
    for ____, name in ipairs(writingOrder(slot.order, SLOT_ORDER)) do
        if name == "put" then
            addPut(stanza, put)
        else
            stanza:tag("get", {url = get.url}):up()
        end
    end
    stanza:up()
    return nil
end
local function slotFromForm()
    return nil, "upload_slot: an object, not available in forms (send JSON)"
end
--- `upload_request` {filename, size, content-type}.
____exports.uploadRequest = {
    name = "upload_request",
    kinds = IQ,
    implies = "iq",
    description = "Asks an upload service for a slot: the file's name, its size in bytes and its media type.",
    spec = "XEP-0363",
    shape = object(
        {
            {
                "filename",
                nonEmptyText("The file's name.")
            },
            {
                "size",
                integerOrDigits(0, MAX_EXACT_INTEGER, "The file's size in bytes (decimal digits accepted: query strings).")
            },
            {
                "content-type",
                text("The file's media type.")
            }
        },
        {"filename", "size"}
    ),
    elements = {{name = "request", xmlns = ____exports.XMLNS_HTTP_UPLOAD}},
    toJson = function(stanza) return exactOrNil(
        stanza:get_child("request", ____exports.XMLNS_HTTP_UPLOAD),
        requestToJson(stanza),
        requestFromJson
    ) end,
    fromJson = requestFromJson,
    fromForm = requestFromForm,
    toForm = function() return nil end
}
local URL = nonEmptyText("The URL.")
--- `upload_slot` {put {url, headers}, get {url}}.
____exports.uploadSlot = {
    name = "upload_slot",
    kinds = IQ,
    implies = "iq",
    description = "An upload slot: where to PUT the file (with the headers to send), where it can then be fetched, and " ..
        "the order of <get/> and <put/> when <put/> comes first.",
    spec = "XEP-0363",
    shape = object(
        {
            {
                "put",
                object(
                    {
                        {"url", URL},
                        {
                            "headers",
                            arrayOf(
                                object(
                                    {
                                        {
                                            "name",
                                            oneOfWords(HEADER_NAMES, "The header's name.")
                                        },
                                        {
                                            "value",
                                            text("The header's value.")
                                        }
                                    },
                                    {"name", "value"}
                                ),
                                nil,
                                "Headers to send with the PUT."
                            )
                        }
                    },
                    {"url"}
                )
            },
            {
                "get",
                object({{"url", URL}}, {"url"})
            },
            {
                "order",
                orderShape(SLOT_ORDER)
            }
        },
        {"put", "get"}
    ),
    elements = {{name = "slot", xmlns = ____exports.XMLNS_HTTP_UPLOAD}},
    toJson = function(stanza) return exactOrNil(
        stanza:get_child("slot", ____exports.XMLNS_HTTP_UPLOAD),
        slotToJson(stanza),
        slotFromJson
    ) end,
    fromJson = slotFromJson,
    fromForm = slotFromForm,
    toForm = function() return nil end
}
return ____exports
 end,
["src.mod_rest.map.services_blocking"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local isArray = ____field.isArray
local isObject = ____field.isObject
local jsonArray = ____field.jsonArray
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local arrayOf = ____shape.arrayOf
local object = ____shape.object
local oneOfWords = ____shape.oneOfWords
local text = ____shape.text
local ____services_values = require("src.mod_rest.map.services_values")
local isTextElement = ____services_values.isTextElement
local nonEmptyText = ____services_values.nonEmptyText
local onlyWhitespaceText = ____services_values.onlyWhitespaceText
local ____exact = require("src.mod_rest.map.exact")
local exactOrNil = ____exact.exactOrNil
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
____exports.XMLNS_BLOCKING = "urn:xmpp:blocking"
____exports.XMLNS_REPORTING = "urn:xmpp:reporting:1"
____exports.XMLNS_SID = "urn:xmpp:sid:0"
local IQ = {iq = true}
local ITEM_ATTRIBUTES = setOf({"jid"})
local REPORT_ATTRIBUTES = setOf({"reason"})
local SID_ATTRIBUTES = setOf({"id", "by"})
local TEXT_ATTRIBUTES = setOf({"xml:lang"})
local REASONS = {"urn:xmpp:reporting:spam", "urn:xmpp:reporting:abuse"}
local REASON_SET = setOf(REASONS)
--- A `<report/>` as JSON: reason, the stanza ids, then at most one text; nil when anything else is there.
local function reportToJson(report)
    local reason = report.attr.reason
    if reason == nil or not (REASON_SET[reason] ~= nil) or not hasOnlyAttributes(report, REPORT_ATTRIBUTES) or not onlyWhitespaceText(report) then
        return nil
    end
    local doc = {}
    doc.reason = reason
    local ids
    local textSeen = false
    for ____, child in ipairs(report.tags) do
        local ns = child.attr.xmlns or report.attr.xmlns
        if child.name == "stanza-id" and ns == ____exports.XMLNS_SID and not textSeen then
            local id = child.attr.id
            local by = child.attr.by
            if id == nil or by == nil or not isTextElement(child, SID_ATTRIBUTES) or not onlyWhitespaceText(child) then
                return nil
            end
            local entry = {}
            entry.id = id
            entry.by = by
            ids = ids or jsonArray()
            ids[#ids + 1] = entry
        elseif child.name == "text" and ns == ____exports.XMLNS_REPORTING and not textSeen and isTextElement(child, TEXT_ATTRIBUTES) then
            textSeen = true
            doc.text = child:get_text() or ""
            doc.lang = child.attr["xml:lang"]
        else
            return nil
        end
    end
    doc.stanza_ids = ids
    return doc
end
--- The items of a blocking element as JSON; nil when one holds what JSON cannot.
local function itemsToJson(element, withReports)
    if not hasOnlyAttributes(element, {}) or not onlyWhitespaceText(element) then
        return nil
    end
    local list = jsonArray()
    for ____, item in ipairs(element.tags) do
        local jid = item.attr.jid
        local ownNamespace = item.attr.xmlns == nil or item.attr.xmlns == element.attr.xmlns
        if item.name ~= "item" or not ownNamespace or jid == nil or not hasOnlyAttributes(item, ITEM_ATTRIBUTES) or not onlyWhitespaceText(item) then
            return nil
        end
        local doc = {}
        doc.jid = jid
        if #item.tags > 0 then
            local report = item.tags[1]
            if not withReports or #item.tags > 1 or report.name ~= "report" or report.attr.xmlns ~= ____exports.XMLNS_REPORTING then
                return nil
            end
            local reportDoc = reportToJson(report)
            if reportDoc == nil then
                return nil
            end
            doc.report = reportDoc
        end
        list[#list + 1] = doc
    end
    return list
end
--- The items of a value the shape accepted: a JID string stands for {jid}, an object for a list of one.
local function itemList(value)
    local entries = {}
    if isArray(value) then
        do
            local i = 1
            while i <= #value do
                entries[#entries + 1] = value[i]
                i = i + 1
            end
        end
    elseif type(value) == "string" or isObject(value) and value.jid ~= nil then
        entries[#entries + 1] = value
    end
    local list = {}
    for ____, entry in ipairs(entries) do
        if type(entry) == "string" then
            local doc = {}
            doc.jid = entry
            list[#list + 1] = doc
        else
            list[#list + 1] = entry
        end
    end
    return list
end
local function addReport(stanza, report)
    stanza:tag("report", {xmlns = ____exports.XMLNS_REPORTING, reason = report.reason})
    local ids = report.stanza_ids
    if isArray(ids) then
        do
            local i = 1
            while i <= #ids do
                local id = ids[i]
                stanza:tag("stanza-id", {xmlns = ____exports.XMLNS_SID, id = id.id, by = id.by}):up()
                i = i + 1
            end
        end
    end
    local reportText = report.text
    if reportText ~= nil then
        stanza:text_tag("text", reportText, {["xml:lang"] = report.lang})
    end
    stanza:up()
end
local function itemsFromJson(stanza, name, value)
    local list = itemList(value)
    stanza:tag(name, {xmlns = ____exports.XMLNS_BLOCKING})
    for ____, item in ipairs(list) do
        stanza:tag("item", {jid = item.jid})
        local report = item.report
        if isObject(report) then
            addReport(stanza, report)
        end
        stanza:up()
    end
    stanza:up()
    return nil
end
--- Form: one JID; empty: no item (a blocklist query; unblock everyone).
local function itemsFromForm(value)
    local list = jsonArray()
    if value ~= "" then
        local doc = {}
        doc.jid = value
        list[#list + 1] = doc
    end
    return list, nil
end
--- Form output: the JID of a list of one item without a report, "" for none.
local function itemsToForm(value)
    local list = itemList(value)
    if #list == 0 then
        return ""
    end
    if #list > 1 or list[1].report ~= nil or type(list[1].jid) ~= "string" then
        return nil
    end
    return list[1].jid
end
local JID = nonEmptyText("The JID (blocked, or to unblock).")
local REPORT = object(
    {
        {
            "reason",
            oneOfWords(REASONS, "Why: spam or abuse.")
        },
        {
            "stanza_ids",
            arrayOf(
                object(
                    {
                        {
                            "id",
                            nonEmptyText("The stanza id.")
                        },
                        {
                            "by",
                            nonEmptyText("The JID that gave the id.")
                        }
                    },
                    {"id", "by"}
                ),
                nil,
                "The offending stanzas (XEP-0359 ids)."
            )
        },
        {
            "text",
            text("A text about the report.")
        },
        {
            "lang",
            text("The language of the text (its xml:lang).")
        }
    },
    {"reason"},
    "A spam or abuse report (XEP-0377)."
)
--- Item shapes: {jid} (with `report` for block), or a JID string.
local function itemsShape(withReports, minItems)
    local properties = {{"jid", JID}}
    if withReports then
        properties[#properties + 1] = {"report", REPORT}
    end
    local item = object(properties, {"jid"})
    return anyOf({
        arrayOf(
            anyOf({item, JID}),
            minItems
        ),
        item,
        JID
    })
end
--- A blocking field: its name, what it is, whether items may carry a report, the least number of items.
local function blockingField(name, description, withReports, minItems)
    return {
        name = name,
        kinds = IQ,
        implies = "iq",
        description = description,
        spec = withReports and "XEP-0191, XEP-0377" or "XEP-0191",
        shape = itemsShape(withReports, minItems),
        elements = {{name = name, xmlns = ____exports.XMLNS_BLOCKING}},
        form = "one JID (empty: none)",
        toJson = function(stanza)
            local element = stanza:get_child(name, ____exports.XMLNS_BLOCKING)
            if element == nil then
                return nil
            end
            return exactOrNil(
                element,
                itemsToJson(element, withReports),
                function(scratch, value) return itemsFromJson(scratch, name, value) end
            )
        end,
        fromJson = function(stanza, value) return itemsFromJson(stanza, name, value) end,
        fromForm = itemsFromForm,
        toForm = itemsToForm
    }
end
--- `blocklist` [{jid}]: [] asks for the list; a result lists the blocked JIDs.
____exports.blocklist = blockingField("blocklist", "The blocklist: [] to ask for it, the blocked JIDs [{jid}] in a result.", false)
--- `block` [{jid, report}]: block these JIDs (at least one), optionally reporting them.
____exports.block = blockingField(
    "block",
    "Block these JIDs [{jid, report}] (at least one), each optionally reported as spam or abuse.",
    true,
    1
)
--- `unblock` [{jid}]: unblock these JIDs; [] unblocks everyone.
____exports.unblock = blockingField("unblock", "Unblock these JIDs [{jid}]; [] unblocks everyone.", false)
return ____exports
 end,
["src.mod_rest.map.services"] = function(...) 
local ____exports = {}
local ____services_oob = require("src.mod_rest.map.services_oob")
local iqOob = ____services_oob.iqOob
local ____services_stats = require("src.mod_rest.map.services_stats")
local stats = ____services_stats.stats
local ____services_extdisco = require("src.mod_rest.map.services_extdisco")
local extdisco = ____services_extdisco.extdisco
local ____services_upload = require("src.mod_rest.map.services_upload")
local uploadRequest = ____services_upload.uploadRequest
local uploadSlot = ____services_upload.uploadSlot
local ____services_blocking = require("src.mod_rest.map.services_blocking")
local block = ____services_blocking.block
local blocklist = ____services_blocking.blocklist
local unblock = ____services_blocking.unblock
local ____services_values = require("src.mod_rest.map.services_values")
local shapeCheckedAll = ____services_values.shapeCheckedAll
--- Service payload fields, in inference order.
____exports.SERVICE_FIELDS = shapeCheckedAll({
    iqOob,
    stats,
    extdisco,
    uploadRequest,
    uploadSlot,
    blocklist,
    block,
    unblock
})
return ____exports
 end,
["src.mod_rest.map.archive_query"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local isArray = ____field.isArray
local jsonArray = ____field.jsonArray
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local arrayOf = ____shape.arrayOf
local literalTrue = ____shape.literalTrue
local object = ____shape.object
local text = ____shape.text
local ____dataform = require("src.mod_rest.map.dataform")
local XMLNS_DATA = ____dataform.XMLNS_DATA
local dataformFromJson = ____dataform.dataformFromJson
local dataformShape = ____dataform.dataformShape
local dataformToJson = ____dataform.dataformToJson
local ____rsm = require("src.mod_rest.map.rsm")
local XMLNS_RSM = ____rsm.XMLNS_RSM
local rsmFromJson = ____rsm.rsmFromJson
local rsmShape = ____rsm.rsmShape
local rsmToJson = ____rsm.rsmToJson
local ____anykind_datetime = require("src.mod_rest.map.anykind_datetime")
local dateTime = ____anykind_datetime.dateTime
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local MAX_XS_INT = ____anykind_element.MAX_XS_INT
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local ____services_values = require("src.mod_rest.map.services_values")
local integerOrDigits = ____services_values.integerOrDigits
local integerValue = ____services_values.integerValue
local nonEmptyText = ____services_values.nonEmptyText
local onlyWhitespaceText = ____services_values.onlyWhitespaceText
local ____exact = require("src.mod_rest.map.exact")
local exactOrNil = ____exact.exactOrNil
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
____exports.XMLNS_MAM = "urn:xmpp:mam:2"
local IQ = {iq = true}
local QUERY_ATTRIBUTES = setOf({"queryid", "node"})
--- Form shorthands, in the order their fields are written.
local FORM_SHORTHANDS = {
    "with",
    "start",
    "end",
    "before-id",
    "after-id",
    "ids"
}
--- Page shorthands, in XEP-0059's order.
local PAGE_SHORTHANDS = {"max", "after", "before"}
--- The JSON of a MAM query element, not yet checked for exactness: children x, set, flip-page, each at most once, in that order.
local function readQuery(query)
    if not hasOnlyAttributes(query, QUERY_ATTRIBUTES) or not onlyWhitespaceText(query) then
        return nil
    end
    local doc = {}
    doc.queryid = query.attr.queryid
    doc.node = query.attr.node
    local stage = 0
    for ____, child in ipairs(query.tags) do
        local ns = child.attr.xmlns or query.attr.xmlns
        if stage < 1 and child.name == "x" and ns == XMLNS_DATA then
            local form = dataformToJson(child)
            if form == nil then
                return nil
            end
            doc.form = form
            stage = 1
        elseif stage < 2 and child.name == "set" and ns == XMLNS_RSM then
            local page = rsmToJson(child)
            if page == nil then
                return nil
            end
            doc.page = page
            stage = 2
        elseif stage < 3 and child.name == "flip-page" and ns == ____exports.XMLNS_MAM and #child.tags == 0 and hasOnlyAttributes(child, {}) then
            if not onlyWhitespaceText(child) or (child:get_text() or "") ~= "" then
                return nil
            end
            doc["flip-page"] = true
            stage = 3
        else
            return nil
        end
    end
    return doc
end
--- The ids of an `ids` shorthand: the list, or the text split at commas.
local function idList(value)
    local ids = {}
    if isArray(value) then
        do
            local i = 1
            while i <= #value do
                ids[#ids + 1] = value[i]
                i = i + 1
            end
        end
    else
        for id in string.gmatch(value, "[^,]+") do
            ids[#ids + 1] = id
        end
    end
    return ids
end
--- The submitted form the form shorthands stand for, nil when none is given.
local function shorthandForm(query)
    local fields = jsonArray()
    local formType = {}
    formType.var = "FORM_TYPE"
    formType.type = "hidden"
    formType.value = ____exports.XMLNS_MAM
    fields[#fields + 1] = formType
    for ____, name in ipairs(FORM_SHORTHANDS) do
        local value = query[name]
        if value ~= nil then
            local field = {}
            field.var = name
            if name == "ids" then
                local values = jsonArray()
                for ____, id in ipairs(idList(value)) do
                    values[#values + 1] = id
                end
                field.values = values
            else
                field.value = value
            end
            fields[#fields + 1] = field
        end
    end
    if #fields == 1 then
        return nil
    end
    local form = {}
    form.type = "submit"
    form.fields = fields
    return form
end
--- The page the page shorthands stand for, nil when none is given.
local function shorthandPage(query)
    local page = {}
    local given = false
    for ____, name in ipairs(PAGE_SHORTHANDS) do
        local value = query[name]
        if value ~= nil then
            page[name] = name == "max" and integerValue(value) or value
            given = true
        end
    end
    return given and page or nil
end
--- The text refusing a shorthand given beside the part it builds, nil when there is none.
local function conflictError(query, part, names)
    if query[part] == nil then
        return nil
    end
    for ____, name in ipairs(names) do
        if query[name] ~= nil then
            return ((((((("archive." .. name) .. ": not with archive.") .. part) .. " (put it in the ") .. part) .. ", or leave the ") .. part) .. " out)"
        end
    end
    return nil
end
local function archiveFromJson(stanza, value)
    local query = value
    local conflict = conflictError(query, "form", FORM_SHORTHANDS) or conflictError(query, "page", PAGE_SHORTHANDS)
    if conflict ~= nil then
        return conflict
    end
    stanza:tag("query", {xmlns = ____exports.XMLNS_MAM, queryid = query.queryid, node = query.node})
    local ____query_form_0 = query.form
    if ____query_form_0 == nil then
        ____query_form_0 = shorthandForm(query)
    end
    local form = ____query_form_0
    if form ~= nil then
        local problem = dataformFromJson(stanza, form, "archive.form")
        if problem ~= nil then
            return problem
        end
    end
    local ____query_page_1 = query.page
    if ____query_page_1 == nil then
        ____query_page_1 = shorthandPage(query)
    end
    local page = ____query_page_1
    if page ~= nil then
        local problem = rsmFromJson(stanza, page, "archive.page")
        if problem ~= nil then
            return problem
        end
    end
    if query["flip-page"] == true then
        stanza:tag("flip-page"):up()
    end
    stanza:up()
    return nil
end
--- Form: empty queries the whole archive; another value is the JID to query the conversation with.
local function archiveFromForm(value)
    local doc = {}
    if value ~= "" then
        doc.with = value
    end
    return doc, nil
end
--- Form output: "" for a query of the whole archive; anything else is left out.
local function archiveToForm(value)
    local doc = value
    if type(value) ~= "table" or (next(doc)) ~= nil then
        return nil
    end
    return ""
end
--- `archive` in an iq: a MAM query (see the file comment).
____exports.archiveQuery = {
    name = "archive",
    kinds = IQ,
    implies = "iq",
    description = "In an iq: a message archive query {queryid, node, form, page, flip-page}; on input the shorthands " ..
        "with, start, end, before-id, after-id, ids build the form and after, before, max the page.",
    spec = "XEP-0313",
    shape = object({
        {
            "queryid",
            text("Marks the query's results (generated when absent).")
        },
        {
            "node",
            text("The pubsub node whose archive is queried.")
        },
        {"form", dataformShape},
        {"page", rsmShape},
        {
            "flip-page",
            literalTrue("Return the page's items newest first.")
        },
        {
            "with",
            nonEmptyText("Shorthand: only messages with this JID.")
        },
        {
            "start",
            dateTime("Shorthand: only messages from this time on.")
        },
        {
            "end",
            dateTime("Shorthand: only messages up to this time.")
        },
        {
            "before-id",
            text("Shorthand: only messages before this archive id.")
        },
        {
            "after-id",
            text("Shorthand: only messages after this archive id.")
        },
        {
            "ids",
            anyOf(
                {
                    arrayOf(text()),
                    text()
                },
                "Shorthand: only these archive ids (a list, or ids separated by commas)."
            )
        },
        {
            "after",
            text("Shorthand: the page after this archive id.")
        },
        {
            "before",
            text("Shorthand: the page before this archive id; \"\" for the last page.")
        },
        {
            "max",
            integerOrDigits(0, MAX_XS_INT, "Shorthand: the most messages to return (decimal digits accepted: query strings).")
        }
    }),
    elements = {{name = "query", xmlns = ____exports.XMLNS_MAM}},
    form = "empty: the whole archive; else the JID to query the conversation with",
    toJson = function(stanza)
        local query = stanza:get_child("query", ____exports.XMLNS_MAM)
        local ____temp_2
        if query == nil then
            ____temp_2 = nil
        else
            ____temp_2 = exactOrNil(
                query,
                readQuery(query),
                archiveFromJson
            )
        end
        return ____temp_2
    end,
    fromJson = archiveFromJson,
    fromForm = archiveFromForm,
    toForm = archiveToForm
}
return ____exports
 end,
["src.mod_rest.map.anykind_delay"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local ANY_KIND = ____field.ANY_KIND
local isObject = ____field.isObject
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local object = ____shape.object
local text = ____shape.text
local textMatching = ____shape.textMatching
local ____anykind_datetime = require("src.mod_rest.map.anykind_datetime")
local dateTime = ____anykind_datetime.dateTime
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local plainText = ____anykind_element.plainText
____exports.XMLNS_DELAY = "urn:xmpp:delay"
local DELAY_ATTRIBUTES = setOf({"stamp", "from"})
--- The shape of a delay: the stamp, or {stamp, from, text}.
____exports.delayShape = anyOf(
    {
        dateTime("When the stanza was first sent."),
        object(
            {
                {
                    "stamp",
                    dateTime("When the stanza was first sent.")
                },
                {
                    "from",
                    text("The entity that delayed the stanza (a JID).")
                },
                {
                    "text",
                    textMatching(".", {minLength = 1}, "a non-empty text")
                }
            },
            {"stamp"},
            "With who delayed it (from) or why (text)."
        )
    },
    "The original send time (XEP-0082 date-time), alone or with `from` and `text`."
)
--- The JSON of a `<delay/>` element, nil when it holds what the shape cannot say (see file comment).
function ____exports.delayElementToJson(element)
    local stamp = element.attr.stamp
    local body = plainText(element)
    if stamp == nil or body == nil or not hasOnlyAttributes(element, DELAY_ATTRIBUTES) then
        return nil
    end
    if ____exports.delayShape.check("delay", stamp) ~= nil then
        return nil
    end
    local from = element.attr.from
    if from == nil and body == "" then
        return stamp
    end
    local doc = {}
    doc.stamp = stamp
    doc.from = from
    local ____temp_0
    if body == "" then
        ____temp_0 = nil
    else
        ____temp_0 = body
    end
    doc.text = ____temp_0
    return doc
end
--- Add the `<delay/>` of `value` to `stanza` (cursor left where it was),
-- or give the text naming what is wrong in it (`path` names the value).
function ____exports.delayElementFromJson(stanza, value, path)
    if path == nil then
        path = "delay"
    end
    local problem = ____exports.delayShape.check(path, value)
    if problem ~= nil then
        return problem
    end
    if isObject(value) then
        local attr = {xmlns = ____exports.XMLNS_DELAY, stamp = value.stamp, from = value.from}
        stanza:text_tag("delay", value.text, attr)
        return nil
    end
    stanza:tag("delay", {xmlns = ____exports.XMLNS_DELAY, stamp = value}):up()
    return nil
end
--- `delay`: the stamp text, or {stamp, from, text}.
____exports.delay = {
    name = "delay",
    kinds = ANY_KIND,
    description = "When the stanza was first sent, when it was delayed (offline storage, a MUC history, a forward).",
    spec = "XEP-0203",
    shape = ____exports.delayShape,
    elements = {{name = "delay", xmlns = ____exports.XMLNS_DELAY}},
    form = "the stamp (XEP-0082 date-time)",
    toJson = function(stanza)
        local element = stanza:get_child("delay", ____exports.XMLNS_DELAY)
        local ____temp_1
        if element == nil then
            ____temp_1 = nil
        else
            ____temp_1 = ____exports.delayElementToJson(element)
        end
        return ____temp_1
    end,
    fromJson = function(stanza, value) return ____exports.delayElementFromJson(stanza, value) end
}
return ____exports
 end,
["src.mod_rest.map.forward"] = function(...) 
local ____exports = {}
local st = require("util.stanza")
local ____field = require("src.mod_rest.map.field")
local nestedStanza = ____field.nestedStanza
local ____shape = require("src.mod_rest.map.shape")
local object = ____shape.object
local stanzaDocument = ____shape.stanzaDocument
local ____anykind_delay = require("src.mod_rest.map.anykind_delay")
local XMLNS_DELAY = ____anykind_delay.XMLNS_DELAY
local delayElementFromJson = ____anykind_delay.delayElementFromJson
local delayElementToJson = ____anykind_delay.delayElementToJson
local delayShape = ____anykind_delay.delayShape
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local notInForms = ____anykind_element.notInForms
local ____services_values = require("src.mod_rest.map.services_values")
local onlyWhitespaceText = ____services_values.onlyWhitespaceText
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
____exports.XMLNS_FORWARD = "urn:xmpp:forward:0"
____exports.XMLNS_CLIENT = "jabber:client"
local MESSAGE = {message = true}
local STANZA_NAMES = setOf({"message", "presence", "iq"})
local NO_ATTRIBUTES = {}
--- The shape of {delay, message}.
____exports.forwardedShape = object(
    {
        {"delay", delayShape},
        {
            "message",
            stanzaDocument("The forwarded stanza (a message, or any stanza given its kind) as a document of this mapping.")
        }
    },
    {"message"},
    "A forwarded stanza and when it was first sent."
)
--- Deepest element nesting of a `<forwarded/>` mapped to JSON. Each level
-- of a forward within a forward is checked for exactness again (the
-- check rewrites the levels below), so the cost grows with the square of
-- the depth: deeper ones stay XML in `unmapped`, which costs one pass.
____exports.MAX_FORWARDED_DEPTH = 32
--- True when no element in `element` lies deeper than `limit` levels (itself level 1). Iterative: no recursion on untrusted depth.
local function depthWithin(element, limit)
    local elements = {element}
    local depths = {1}
    while #elements > 0 do
        local current = table.remove(elements)
        local depth = table.remove(depths)
        if depth > limit then
            return false
        end
        for ____, child in ipairs(current.tags) do
            elements[#elements + 1] = child
            depths[#depths + 1] = depth + 1
        end
    end
    return true
end
--- The JSON of the children of a `<forwarded/>` element (see the file comment), not yet checked for exactness.
local function readForwarded(forwarded)
    if not hasOnlyAttributes(forwarded, NO_ATTRIBUTES) or not onlyWhitespaceText(forwarded) or nestedStanza.toJson == nil then
        return nil
    end
    if not depthWithin(forwarded, ____exports.MAX_FORWARDED_DEPTH) then
        return nil
    end
    local doc = {}
    local children = forwarded.tags
    local next = 0
    local first = children[1]
    if first ~= nil and first.name == "delay" and first.attr.xmlns == XMLNS_DELAY then
        local delay = delayElementToJson(first)
        if delay == nil then
            return nil
        end
        doc.delay = delay
        next = 1
    end
    local inner = children[next + 1]
    if #children ~= next + 1 or not (STANZA_NAMES[inner.name] ~= nil) or inner.attr.xmlns ~= ____exports.XMLNS_CLIENT then
        return nil
    end
    doc.message = nestedStanza.toJson(inner)
    return doc
end
--- Add `<forwarded/>` for a value to `stanza` (cursor left where it was),
-- or the text naming what is wrong (`path`: "forwarded",
-- "archive.forward"). The forwarded document's own problems are named
-- under `path.message` ("forwarded.message.body: expected a string, ...").
function ____exports.forwardedFromJson(stanza, value, path)
    local problem = ____exports.forwardedShape.check(path, value)
    if problem ~= nil then
        return problem
    end
    if nestedStanza.fromJson == nil then
        return path .. ".message: the stanza mapping is not loaded"
    end
    local doc = value
    local inner, innerProblem = nestedStanza.fromJson(doc.message)
    if inner == nil then
        local text = innerProblem or "invalid document"
        if (string.find(text, "^[%w_%-%.%[%]]+: ")) ~= nil then
            return (path .. ".message.") .. text
        end
        return (path .. ".message: ") .. text
    end
    inner.attr.xmlns = ____exports.XMLNS_CLIENT
    stanza:tag("forwarded", {xmlns = ____exports.XMLNS_FORWARD})
    local delay = doc.delay
    if delay ~= nil then
        local delayProblem = delayElementFromJson(stanza, delay, path .. ".delay")
        if delayProblem ~= nil then
            return delayProblem
        end
    end
    stanza:add_child(inner)
    stanza:up()
    return nil
end
--- The namespace `element` is in, given its parent's.
local function namespaceIn(element, parentNs)
    return element.attr.xmlns or parentNs
end
--- True when both hold the same attributes, xmlns aside.
local function sameAttributes(a, b)
    local attrA = a.attr
    local attrB = b.attr
    for name, value in pairs(attrA) do
        if name ~= "xmlns" and attrB[name] ~= value then
            return false
        end
    end
    for name, value in pairs(attrB) do
        if name ~= "xmlns" and attrA[name] ~= value then
            return false
        end
    end
    return true
end
--- The children of `element` with adjacent texts joined; empty texts, and
-- whitespace-only ones beside elements (indentation), left out.
local function parts(element)
    local list = {}
    local hasElements = #element.tags > 0
    local pending = ""
    local function flush()
        if pending ~= "" and not (hasElements and (string.find(pending, "^%s*$")) ~= nil) then
            list[#list + 1] = pending
        end
        pending = ""
    end
    for node in element:children() do
        if type(node) == "string" then
            pending = pending .. node
        else
            flush()
            list[#list + 1] = node
        end
    end
    flush()
    return list
end
--- The texts of `list` joined, for a stanza whose children may come in any order.
local function textsOf(list)
    local texts = {}
    for ____, part in ipairs(list) do
        if type(part) == "string" then
            texts[#texts + 1] = part
        end
    end
    return table.concat(texts, "")
end
--- True when `a` and `b` are the same XML, except that the children of a
-- stanza (a jabber:client message, presence or iq, at any depth) may come
-- in any order: the mapping writes a forwarded stanza's children in its
-- own order, as it does the top stanza's. Elsewhere children and texts
-- are compared in order.
local function sameXml(a, b, nsA, nsB)
    local ownA = namespaceIn(a, nsA)
    local ownB = namespaceIn(b, nsB)
    if a.name ~= b.name or ownA ~= ownB or not sameAttributes(a, b) or #a.tags ~= #b.tags then
        return false
    end
    local partsA = parts(a)
    local partsB = parts(b)
    if #partsA ~= #partsB then
        return false
    end
    if ownA == ____exports.XMLNS_CLIENT and STANZA_NAMES[a.name] ~= nil then
        if textsOf(partsA) ~= textsOf(partsB) then
            return false
        end
        local used = {}
        for ____, childA in ipairs(a.tags) do
            local found = false
            for ____, childB in ipairs(b.tags) do
                if not (used[childB] ~= nil) and sameXml(childA, childB, ownA, ownB) then
                    used[childB] = true
                    found = true
                    break
                end
            end
            if not found then
                return false
            end
        end
        return true
    end
    do
        local i = 0
        while i < #partsA do
            local x = partsA[i + 1]
            local y = partsB[i + 1]
            if type(x) == "string" or type(y) == "string" then
                if x ~= y then
                    return false
                end
            elseif not sameXml(x, y, ownA, ownB) then
                return false
            end
            i = i + 1
        end
    end
    return true
end
local function writeInto(write, scratch, value, out)
    out.problem = write(scratch, value)
end
--- `value` when writing it with `write` gives `element` back (a stanza
-- inside compared with its children in any order, see `sameXml`), else
-- nil: the exactness guard of the fields that nest a stanza (forwarded,
-- the MAM result).
function ____exports.nestingExactOrNil(element, value, write)
    if value == nil then
        return nil
    end
    local scratch = st.stanza("scratch")
    local out = {}
    local ok = pcall(
        writeInto,
        write,
        scratch,
        value,
        out
    )
    if not ok or out.problem ~= nil or #scratch.tags ~= 1 or not sameXml(element, scratch.tags[1], nil, nil) then
        return nil
    end
    return value
end
local function writeForwarded(stanza, value)
    return ____exports.forwardedFromJson(stanza, value, "forwarded")
end
--- The JSON of a `<forwarded/>` element, nil unless writing it back gives the same element.
function ____exports.forwardedToJson(forwarded)
    return ____exports.nestingExactOrNil(
        forwarded,
        readForwarded(forwarded),
        writeForwarded
    )
end
--- `forwarded` {delay, message}: a forwarded stanza in a message.
____exports.forwarded = {
    name = "forwarded",
    kinds = MESSAGE,
    description = "A forwarded stanza: {delay, message}, the stanza as a document of its own and when it was first " ..
        "sent.",
    spec = "XEP-0297",
    shape = ____exports.forwardedShape,
    elements = {{name = "forwarded", xmlns = ____exports.XMLNS_FORWARD}},
    toJson = function(stanza)
        local element = stanza:get_child("forwarded", ____exports.XMLNS_FORWARD)
        local ____temp_0
        if element == nil then
            ____temp_0 = nil
        else
            ____temp_0 = ____exports.forwardedToJson(element)
        end
        return ____temp_0
    end,
    fromJson = function(stanza, value) return ____exports.forwardedFromJson(stanza, value, "forwarded") end,
    fromForm = notInForms("forwarded"),
    toForm = function() return nil end
}
return ____exports
 end,
["src.mod_rest.map.archive_result"] = function(...) 
local ____exports = {}
local ____shape = require("src.mod_rest.map.shape")
local object = ____shape.object
local boolean = ____shape.boolean
local text = ____shape.text
local ____rsm = require("src.mod_rest.map.rsm")
local XMLNS_RSM = ____rsm.XMLNS_RSM
local rsmFromJson = ____rsm.rsmFromJson
local rsmShape = ____rsm.rsmShape
local rsmToJson = ____rsm.rsmToJson
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local notInForms = ____anykind_element.notInForms
local ____services_values = require("src.mod_rest.map.services_values")
local exactBoolean = ____services_values.exactBoolean
local nonEmptyText = ____services_values.nonEmptyText
local onlyWhitespaceText = ____services_values.onlyWhitespaceText
local ____exact = require("src.mod_rest.map.exact")
local exactOrNil = ____exact.exactOrNil
local ____forward = require("src.mod_rest.map.forward")
local XMLNS_FORWARD = ____forward.XMLNS_FORWARD
local forwardedFromJson = ____forward.forwardedFromJson
local forwardedShape = ____forward.forwardedShape
local forwardedToJson = ____forward.forwardedToJson
local nestingExactOrNil = ____forward.nestingExactOrNil
local ____archive_query = require("src.mod_rest.map.archive_query")
local XMLNS_MAM = ____archive_query.XMLNS_MAM
local archiveQuery = ____archive_query.archiveQuery
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local IQ = {iq = true}
local MESSAGE = {message = true}
local RESULT_ATTRIBUTES = setOf({"id", "queryid"})
local FIN_ATTRIBUTES = setOf({"queryid", "complete", "stable"})
local FLAGS = {"complete", "stable"}
local function readResult(result)
    local id = result.attr.id
    local child = result.tags[1]
    if id == nil or not hasOnlyAttributes(result, RESULT_ATTRIBUTES) or not onlyWhitespaceText(result) or #result.tags ~= 1 then
        return nil
    end
    if child.name ~= "forwarded" or child.attr.xmlns ~= XMLNS_FORWARD then
        return nil
    end
    local forward = forwardedToJson(child)
    if forward == nil then
        return nil
    end
    local doc = {}
    doc.id = id
    doc.queryid = result.attr.queryid
    doc.forward = forward
    return doc
end
local function resultFromJson(stanza, value)
    local result = value
    stanza:tag("result", {xmlns = XMLNS_MAM, id = result.id, queryid = result.queryid})
    local problem = forwardedFromJson(stanza, result.forward, "archive.forward")
    if problem ~= nil then
        return problem
    end
    stanza:up()
    return nil
end
--- `archive` in a message: one result of a MAM query {id, queryid, forward}.
____exports.archiveResult = {
    name = "archive",
    kinds = MESSAGE,
    description = "In a message: one result of an archive query {id, queryid, forward}, the archived message and its " ..
        "time in `forward`.",
    spec = "XEP-0313",
    shape = object(
        {
            {
                "id",
                nonEmptyText("The message's archive id.")
            },
            {
                "queryid",
                text("The queryid of the query this answers.")
            },
            {"forward", forwardedShape}
        },
        {"id", "forward"}
    ),
    elements = {{name = "result", xmlns = XMLNS_MAM}},
    toJson = function(stanza)
        local result = stanza:get_child("result", XMLNS_MAM)
        local ____temp_0
        if result == nil then
            ____temp_0 = nil
        else
            ____temp_0 = nestingExactOrNil(
                result,
                readResult(result),
                resultFromJson
            )
        end
        return ____temp_0
    end,
    fromJson = resultFromJson,
    fromForm = archiveQuery.fromForm,
    toForm = function() return nil end
}
local function readFin(fin)
    if not hasOnlyAttributes(fin, FIN_ATTRIBUTES) or not onlyWhitespaceText(fin) or #fin.tags > 1 then
        return nil
    end
    local doc = {}
    doc.queryid = fin.attr.queryid
    for ____, name in ipairs(FLAGS) do
        local flag = fin.attr[name]
        if flag ~= nil then
            local value = exactBoolean(flag, "true", "false")
            if value == nil then
                return nil
            end
            doc[name] = value
        end
    end
    local set = fin.tags[1]
    if set ~= nil then
        if set.name ~= "set" or set.attr.xmlns ~= XMLNS_RSM then
            return nil
        end
        local page = rsmToJson(set)
        if page == nil then
            return nil
        end
        doc.page = page
    end
    return doc
end
local function finFromJson(stanza, value)
    local fin = value
    local attr = {}
    attr.xmlns = XMLNS_MAM
    local queryid = fin.queryid
    if queryid ~= nil then
        attr.queryid = queryid
    end
    for ____, name in ipairs(FLAGS) do
        local flag = fin[name]
        if flag ~= nil then
            attr[name] = flag == true and "true" or "false"
        end
    end
    stanza:tag("fin", attr)
    local page = fin.page
    if page ~= nil then
        local problem = rsmFromJson(stanza, page, "result.page")
        if problem ~= nil then
            return problem
        end
    end
    stanza:up()
    return nil
end
--- `result` in an iq: the end of a MAM query's results {queryid, complete, stable, page}.
____exports.archiveFin = {
    name = "result",
    kinds = IQ,
    implies = "iq",
    description = "In an iq: the end of an archive query's results {complete, stable, page}: whether the last page was " ..
        "reached, whether the ids are stable, the page (first, last, count).",
    spec = "XEP-0313",
    shape = object({
        {
            "queryid",
            text("The queryid of the query (some servers send it).")
        },
        {
            "complete",
            boolean("True: this page reaches the end of the results (written \"true\").")
        },
        {
            "stable",
            boolean("False: the ids may change (written \"false\").")
        },
        {"page", rsmShape}
    }),
    elements = {{name = "fin", xmlns = XMLNS_MAM}},
    toJson = function(stanza)
        local fin = stanza:get_child("fin", XMLNS_MAM)
        local ____temp_1
        if fin == nil then
            ____temp_1 = nil
        else
            ____temp_1 = exactOrNil(
                fin,
                readFin(fin),
                finFromJson
            )
        end
        return ____temp_1
    end,
    fromJson = finFromJson,
    fromForm = notInForms("result"),
    toForm = function() return nil end
}
return ____exports
 end,
["src.mod_rest.map.archive"] = function(...) 
local ____exports = {}
local ____archive_query = require("src.mod_rest.map.archive_query")
local archiveQuery = ____archive_query.archiveQuery
local ____archive_result = require("src.mod_rest.map.archive_result")
local archiveFin = ____archive_result.archiveFin
local archiveResult = ____archive_result.archiveResult
local ____forward = require("src.mod_rest.map.forward")
local forwarded = ____forward.forwarded
local ____services_values = require("src.mod_rest.map.services_values")
local shapeCheckedAll = ____services_values.shapeCheckedAll
--- Archive and forwarding fields, in inference order.
____exports.ARCHIVE_FIELDS = shapeCheckedAll({archiveQuery, archiveFin, archiveResult, forwarded})
return ____exports
 end,
["src.mod_rest.map.presence_caps"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____shape = require("src.mod_rest.map.shape")
local object = ____shape.object
local text = ____shape.text
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local isEmptyElement = ____anykind_element.isEmptyElement
local notInForms = ____anykind_element.notInForms
____exports.XMLNS_CAPS = "http://jabber.org/protocol/caps"
local PRESENCE = {presence = true}
local CAPS_ATTRIBUTES = {"ver", "hash", "node", "ext"}
local CAPS_SET = setOf(CAPS_ATTRIBUTES)
local function capsToJson(stanza)
    local element = stanza:get_child("c", ____exports.XMLNS_CAPS)
    if element == nil or not isEmptyElement(element) or not hasOnlyAttributes(element, CAPS_SET) then
        return nil
    end
    local doc = {}
    for ____, name in ipairs(CAPS_ATTRIBUTES) do
        doc[name] = element.attr[name]
    end
    return doc
end
local function capsFromJson(stanza, value)
    local doc = value
    stanza:tag(
        "c",
        {
            xmlns = ____exports.XMLNS_CAPS,
            ver = doc.ver,
            hash = doc.hash,
            node = doc.node,
            ext = doc.ext
        }
    ):up()
    return nil
end
--- `caps`: {ver, hash, node, ext}, each the attribute's text.
____exports.caps = {
    name = "caps",
    kinds = PRESENCE,
    implies = "presence",
    description = "Entity capabilities: the verification string, its hash algorithm and the software's node (XEP-0115 " ..
        "<c/>).",
    spec = "XEP-0115",
    shape = object({
        {
            "ver",
            text("The verification string (a hash of the disco#info, or a legacy version).")
        },
        {
            "hash",
            text("The hash algorithm of `ver` (sha-1); absent in the legacy format.")
        },
        {
            "node",
            text("A URI naming the software.")
        },
        {
            "ext",
            text("Legacy format: names of extra feature bundles.")
        }
    }),
    elements = {{name = "c", xmlns = ____exports.XMLNS_CAPS}},
    toJson = capsToJson,
    fromJson = capsFromJson,
    fromForm = notInForms("caps"),
    toForm = function() return nil end
}
return ____exports
 end,
["src.mod_rest.map.presence_idle"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____anykind_datetime = require("src.mod_rest.map.anykind_datetime")
local dateTime = ____anykind_datetime.dateTime
local isDateTime = ____anykind_datetime.isDateTime
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local isEmptyElement = ____anykind_element.isEmptyElement
____exports.XMLNS_IDLE = "urn:xmpp:idle:1"
local PRESENCE = {presence = true}
local IDLE_ATTRIBUTES = setOf({"since"})
local function idleToJson(stanza)
    local element = stanza:get_child("idle", ____exports.XMLNS_IDLE)
    if element == nil or not isEmptyElement(element) or not hasOnlyAttributes(element, IDLE_ATTRIBUTES) then
        return nil
    end
    local since = element.attr.since
    return since ~= nil and isDateTime(since) and since or nil
end
--- `idle_since`: the XEP-0082 date-time of the user's last interaction.
____exports.idleSince = {
    name = "idle_since",
    kinds = PRESENCE,
    implies = "presence",
    description = "When the user last interacted with their client (XEP-0319 <idle since/>).",
    spec = "XEP-0319",
    shape = dateTime("The time of the last interaction."),
    elements = {{name = "idle", xmlns = ____exports.XMLNS_IDLE}},
    form = "the stamp (XEP-0082 date-time)",
    toJson = idleToJson,
    fromJson = function(stanza, value)
        stanza:tag("idle", {xmlns = ____exports.XMLNS_IDLE, since = value}):up()
        return nil
    end
}
return ____exports
 end,
["src.mod_rest.map.presence_muc"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local integerText = ____field.integerText
local ____shape = require("src.mod_rest.map.shape")
local integer = ____shape.integer
local literalTrue = ____shape.literalTrue
local object = ____shape.object
local text = ____shape.text
local ____anykind_datetime = require("src.mod_rest.map.anykind_datetime")
local dateTime = ____anykind_datetime.dateTime
local isDateTime = ____anykind_datetime.isDateTime
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local MAX_XS_INT = ____anykind_element.MAX_XS_INT
local exactInteger = ____anykind_element.exactInteger
local hasNoText = ____anykind_element.hasNoText
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local isEmptyElement = ____anykind_element.isEmptyElement
local notInForms = ____anykind_element.notInForms
local plainText = ____anykind_element.plainText
____exports.XMLNS_MUC = "http://jabber.org/protocol/muc"
local PRESENCE = {presence = true}
local NO_ATTRIBUTES = {}
local HISTORY_COUNTS = {"maxchars", "maxstanzas", "seconds"}
local HISTORY_ATTRIBUTES = setOf({"maxchars", "maxstanzas", "seconds", "since"})
--- The `<x/>` of a join, nil when absent or carrying attributes or text.
local function joinElement(stanza)
    local x = stanza:get_child("x", ____exports.XMLNS_MUC)
    if x == nil or not hasOnlyAttributes(x, NO_ATTRIBUTES) or not hasNoText(x) then
        return nil
    end
    return x
end
--- True when `child` is in the MUC namespace (declared or inherited).
local function inMuc(child)
    return child.attr.xmlns == nil or child.attr.xmlns == ____exports.XMLNS_MUC
end
local function historyToJson(history)
    if not isEmptyElement(history) or not hasOnlyAttributes(history, HISTORY_ATTRIBUTES) then
        return nil
    end
    local doc = {}
    for ____, name in ipairs(HISTORY_COUNTS) do
        local written = history.attr[name]
        if written ~= nil then
            local n = exactInteger(written, 0, MAX_XS_INT)
            if n == nil then
                return nil
            end
            doc[name] = n
        end
    end
    local since = history.attr.since
    if since ~= nil then
        if not isDateTime(since) then
            return nil
        end
        doc.since = since
    end
    return doc
end
local function mucToJson(stanza)
    local x = joinElement(stanza)
    if x == nil or #x.tags == 0 then
        return nil
    end
    local doc = {}
    local position = 0
    for ____, child in ipairs(x.tags) do
        if not inMuc(child) then
            return nil
        end
        if child.name == "history" and position < 1 then
            local history = historyToJson(child)
            if history == nil then
                return nil
            end
            doc.history = history
            position = 1
        elseif child.name == "password" and position < 2 then
            local password = plainText(child)
            if password == nil or not hasOnlyAttributes(child, NO_ATTRIBUTES) then
                return nil
            end
            doc.password = password
            position = 2
        else
            return nil
        end
    end
    return doc
end
local function mucFromJson(stanza, value)
    local doc = value
    stanza:tag("x", {xmlns = ____exports.XMLNS_MUC})
    local history = doc.history
    if history ~= nil then
        local attr = {since = history.since}
        for ____, name in ipairs(HISTORY_COUNTS) do
            local n = history[name]
            local ____temp_0
            if n == nil then
                ____temp_0 = nil
            else
                ____temp_0 = integerText(n)
            end
            attr[name] = ____temp_0
        end
        stanza:tag("history", attr):up()
    end
    local password = doc.password
    if password ~= nil then
        stanza:text_tag("password", password)
    end
    stanza:up()
    return nil
end
local function historyCount(description)
    return integer(0, MAX_XS_INT, description)
end
--- `muc`: joining a room with options {history, password}.
____exports.muc = {
    name = "muc",
    kinds = PRESENCE,
    implies = "presence",
    description = "Joining a room with options: how much history to receive and the room password (XEP-0045 <x/>).",
    spec = "XEP-0045",
    shape = object({
        {
            "history",
            object(
                {
                    {
                        "maxchars",
                        historyCount("At most this many characters of history (0: none).")
                    },
                    {
                        "maxstanzas",
                        historyCount("At most this many messages of history.")
                    },
                    {
                        "seconds",
                        historyCount("Only the messages of the last so many seconds.")
                    },
                    {
                        "since",
                        dateTime("Only the messages sent since then.")
                    }
                },
                nil,
                "The discussion history to receive on joining."
            )
        },
        {
            "password",
            text("The room password.")
        }
    }),
    elements = {{name = "x", xmlns = ____exports.XMLNS_MUC}},
    toJson = mucToJson,
    fromJson = mucFromJson,
    fromForm = notInForms("muc"),
    toForm = function() return nil end
}
local function joinFromForm()
    return true, nil
end
--- `join`: true is an empty MUC `<x/>` (join with no options); with `muc` it adds nothing.
____exports.join = {
    name = "join",
    kinds = PRESENCE,
    implies = "presence",
    description = "true: join a room (the presence to room@service/nick carries an empty XEP-0045 <x/>); `muc` gives " ..
        "options.",
    spec = "XEP-0045",
    shape = literalTrue("Join the room the presence is sent to."),
    elements = {{name = "x", xmlns = ____exports.XMLNS_MUC}},
    form = "any value (present: true)",
    toJson = function(stanza)
        local x = joinElement(stanza)
        local ____temp_1
        if x ~= nil and #x.tags == 0 then
            ____temp_1 = true
        else
            ____temp_1 = nil
        end
        return ____temp_1
    end,
    fromJson = function(stanza)
        if stanza:get_child("x", ____exports.XMLNS_MUC) == nil then
            stanza:tag("x", {xmlns = ____exports.XMLNS_MUC}):up()
        end
        return nil
    end,
    fromForm = joinFromForm
}
return ____exports
 end,
["src.mod_rest.map.presence_vcard"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local isObject = ____field.isObject
local ____shape = require("src.mod_rest.map.shape")
local object = ____shape.object
local text = ____shape.text
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local hasNoText = ____anykind_element.hasNoText
local hasOnlyAttributes = ____anykind_element.hasOnlyAttributes
local plainText = ____anykind_element.plainText
____exports.XMLNS_VCARD_UPDATE = "vcard-temp:x:update"
local PRESENCE = {presence = true}
local NO_ATTRIBUTES = {}
local function vcardUpdateToJson(stanza)
    local x = stanza:get_child("x", ____exports.XMLNS_VCARD_UPDATE)
    if x == nil or not hasOnlyAttributes(x, NO_ATTRIBUTES) or not hasNoText(x) or #x.tags > 1 then
        return nil
    end
    local doc = {}
    local photo = x.tags[1]
    if photo ~= nil then
        local ns = photo.attr.xmlns
        local hash = plainText(photo)
        if photo.name ~= "photo" or ns ~= nil and ns ~= ____exports.XMLNS_VCARD_UPDATE or hash == nil then
            return nil
        end
        if not hasOnlyAttributes(photo, NO_ATTRIBUTES) then
            return nil
        end
        doc.photo = hash
    end
    return doc
end
local function vcardUpdateFromForm(value)
    local doc = {}
    doc.photo = value
    return doc, nil
end
--- `vcard_update`: {photo} (see the file comment).
____exports.vcardUpdate = {
    name = "vcard_update",
    kinds = PRESENCE,
    implies = "presence",
    description = "The avatar advertised in presence (XEP-0153): {photo: hash}, photo \"\" for none, {} when not known " ..
        "yet.",
    spec = "XEP-0153",
    shape = object({{
        "photo",
        text("The SHA-1 hash of the avatar image in hex; \"\" for no avatar.")
    }}),
    elements = {{name = "x", xmlns = ____exports.XMLNS_VCARD_UPDATE}},
    form = "the photo hash (empty: no avatar)",
    toJson = vcardUpdateToJson,
    fromJson = function(stanza, value)
        local photo = value.photo
        stanza:tag("x", {xmlns = ____exports.XMLNS_VCARD_UPDATE})
        if photo ~= nil then
            stanza:text_tag("photo", photo)
        end
        stanza:up()
        return nil
    end,
    fromForm = vcardUpdateFromForm,
    toForm = function(value)
        if isObject(value) and type(value.photo) == "string" then
            return value.photo
        end
        return nil
    end
}
return ____exports
 end,
["src.mod_rest.map.presence"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____shape = require("src.mod_rest.map.shape")
local integer = ____shape.integer
local oneOfWords = ____shape.oneOfWords
local text = ____shape.text
local ____presence_caps = require("src.mod_rest.map.presence_caps")
local caps = ____presence_caps.caps
local ____presence_idle = require("src.mod_rest.map.presence_idle")
local idleSince = ____presence_idle.idleSince
local ____presence_muc = require("src.mod_rest.map.presence_muc")
local join = ____presence_muc.join
local muc = ____presence_muc.muc
local ____presence_vcard = require("src.mod_rest.map.presence_vcard")
local vcardUpdate = ____presence_vcard.vcardUpdate
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
    description = "Availability: away, chat, dnd or xa (no <show/>: online).",
    spec = "RFC 6121",
    shape = oneOfWords({"away", "chat", "dnd", "xa"}),
    elements = {{name = "show"}},
    form = "the word",
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
____exports.status = textChildField(
    "status",
    PRESENCE,
    text(),
    "RFC 6121",
    "The presence status text (the first <status/>).",
    "presence"
)
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
    description = "The resource priority, an integer from -128 to 127.",
    spec = "RFC 6121",
    shape = integer(MIN_PRIORITY, MAX_PRIORITY),
    elements = {{name = "priority"}},
    form = "the integer in decimal",
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
____exports.PRESENCE_FIELDS = {
    ____exports.show,
    ____exports.status,
    ____exports.priority,
    caps,
    idleSince,
    muc,
    join,
    vcardUpdate
}
return ____exports
 end,
["src.mod_rest.map.messaging_element"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local integerText = ____field.integerText
local parseInteger = ____field.parseInteger
local ____shape = require("src.mod_rest.map.shape")
local literalTrue = ____shape.literalTrue
local text = ____shape.text
--- The kinds every messaging field applies to.
____exports.MESSAGE_ONLY = {message = true}
--- Largest character offset (XEP-0372 begin/end, XEP-0428 start/end): far beyond any stanza Prosody accepts.
____exports.MAX_OFFSET = 2147483647
--- True when every attribute of `element` but `xmlns` is one of `allowed`
-- (`xml:lang` and namespaced attributes included: a field maps none of
-- them unless it says so).
function ____exports.hasOnlyAttributes(element, allowed)
    for name in pairs(element.attr) do
        if name ~= "xmlns" and (allowed == nil or not (allowed[name] ~= nil)) then
            return false
        end
    end
    return true
end
--- True when `element` has no child node at all (no element, no text, not even whitespace).
function ____exports.hasNoChildren(element)
    for _node in element:children() do
        return false
    end
    return true
end
--- True for an element with no children and no attributes but `xmlns` and those `allowed`.
function ____exports.isBareElement(element, allowed)
    return ____exports.hasNoChildren(element) and ____exports.hasOnlyAttributes(element, allowed)
end
--- A character-offset attribute as an integer from 0 to MAX_OFFSET: nil
-- when absent, false when not in canonical decimal ("07" or "+7" would be
-- written back as "7", so the element must stay unmapped).
function ____exports.offsetAttribute(element, name)
    local value = element.attr[name]
    if value == nil then
        return nil
    end
    local n = parseInteger(value, 0, ____exports.MAX_OFFSET)
    if n == nil or integerText(n) ~= value then
        return false
    end
    return n
end
--- True when `child` (of a parent in `xmlns`) is in `xmlns`: declared so, or inheriting it.
function ____exports.inNamespace(child, xmlns)
    return child.attr.xmlns == nil or child.attr.xmlns == xmlns
end
--- Every child `<name/>` of `stanza` in `xmlns`, in document order.
function ____exports.childrenNamed(stanza, name, xmlns)
    local found = {}
    for ____, child in ipairs(stanza.tags) do
        if child.name == name and child.attr.xmlns == xmlns then
            found[#found + 1] = child
        end
    end
    return found
end
--- Form shape of a flag: whatever the value, the field is present (→ true).
function ____exports.formTrue()
    return true, nil
end
--- A fromForm for a field a flat form cannot express: refuses with a text naming it.
function ____exports.notInForms(name, what)
    return function() return nil, ((name .. ": ") .. what) .. ", not available in forms (send JSON)" end
end
--- A flag field: `true` for a bare `<element xmlns=.../>`, nil when the element carries anything.
function ____exports.flagField(name, element, xmlns, spec, description)
    return {
        name = name,
        kinds = ____exports.MESSAGE_ONLY,
        description = description,
        spec = spec,
        shape = literalTrue(),
        elements = {{name = element, xmlns = xmlns}},
        form = "any value (present: true)",
        toJson = function(stanza)
            local child = stanza:get_child(element, xmlns)
            local ____temp_0
            if child ~= nil and ____exports.isBareElement(child) then
                ____temp_0 = true
            else
                ____temp_0 = nil
            end
            return ____temp_0
        end,
        fromJson = function(stanza)
            stanza:tag(element, {xmlns = xmlns}):up()
            return nil
        end,
        fromForm = ____exports.formTrue
    }
end
--- A field holding the one attribute of an empty element (`<replace
-- id='x'/>` → "x"): nil when the attribute is missing or the element has
-- anything else.
function ____exports.attributeField(name, element, xmlns, attribute, spec, description)
    local allowed = {}
    allowed[attribute] = true
    return {
        name = name,
        kinds = ____exports.MESSAGE_ONLY,
        description = description,
        spec = spec,
        shape = text(),
        elements = {{name = element, xmlns = xmlns}},
        form = "the " .. attribute,
        toJson = function(stanza)
            local child = stanza:get_child(element, xmlns)
            if child == nil or not ____exports.isBareElement(child, allowed) then
                return nil
            end
            return child.attr[attribute]
        end,
        fromJson = function(stanza, value)
            local attr = {xmlns = xmlns}
            attr[attribute] = value
            stanza:tag(element, attr):up()
            return nil
        end
    }
end
return ____exports
 end,
["src.mod_rest.map.message"] = function(...) 
local ____exports = {}
local st = require("util.stanza")
local xml = require("util.xml")
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local isObject = ____field.isObject
local ownChild = ____field.ownChild
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local object = ____shape.object
local text = ____shape.text
local textMatching = ____shape.textMatching
local ____messaging_element = require("src.mod_rest.map.messaging_element")
local hasOnlyAttributes = ____messaging_element.hasOnlyAttributes
local inNamespace = ____messaging_element.inNamespace
local MESSAGE = {message = true}
____exports.XMLNS_XHTML_IM = "http://jabber.org/protocol/xhtml-im"
____exports.XMLNS_XHTML = "http://www.w3.org/1999/xhtml"
____exports.XMLNS_X_OOB = "jabber:x:oob"
--- The text of the stanza's own `<name/>`, nil when it has attributes (xml:lang, ...) or elements.
local function plainChildText(stanza, name)
    local child = ownChild(stanza, name)
    if child == nil or #child.tags > 0 or not hasOnlyAttributes(child) then
        return nil
    end
    return child:get_text()
end
--- A message field holding the text of a `<name/>` child without attributes (body, subject).
local function plainTextField(name, description)
    return {
        name = name,
        kinds = MESSAGE,
        description = description,
        spec = "RFC 6121",
        shape = text(),
        elements = {{name = name}},
        form = "the text",
        toJson = function(stanza) return plainChildText(stanza, name) end,
        fromJson = function(stanza, value)
            stanza:text_tag(name, value)
            return nil
        end
    }
end
local PARENT_ONLY = setOf({"parent"})
local function threadToJson(stanza)
    local thread = ownChild(stanza, "thread")
    if thread == nil or #thread.tags > 0 or not hasOnlyAttributes(thread, PARENT_ONLY) then
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
--- The shape (checked before) is a string, the id, or {id, parent}.
local function threadFromJson(stanza, value)
    if not isObject(value) then
        stanza:text_tag("thread", value)
        return nil
    end
    stanza:text_tag("thread", value.id, {parent = value.parent})
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
--- The bodies as XML text; nil when `<html/>` holds anything but XHTML bodies (or has attributes).
local function htmlToJson(stanza)
    local html = htmlElement(stanza)
    if html == nil or not hasOnlyAttributes(html) then
        return nil
    end
    local wrapper = st.stanza("html", {xmlns = ____exports.XMLNS_XHTML})
    for node in html:children() do
        if type(node) == "string" or node.name ~= "body" or node.attr.xmlns ~= ____exports.XMLNS_XHTML then
            return nil
        end
        wrapper:add_direct_child(node)
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
--- The text of an attribute-less, element-less child of jabber:x:oob, nil otherwise.
local function oobPart(node)
    if not inNamespace(node, ____exports.XMLNS_X_OOB) or #node.tags > 0 or not hasOnlyAttributes(node) then
        return nil
    end
    return node:get_text()
end
--- {url, desc}; nil unless the element is exactly `<url/>` then `<desc/>` (each optional), without attributes.
local function oobToJson(stanza)
    local x = oobElement(stanza)
    if x == nil or not hasOnlyAttributes(x) then
        return nil
    end
    local doc = {}
    for node in x:children() do
        if type(node) == "string" then
            return nil
        end
        local part = oobPart(node)
        local ____temp_0
        if node.name == "url" then
            ____temp_0 = doc.url == nil and doc.desc == nil
        else
            ____temp_0 = node.name == "desc" and doc.desc == nil
        end
        local inPlace = ____temp_0
        if part == nil or not inPlace then
            return nil
        end
        doc[node.name] = part
    end
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
    local oob = value
    addOob(stanza, oob.url, oob.desc)
    return nil
end
--- `oob_url`, the community module's shorthand for `oob.url`. Written only
-- when the document has no `oob` (which then wins); both are output.
local function oobUrlFromJson(stanza, value)
    if oobElement(stanza) == nil then
        addOob(stanza, value, nil)
    end
    return nil
end
--- The URL, only where `oob` maps the element too (else the element would count as covered, lossily).
local function oobUrlToJson(stanza)
    local oob = oobToJson(stanza)
    local ____isObject_result_1
    if isObject(oob) then
        ____isObject_result_1 = oob.url
    else
        ____isObject_result_1 = nil
    end
    return ____isObject_result_1
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
____exports.body = plainTextField("body", "The message text (the first <body/>; one with xml:lang stays in `unmapped`).")
____exports.subject = plainTextField("subject", "The message subject (the first <subject/>; one with xml:lang stays in `unmapped`).")
--- `thread` {id, parent} (a string is taken as the id).
____exports.thread = {
    name = "thread",
    kinds = MESSAGE,
    description = "The conversation thread: its id and the parent thread's id (a string is taken as the id).",
    spec = "RFC 6121",
    shape = anyOf({
        text(),
        object({
            {
                "id",
                text()
            },
            {
                "parent",
                text()
            }
        })
    }),
    elements = {{name = "thread"}},
    form = "the thread id",
    toJson = threadToJson,
    fromJson = threadFromJson,
    toForm = threadToForm
}
--- `html`: the XHTML-IM `<body>` element(s) as XML text, without the XHTML namespace declaration.
____exports.html = {
    name = "html",
    kinds = MESSAGE,
    description = "The XHTML-IM <body/> element(s) as XML text, without the XHTML namespace declaration; invalid XHTML " ..
        "is refused (422).",
    spec = "XEP-0071",
    shape = textMatching(
        "^%s*<body[%s/>]",
        {pattern = "^\\s*<body[\\s/>]", examples = {"<body><p>Hello <em>world</em></p></body>"}},
        "XHTML <body/> elements as XML text"
    ),
    elements = {{name = "html", xmlns = ____exports.XMLNS_XHTML_IM}},
    form = "the XML text",
    toJson = htmlToJson,
    fromJson = htmlFromJson
}
--- `oob` {url, desc}: jabber:x:oob.
____exports.oob = {
    name = "oob",
    kinds = MESSAGE,
    description = "An out-of-band URL with an optional description (jabber:x:oob).",
    spec = "XEP-0066",
    shape = object({
        {
            "url",
            text()
        },
        {
            "desc",
            text()
        }
    }),
    elements = {{name = "x", xmlns = ____exports.XMLNS_X_OOB}},
    form = "the URL",
    toJson = oobToJson,
    fromJson = oobFromJson,
    fromForm = oobFromForm,
    toForm = oobToForm
}
--- `oob_url`: the URL of jabber:x:oob alone. Must come after `oob` in the registry.
____exports.oobUrl = {
    name = "oob_url",
    kinds = MESSAGE,
    description = "The URL of jabber:x:oob alone (a shorthand of `oob`).",
    spec = "XEP-0066",
    shape = text(),
    elements = {{name = "x", xmlns = ____exports.XMLNS_X_OOB}},
    form = "the URL",
    toJson = oobUrlToJson,
    fromJson = oobUrlFromJson
}
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
["src.mod_rest.map.messaging_state"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____shape = require("src.mod_rest.map.shape")
local oneOfWords = ____shape.oneOfWords
local ____messaging_element = require("src.mod_rest.map.messaging_element")
local isBareElement = ____messaging_element.isBareElement
local MESSAGE_ONLY = ____messaging_element.MESSAGE_ONLY
____exports.XMLNS_CHATSTATES = "http://jabber.org/protocol/chatstates"
local STATES = {
    "active",
    "composing",
    "paused",
    "inactive",
    "gone"
}
local STATE_SET = setOf(STATES)
--- The state word when the message has exactly one chat state element, bare; else nil (two states cannot be one word).
local function stateToJson(stanza)
    local found
    for ____, child in ipairs(stanza.tags) do
        if child.attr.xmlns == ____exports.XMLNS_CHATSTATES and STATE_SET[child.name] ~= nil then
            if found ~= nil then
                return nil
            end
            found = child
        end
    end
    if found == nil or not isBareElement(found) then
        return nil
    end
    return found.name
end
--- `state`: active, composing, paused, inactive or gone.
____exports.state = {
    name = "state",
    kinds = MESSAGE_ONLY,
    description = "The chat state: active, composing (typing), paused, inactive or gone.",
    spec = "XEP-0085",
    shape = oneOfWords(STATES),
    elements = {
        {name = "active", xmlns = ____exports.XMLNS_CHATSTATES},
        {name = "composing", xmlns = ____exports.XMLNS_CHATSTATES},
        {name = "paused", xmlns = ____exports.XMLNS_CHATSTATES},
        {name = "inactive", xmlns = ____exports.XMLNS_CHATSTATES},
        {name = "gone", xmlns = ____exports.XMLNS_CHATSTATES}
    },
    form = "the word",
    toJson = stateToJson,
    fromJson = function(stanza, value)
        stanza:tag(value, {xmlns = ____exports.XMLNS_CHATSTATES}):up()
        return nil
    end
}
return ____exports
 end,
["src.mod_rest.map.messaging_ids"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local jsonArray = ____field.jsonArray
local ____shape = require("src.mod_rest.map.shape")
local arrayOf = ____shape.arrayOf
local described = ____shape.described
local object = ____shape.object
local text = ____shape.text
local ____messaging_element = require("src.mod_rest.map.messaging_element")
local attributeField = ____messaging_element.attributeField
local childrenNamed = ____messaging_element.childrenNamed
local isBareElement = ____messaging_element.isBareElement
local MESSAGE_ONLY = ____messaging_element.MESSAGE_ONLY
local notInForms = ____messaging_element.notInForms
____exports.XMLNS_CORRECT = "urn:xmpp:message-correct:0"
____exports.XMLNS_ATTACHING = "urn:xmpp:message-attaching:1"
____exports.XMLNS_SID = "urn:xmpp:sid:0"
____exports.XMLNS_OCCUPANT_ID = "urn:xmpp:occupant-id:0"
--- `replace`: the id of the message this one corrects.
____exports.replace = attributeField(
    "replace",
    "replace",
    ____exports.XMLNS_CORRECT,
    "id",
    "XEP-0308",
    "The id of the message this one corrects (last message correction)."
)
--- `attach_to`: the id of the message this one is attached to.
____exports.attachTo = attributeField(
    "attach_to",
    "attach-to",
    ____exports.XMLNS_ATTACHING,
    "id",
    "XEP-0367",
    "The id of the message this one is attached to."
)
--- `origin_id`: the id the sender gave the message.
____exports.originId = attributeField(
    "origin_id",
    "origin-id",
    ____exports.XMLNS_SID,
    "id",
    "XEP-0359",
    "The unique id the sending client gave the message."
)
--- `occupant_id`: the room's stable id of the occupant who sent the message.
____exports.occupantId = attributeField(
    "occupant_id",
    "occupant-id",
    ____exports.XMLNS_OCCUPANT_ID,
    "id",
    "XEP-0421",
    "The stable, anonymous id the room gives the occupant who sent the message."
)
local STANZA_ID_ATTRIBUTES = setOf({"id", "by"})
--- Every `<stanza-id/>` as {id, by}; nil when one lacks either or carries anything else.
local function stanzaIdsToJson(stanza)
    local elements = childrenNamed(stanza, "stanza-id", ____exports.XMLNS_SID)
    if #elements == 0 then
        return nil
    end
    local list = jsonArray()
    for ____, element in ipairs(elements) do
        local id = element.attr.id
        local by = element.attr.by
        if id == nil or by == nil or not isBareElement(element, STANZA_ID_ATTRIBUTES) then
            return nil
        end
        local item = {}
        item.id = id
        item.by = by
        list[#list + 1] = item
    end
    return list
end
--- `stanza_ids` [{id, by}]: the ids archives gave the message, each with the archive's JID.
____exports.stanzaIds = {
    name = "stanza_ids",
    kinds = MESSAGE_ONLY,
    description = "The ids entities that stored the message gave it, each with the JID of that entity (`by`).",
    spec = "XEP-0359",
    shape = arrayOf(
        object(
            {
                {
                    "id",
                    described(
                        text(),
                        "The id the entity gave the message."
                    )
                },
                {
                    "by",
                    described(
                        text(),
                        "The JID of the entity (an archive, a room)."
                    )
                }
            },
            {"id", "by"}
        ),
        1
    ),
    elements = {{name = "stanza-id", xmlns = ____exports.XMLNS_SID, many = true}},
    toJson = stanzaIdsToJson,
    fromJson = function(stanza, value)
        local list = value
        do
            local i = 1
            while i <= #list do
                local item = list[i]
                stanza:tag("stanza-id", {xmlns = ____exports.XMLNS_SID, id = item.id, by = item.by}):up()
                i = i + 1
            end
        end
        return nil
    end,
    fromForm = notInForms("stanza_ids", "a list"),
    toForm = function() return nil end
}
--- Id fields, in the order their elements are written.
____exports.ID_FIELDS = {
    ____exports.replace,
    ____exports.attachTo,
    ____exports.stanzaIds,
    ____exports.originId,
    ____exports.occupantId
}
return ____exports
 end,
["src.mod_rest.map.messaging_reply"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local integerText = ____field.integerText
local jsonArray = ____field.jsonArray
local ____shape = require("src.mod_rest.map.shape")
local arrayOf = ____shape.arrayOf
local described = ____shape.described
local integer = ____shape.integer
local object = ____shape.object
local oneOfWords = ____shape.oneOfWords
local text = ____shape.text
local ____messaging_element = require("src.mod_rest.map.messaging_element")
local hasNoChildren = ____messaging_element.hasNoChildren
local hasOnlyAttributes = ____messaging_element.hasOnlyAttributes
local inNamespace = ____messaging_element.inNamespace
local isBareElement = ____messaging_element.isBareElement
local MAX_OFFSET = ____messaging_element.MAX_OFFSET
local MESSAGE_ONLY = ____messaging_element.MESSAGE_ONLY
local notInForms = ____messaging_element.notInForms
local offsetAttribute = ____messaging_element.offsetAttribute
____exports.XMLNS_REPLY = "urn:xmpp:reply:0"
____exports.XMLNS_REACTIONS = "urn:xmpp:reactions:0"
____exports.XMLNS_REFERENCE = "urn:xmpp:reference:0"
local REPLY_ATTRIBUTES = setOf({"to", "id"})
local function replyToJson(stanza)
    local element = stanza:get_child("reply", ____exports.XMLNS_REPLY)
    if element == nil or element.attr.id == nil or not isBareElement(element, REPLY_ATTRIBUTES) then
        return nil
    end
    local doc = {}
    doc.to = element.attr.to
    doc.id = element.attr.id
    return doc
end
--- `reply` {to, id}: the message this one replies to.
____exports.reply = {
    name = "reply",
    kinds = MESSAGE_ONLY,
    description = "The message this one replies to: its id and, optionally, the JID of its author.",
    spec = "XEP-0461",
    shape = object(
        {
            {
                "to",
                described(
                    text(),
                    "The JID of the author of the message replied to."
                )
            },
            {
                "id",
                described(
                    text(),
                    "The id of the message replied to (its stanza-id in a groupchat)."
                )
            }
        },
        {"id"}
    ),
    elements = {{name = "reply", xmlns = ____exports.XMLNS_REPLY}},
    toJson = replyToJson,
    fromJson = function(stanza, value)
        local doc = value
        stanza:tag("reply", {xmlns = ____exports.XMLNS_REPLY, to = doc.to, id = doc.id}):up()
        return nil
    end,
    fromForm = notInForms("reply", "an object"),
    toForm = function() return nil end
}
local ID_ONLY = setOf({"id"})
--- The reactions as {id, reactions}; nil when anything but text-only `<reaction/>` children is inside.
local function reactionsToJson(stanza)
    local element = stanza:get_child("reactions", ____exports.XMLNS_REACTIONS)
    if element == nil or element.attr.id == nil or not hasOnlyAttributes(element, ID_ONLY) then
        return nil
    end
    local list = jsonArray()
    for node in element:children() do
        if type(node) == "string" or node.name ~= "reaction" or not inNamespace(node, ____exports.XMLNS_REACTIONS) or not hasOnlyAttributes(node) then
            return nil
        end
        local reaction = node:get_text()
        if reaction == nil then
            return nil
        end
        list[#list + 1] = reaction
    end
    local doc = {}
    doc.id = element.attr.id
    doc.reactions = list
    return doc
end
--- `reactions` {id, reactions}: the sender's reactions (emoji) to a message; an empty list takes them all back.
____exports.reactions = {
    name = "reactions",
    kinds = MESSAGE_ONLY,
    description = "The sender's reactions to a message (each usually one emoji); an empty list withdraws them all.",
    spec = "XEP-0444",
    shape = object(
        {
            {
                "id",
                described(
                    text(),
                    "The id of the message reacted to (its stanza-id in a groupchat)."
                )
            },
            {
                "reactions",
                arrayOf(
                    text(),
                    nil,
                    "The reactions, in order."
                )
            }
        },
        {"id", "reactions"}
    ),
    elements = {{name = "reactions", xmlns = ____exports.XMLNS_REACTIONS}},
    toJson = reactionsToJson,
    fromJson = function(stanza, value)
        local doc = value
        stanza:tag("reactions", {xmlns = ____exports.XMLNS_REACTIONS, id = doc.id})
        local list = doc.reactions
        do
            local i = 1
            while i <= #list do
                stanza:text_tag("reaction", list[i])
                i = i + 1
            end
        end
        stanza:up()
        return nil
    end,
    fromForm = notInForms("reactions", "an object"),
    toForm = function() return nil end
}
local REFERENCE_TYPES = {"mention", "data"}
local REFERENCE_TYPE_SET = setOf(REFERENCE_TYPES)
local REFERENCE_ATTRIBUTES = setOf({
    "type",
    "uri",
    "begin",
    "end",
    "anchor"
})
local function referenceToJson(stanza)
    local element = stanza:get_child("reference", ____exports.XMLNS_REFERENCE)
    if element == nil or not hasNoChildren(element) or not hasOnlyAttributes(element, REFERENCE_ATTRIBUTES) then
        return nil
    end
    local referenceType = element.attr.type
    local uri = element.attr.uri
    local begin = offsetAttribute(element, "begin")
    local ____end = offsetAttribute(element, "end")
    if referenceType == nil or not (REFERENCE_TYPE_SET[referenceType] ~= nil) or uri == nil or begin == false or ____end == false then
        return nil
    end
    local doc = {}
    doc.type = referenceType
    doc.uri = uri
    doc.begin = begin
    doc["end"] = ____end
    doc.anchor = element.attr.anchor
    return doc
end
--- An optional integer of a JSON object as attribute text.
local function offsetText(doc, name)
    local value = doc[name]
    local ____temp_0
    if value == nil then
        ____temp_0 = nil
    else
        ____temp_0 = integerText(value)
    end
    return ____temp_0
end
--- `reference` {type, uri, begin, end, anchor}: a mention or a data reference in the message.
____exports.reference = {
    name = "reference",
    kinds = MESSAGE_ONLY,
    description = "A reference from the message to a URI (a mention of a JID, a link to data), optionally to a range of " ..
        "the body.",
    spec = "XEP-0372",
    shape = object(
        {
            {
                "type",
                oneOfWords(REFERENCE_TYPES, "mention (of an entity) or data (a resource).")
            },
            {
                "uri",
                described(
                    text(),
                    "The URI referred to (xmpp:juliet@example.com for a mention)."
                )
            },
            {
                "begin",
                integer(0, MAX_OFFSET, "First character of the body the reference covers (code points from 0).")
            },
            {
                "end",
                integer(0, MAX_OFFSET, "Character after the last one the reference covers.")
            },
            {
                "anchor",
                described(
                    text(),
                    "A URI the reference is anchored to (another message)."
                )
            }
        },
        {"type", "uri"}
    ),
    elements = {{name = "reference", xmlns = ____exports.XMLNS_REFERENCE}},
    toJson = referenceToJson,
    fromJson = function(stanza, value)
        local doc = value
        stanza:tag(
            "reference",
            {
                xmlns = ____exports.XMLNS_REFERENCE,
                type = doc.type,
                uri = doc.uri,
                begin = offsetText(doc, "begin"),
                ["end"] = offsetText(doc, "end"),
                anchor = doc.anchor
            }
        ):up()
        return nil
    end,
    fromForm = notInForms("reference", "an object"),
    toForm = function() return nil end
}
--- Reply, reaction and reference fields, in the order their elements are written.
____exports.REPLY_FIELDS = {____exports.reply, ____exports.reactions, ____exports.reference}
return ____exports
 end,
["src.mod_rest.map.messaging_fallback"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local integerText = ____field.integerText
local isArray = ____field.isArray
local jsonArray = ____field.jsonArray
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local arrayOf = ____shape.arrayOf
local described = ____shape.described
local integer = ____shape.integer
local literalTrue = ____shape.literalTrue
local object = ____shape.object
local text = ____shape.text
local ____messaging_element = require("src.mod_rest.map.messaging_element")
local childrenNamed = ____messaging_element.childrenNamed
local formTrue = ____messaging_element.formTrue
local hasOnlyAttributes = ____messaging_element.hasOnlyAttributes
local inNamespace = ____messaging_element.inNamespace
local isBareElement = ____messaging_element.isBareElement
local MAX_OFFSET = ____messaging_element.MAX_OFFSET
local MESSAGE_ONLY = ____messaging_element.MESSAGE_ONLY
local offsetAttribute = ____messaging_element.offsetAttribute
____exports.XMLNS_FALLBACK = "urn:xmpp:fallback:0"
local RANGE_ATTRIBUTES = setOf({"start", "end"})
local FOR_ONLY = setOf({"for"})
local RANGE = object(
    {
        {
            "start",
            integer(0, MAX_OFFSET, "First character of the fallback text (code points from 0).")
        },
        {
            "end",
            integer(0, MAX_OFFSET, "Character after the last one of the fallback text.")
        }
    },
    nil,
    "A range of the text; without start and end, the whole text."
)
local FALLBACK_ITEM = object({
    {
        "for",
        described(
            text(),
            "The namespace of the element the fallback stands in for (urn:xmpp:reply:0)."
        )
    },
    {
        "bodies",
        arrayOf(RANGE, 1, "Ranges of the body that are fallback text.")
    },
    {
        "subjects",
        arrayOf(RANGE, 1, "Ranges of the subject that are fallback text.")
    }
})
--- {start, end} of a `<body/>` or `<subject/>` inside a fallback, nil when it carries anything else.
local function rangeToJson(element)
    if not isBareElement(element, RANGE_ATTRIBUTES) then
        return nil
    end
    local start = offsetAttribute(element, "start")
    local ____end = offsetAttribute(element, "end")
    if start == false or ____end == false then
        return nil
    end
    local range = {}
    range.start = start
    range["end"] = ____end
    return range
end
--- One `<fallback/>` as {for, bodies, subjects}; nil when it holds anything else or a subject before a body.
local function itemToJson(element)
    if not hasOnlyAttributes(element, FOR_ONLY) then
        return nil
    end
    local item = {}
    item["for"] = element.attr["for"]
    local bodies
    local subjects
    for node in element:children() do
        if type(node) == "string" or not inNamespace(node, ____exports.XMLNS_FALLBACK) then
            return nil
        end
        local range = rangeToJson(node)
        if range == nil then
            return nil
        end
        if node.name == "body" and subjects == nil then
            bodies = bodies or jsonArray()
            bodies[#bodies + 1] = range
        elseif node.name == "subject" then
            subjects = subjects or jsonArray()
            subjects[#subjects + 1] = range
        else
            return nil
        end
    end
    item.bodies = bodies
    item.subjects = subjects
    return item
end
local function fallbackToJson(stanza)
    local elements = childrenNamed(stanza, "fallback", ____exports.XMLNS_FALLBACK)
    if #elements == 0 then
        return nil
    end
    if #elements == 1 and isBareElement(elements[1]) then
        return true
    end
    local list = jsonArray()
    for ____, element in ipairs(elements) do
        local item = itemToJson(element)
        if item == nil then
            return nil
        end
        list[#list + 1] = item
    end
    return list
end
local function addRanges(stanza, name, ranges)
    if not isArray(ranges) then
        return
    end
    do
        local i = 1
        while i <= #ranges do
            local range = ranges[i]
            local start = range.start
            local ____end = range["end"]
            local ____stanza_3 = stanza
            local ____stanza_tag_4 = stanza.tag
            local ____name_2 = name
            local ____temp_0
            if start == nil then
                ____temp_0 = nil
            else
                ____temp_0 = integerText(start)
            end
            local ____temp_1
            if ____end == nil then
                ____temp_1 = nil
            else
                ____temp_1 = integerText(____end)
            end
            ____stanza_tag_4(____stanza_3, ____name_2, {start = ____temp_0, ["end"] = ____temp_1}):up()
            i = i + 1
        end
    end
end
local function fallbackFromJson(stanza, value)
    if value == true then
        stanza:tag("fallback", {xmlns = ____exports.XMLNS_FALLBACK}):up()
        return nil
    end
    local list = value
    do
        local i = 1
        while i <= #list do
            local item = list[i]
            stanza:tag("fallback", {xmlns = ____exports.XMLNS_FALLBACK, ["for"] = item["for"]})
            addRanges(stanza, "body", item.bodies)
            addRanges(stanza, "subject", item.subjects)
            stanza:up()
            i = i + 1
        end
    end
    return nil
end
--- `fallback`: true, or [{for, bodies, subjects}].
____exports.fallback = {
    name = "fallback",
    kinds = MESSAGE_ONLY,
    description = "Marks fallback text: true (a bare <fallback/>), or one object per <fallback/> naming what it stands " ..
        "in for and its ranges.",
    spec = "XEP-0428",
    shape = anyOf({
        literalTrue(),
        arrayOf(FALLBACK_ITEM, 1)
    }),
    elements = {{name = "fallback", xmlns = ____exports.XMLNS_FALLBACK, many = true}},
    form = "any value (present: true)",
    toJson = fallbackToJson,
    fromJson = fallbackFromJson,
    fromForm = formTrue,
    toForm = function(value) return value == true and "" or nil end
}
return ____exports
 end,
["src.mod_rest.map.messaging_markers"] = function(...) 
local ____exports = {}
local ____messaging_element = require("src.mod_rest.map.messaging_element")
local attributeField = ____messaging_element.attributeField
local flagField = ____messaging_element.flagField
____exports.XMLNS_CHAT_MARKERS = "urn:xmpp:chat-markers:0"
____exports.XMLNS_RECEIPTS = "urn:xmpp:receipts"
--- `markable`: true, the sender asks for chat markers.
____exports.markable = flagField(
    "markable",
    "markable",
    ____exports.XMLNS_CHAT_MARKERS,
    "XEP-0333",
    "The sender asks for chat markers on this message (true)."
)
--- `displayed`: the id of the message marked as displayed.
____exports.displayed = attributeField(
    "displayed",
    "displayed",
    ____exports.XMLNS_CHAT_MARKERS,
    "id",
    "XEP-0333",
    "The id of the message this chat marker says was displayed."
)
--- `received`: the id of the message marked as received (the chat marker, not the XEP-0184 receipt).
____exports.received = attributeField(
    "received",
    "received",
    ____exports.XMLNS_CHAT_MARKERS,
    "id",
    "XEP-0333",
    "The id of the message this chat marker says was received (the XEP-0184 receipt is `receipt`)."
)
--- `acknowledged`: the id of the message marked as acknowledged.
____exports.acknowledged = attributeField(
    "acknowledged",
    "acknowledged",
    ____exports.XMLNS_CHAT_MARKERS,
    "id",
    "XEP-0333",
    "The id of the message this chat marker says was acknowledged."
)
--- `request`: true, the sender asks for a delivery receipt.
____exports.request = flagField(
    "request",
    "request",
    ____exports.XMLNS_RECEIPTS,
    "XEP-0184",
    "The sender asks for a delivery receipt (true)."
)
--- `receipt`: the id of the message a XEP-0184 `<received/>` acknowledges.
____exports.receipt = attributeField(
    "receipt",
    "received",
    ____exports.XMLNS_RECEIPTS,
    "id",
    "XEP-0184",
    "A delivery receipt: the id of the message received (XEP-0184 <received/>)."
)
--- Marker and receipt fields, in the order their elements are written.
____exports.MARKER_FIELDS = {
    ____exports.markable,
    ____exports.displayed,
    ____exports.received,
    ____exports.acknowledged,
    ____exports.request,
    ____exports.receipt
}
return ____exports
 end,
["src.mod_rest.map.messaging_invite"] = function(...) 
local ____exports = {}
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____field = require("src.mod_rest.map.field")
local isObject = ____field.isObject
local ____shape = require("src.mod_rest.map.shape")
local anyOf = ____shape.anyOf
local boolean = ____shape.boolean
local described = ____shape.described
local object = ____shape.object
local text = ____shape.text
local ____messaging_element = require("src.mod_rest.map.messaging_element")
local isBareElement = ____messaging_element.isBareElement
local MESSAGE_ONLY = ____messaging_element.MESSAGE_ONLY
local notInForms = ____messaging_element.notInForms
____exports.XMLNS_CONFERENCE = "jabber:x:conference"
____exports.XMLNS_EME = "urn:xmpp:eme:0"
local INVITE_TEXTS = {"jid", "password", "reason", "thread"}
local INVITE_ATTRIBUTES = setOf({
    "jid",
    "password",
    "reason",
    "thread",
    "continue"
})
--- The invitation, nil without jid, with anything else, or a `continue` other than "true"/"false" ("1"/"0" would not come back).
local function inviteToJson(stanza)
    local element = stanza:get_child("x", ____exports.XMLNS_CONFERENCE)
    if element == nil or element.attr.jid == nil or not isBareElement(element, INVITE_ATTRIBUTES) then
        return nil
    end
    local doc = {}
    for ____, name in ipairs(INVITE_TEXTS) do
        doc[name] = element.attr[name]
    end
    local continued = element.attr.continue
    if continued == "true" then
        doc.continue = true
    elseif continued == "false" then
        doc.continue = false
    elseif continued ~= nil then
        return nil
    end
    return doc
end
local function inviteFromJson(stanza, value)
    local doc = value
    local attr = {xmlns = ____exports.XMLNS_CONFERENCE}
    for ____, name in ipairs(INVITE_TEXTS) do
        attr[name] = doc[name]
    end
    local continued = doc.continue
    if continued ~= nil then
        attr.continue = continued == true and "true" or "false"
    end
    stanza:tag("x", attr):up()
    return nil
end
--- `invite`: a direct invitation to a room.
____exports.invite = {
    name = "invite",
    kinds = MESSAGE_ONLY,
    description = "A direct invitation to a multi-user chat room.",
    spec = "XEP-0249",
    shape = object(
        {
            {
                "jid",
                described(
                    text(),
                    "The JID of the room."
                )
            },
            {
                "password",
                described(
                    text(),
                    "The room's password."
                )
            },
            {
                "reason",
                described(
                    text(),
                    "Why the invitation is sent."
                )
            },
            {
                "thread",
                described(
                    text(),
                    "The thread of the one-to-one chat the room continues."
                )
            },
            {
                "continue",
                boolean("True when the room continues a one-to-one chat.")
            }
        },
        {"jid"}
    ),
    elements = {{name = "x", xmlns = ____exports.XMLNS_CONFERENCE}},
    toJson = inviteToJson,
    fromJson = inviteFromJson,
    fromForm = notInForms("invite", "an object"),
    toForm = function() return nil end
}
local EME_ATTRIBUTES = setOf({"namespace", "name"})
--- The encryption namespace (a string, as the community module maps it), or {namespace, name} when a name is given.
local function encryptionToJson(stanza)
    local element = stanza:get_child("encryption", ____exports.XMLNS_EME)
    if element == nil or element.attr.namespace == nil or not isBareElement(element, EME_ATTRIBUTES) then
        return nil
    end
    if element.attr.name == nil then
        return element.attr.namespace
    end
    local doc = {}
    doc.namespace = element.attr.namespace
    doc.name = element.attr.name
    return doc
end
local function encryptionFromJson(stanza, value)
    if isObject(value) then
        stanza:tag("encryption", {xmlns = ____exports.XMLNS_EME, namespace = value.namespace, name = value.name}):up()
    else
        stanza:tag("encryption", {xmlns = ____exports.XMLNS_EME, namespace = value}):up()
    end
    return nil
end
--- `encryption`: the namespace of the encryption used, with its name when the element gives one.
____exports.encryption = {
    name = "encryption",
    kinds = MESSAGE_ONLY,
    description = "The encryption the body is under: its namespace (a string), or {namespace, name} when the name is " ..
        "given.",
    spec = "XEP-0380",
    shape = anyOf({
        described(
            text(),
            "The namespace of the encryption protocol (urn:xmpp:omemo:2)."
        ),
        object(
            {
                {
                    "namespace",
                    described(
                        text(),
                        "The namespace of the encryption protocol."
                    )
                },
                {
                    "name",
                    described(
                        text(),
                        "Its human-readable name, for clients that do not know it."
                    )
                }
            },
            {"namespace", "name"},
            "The namespace with the name (without a name, the string form)."
        )
    }),
    elements = {{name = "encryption", xmlns = ____exports.XMLNS_EME}},
    form = "the namespace",
    toJson = encryptionToJson,
    fromJson = encryptionFromJson,
    toForm = function(value) return type(value) == "string" and value or nil end
}
--- Invitation and encryption fields, in the order their elements are written.
____exports.INVITE_FIELDS = {____exports.encryption, ____exports.invite}
return ____exports
 end,
["src.mod_rest.map.messaging_hints"] = function(...) 
local ____exports = {}
local ____messaging_element = require("src.mod_rest.map.messaging_element")
local flagField = ____messaging_element.flagField
____exports.XMLNS_HINTS = "urn:xmpp:hints"
--- `no_store`: the message must not be stored at all (true).
____exports.noStore = flagField(
    "no_store",
    "no-store",
    ____exports.XMLNS_HINTS,
    "XEP-0334",
    "Hint: do not store this message at all, not even for offline delivery (true)."
)
--- `no_permanent_store`: the message must not be archived (true).
____exports.noPermanentStore = flagField(
    "no_permanent_store",
    "no-permanent-store",
    ____exports.XMLNS_HINTS,
    "XEP-0334",
    "Hint: do not store this message permanently (archives), offline delivery allowed (true)."
)
--- `no_copy`: the message must not be copied to other resources (true).
____exports.noCopy = flagField(
    "no_copy",
    "no-copy",
    ____exports.XMLNS_HINTS,
    "XEP-0334",
    "Hint: do not copy this message to other resources (carbons) (true)."
)
--- `store`: the message should be stored even if it would not be (true).
____exports.store = flagField(
    "store",
    "store",
    ____exports.XMLNS_HINTS,
    "XEP-0334",
    "Hint: store this message even if it would not be by default (true)."
)
--- Hint fields, in the order their elements are written.
____exports.HINT_FIELDS = {____exports.noStore, ____exports.noPermanentStore, ____exports.noCopy, ____exports.store}
return ____exports
 end,
["src.mod_rest.map.messaging"] = function(...) 
local ____exports = {}
local ____messaging_state = require("src.mod_rest.map.messaging_state")
local state = ____messaging_state.state
local ____messaging_ids = require("src.mod_rest.map.messaging_ids")
local ID_FIELDS = ____messaging_ids.ID_FIELDS
local ____messaging_reply = require("src.mod_rest.map.messaging_reply")
local REPLY_FIELDS = ____messaging_reply.REPLY_FIELDS
local ____messaging_fallback = require("src.mod_rest.map.messaging_fallback")
local fallback = ____messaging_fallback.fallback
local ____messaging_markers = require("src.mod_rest.map.messaging_markers")
local MARKER_FIELDS = ____messaging_markers.MARKER_FIELDS
local ____messaging_invite = require("src.mod_rest.map.messaging_invite")
local INVITE_FIELDS = ____messaging_invite.INVITE_FIELDS
local ____messaging_hints = require("src.mod_rest.map.messaging_hints")
local HINT_FIELDS = ____messaging_hints.HINT_FIELDS
--- Messaging fields, in the order their elements are written.
____exports.MESSAGING_FIELDS = {state}
for ____, group in ipairs({
    ID_FIELDS,
    REPLY_FIELDS,
    {fallback},
    MARKER_FIELDS,
    INVITE_FIELDS,
    HINT_FIELDS
}) do
    for ____, mapper in ipairs(group) do
        local ____exports_MESSAGING_FIELDS_0 = ____exports.MESSAGING_FIELDS
        ____exports_MESSAGING_FIELDS_0[#____exports_MESSAGING_FIELDS_0 + 1] = mapper
    end
end
return ____exports
 end,
["src.mod_rest.map.dataforms"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local ANY_KIND = ____field.ANY_KIND
local ____dataform = require("src.mod_rest.map.dataform")
local XMLNS_DATA = ____dataform.XMLNS_DATA
local dataformFromJson = ____dataform.dataformFromJson
local dataformShape = ____dataform.dataformShape
local dataformToJson = ____dataform.dataformToJson
local formdataFromJson = ____dataform.formdataFromJson
local formdataShape = ____dataform.formdataShape
local function notInForms(name)
    return function() return nil, name .. ": an object, not available in forms (send JSON)" end
end
--- `dataform`: the first data form child of the stanza.
____exports.dataformField = {
    name = "dataform",
    kinds = ANY_KIND,
    description = "A data form carried in the stanza.",
    spec = "XEP-0004",
    shape = dataformShape,
    elements = {{name = "x", xmlns = XMLNS_DATA}},
    toJson = function(stanza)
        local x = stanza:get_child("x", XMLNS_DATA)
        local ____temp_0
        if x == nil then
            ____temp_0 = nil
        else
            ____temp_0 = dataformToJson(x)
        end
        return ____temp_0
    end,
    fromJson = function(stanza, value) return dataformFromJson(stanza, value, "dataform") end,
    fromForm = notInForms("dataform"),
    toForm = function() return nil end
}
--- `formdata`: {var: value | [values]} written as a submitted form (input only).
____exports.formdataField = {
    name = "formdata",
    kinds = ANY_KIND,
    description = "Form values by var, written as a data form of type submit (input only: output gives dataform).",
    spec = "XEP-0004",
    shape = formdataShape,
    elements = {{name = "x", xmlns = XMLNS_DATA}},
    toJson = function() return nil end,
    fromJson = function(stanza, value) return formdataFromJson(stanza, value, "submit", "formdata") end,
    fromForm = notInForms("formdata"),
    toForm = function() return nil end
}
--- Top-level form fields, in the order their elements are written.
____exports.DATAFORM_FIELDS = {____exports.dataformField, ____exports.formdataField}
return ____exports
 end,
["src.mod_rest.map.anykind_nick"] = function(...) 
local ____exports = {}
local ____field = require("src.mod_rest.map.field")
local ANY_KIND = ____field.ANY_KIND
local ____shape = require("src.mod_rest.map.shape")
local text = ____shape.text
local ____anykind_element = require("src.mod_rest.map.anykind_element")
local bareText = ____anykind_element.bareText
____exports.XMLNS_NICK = "http://jabber.org/protocol/nick"
local function nickToJson(stanza)
    local element = stanza:get_child("nick", ____exports.XMLNS_NICK)
    local ____temp_0
    if element == nil then
        ____temp_0 = nil
    else
        ____temp_0 = bareText(element)
    end
    return ____temp_0
end
--- `nick`: the nickname text ("" for an empty element); a nick with attributes or children is left unmapped.
____exports.nick = {
    name = "nick",
    kinds = ANY_KIND,
    description = "The sender's nickname (XEP-0172 <nick/>).",
    spec = "XEP-0172",
    shape = text("The nickname."),
    elements = {{name = "nick", xmlns = ____exports.XMLNS_NICK}},
    form = "the text",
    toJson = nickToJson,
    fromJson = function(stanza, value)
        stanza:text_tag("nick", value, {xmlns = ____exports.XMLNS_NICK})
        return nil
    end
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
local ____shape = require("src.mod_rest.map.shape")
local anything = ____shape.anything
local object = ____shape.object
local text = ____shape.text
local ____anykind_nick = require("src.mod_rest.map.anykind_nick")
local nick = ____anykind_nick.nick
local ____anykind_delay = require("src.mod_rest.map.anykind_delay")
local delay = ____anykind_delay.delay
local ____rsm = require("src.mod_rest.map.rsm")
local rsm = ____rsm.rsm
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
    description = "A JSON value carried in the stanza, with an optional datatype naming its kind.",
    spec = "XEP-0432",
    shape = object(
        {
            {
                "datatype",
                text()
            },
            {
                "data",
                anything("Any JSON value, null included.")
            }
        },
        {"data"}
    ),
    elements = {{name = "payload", xmlns = ____exports.XMLNS_JSON_MSG}},
    toJson = payloadToJson,
    fromJson = payloadFromJson,
    fromForm = payloadFromForm,
    toForm = function() return nil end
}
--- Fields of any kind, in the order their elements are written.
____exports.ANY_KIND_FIELDS = {nick, delay, ____exports.payload, rsm}
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
local nestedStanza = ____field.nestedStanza
local ____core = require("src.mod_rest.map.core")
local ATTRIBUTES = ____core.ATTRIBUTES
local attributesFromJson = ____core.attributesFromJson
local attributesToJson = ____core.attributesToJson
local errorField = ____core.errorField
local inferKind = ____core.inferKind
local ____iq = require("src.mod_rest.map.iq")
local IQ_FIELDS = ____iq.IQ_FIELDS
local ____commands = require("src.mod_rest.map.commands")
local COMMAND_FIELDS = ____commands.COMMAND_FIELDS
local ____services = require("src.mod_rest.map.services")
local SERVICE_FIELDS = ____services.SERVICE_FIELDS
local ____archive = require("src.mod_rest.map.archive")
local ARCHIVE_FIELDS = ____archive.ARCHIVE_FIELDS
local ____presence = require("src.mod_rest.map.presence")
local PRESENCE_FIELDS = ____presence.PRESENCE_FIELDS
local ____message = require("src.mod_rest.map.message")
local MESSAGE_FIELDS = ____message.MESSAGE_FIELDS
local ____messaging = require("src.mod_rest.map.messaging")
local MESSAGING_FIELDS = ____messaging.MESSAGING_FIELDS
local ____dataforms = require("src.mod_rest.map.dataforms")
local DATAFORM_FIELDS = ____dataforms.DATAFORM_FIELDS
local ____payload = require("src.mod_rest.map.payload")
local ANY_KIND_FIELDS = ____payload.ANY_KIND_FIELDS
local ____unmapped = require("src.mod_rest.map.unmapped")
local UNMAPPED_DESCRIPTION = ____unmapped.UNMAPPED_DESCRIPTION
local unmappedFromJson = ____unmapped.unmappedFromJson
local unmappedToJson = ____unmapped.unmappedToJson
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
            local problem = mapper.shape.check(mapper.name, value) or mapper.fromJson(stanza, value)
            if problem ~= nil then
                return nil, problem
            end
        end
    end
    local unmapped = doc.unmapped
    if unmapped ~= nil then
        local problem = unmappedFromJson(stanza, unmapped)
        if problem ~= nil then
            return nil, problem
        end
    end
    stanza:reset()
    return stanza, nil
end
FIELDS = {}
local GROUPS = {
    IQ_FIELDS,
    COMMAND_FIELDS,
    SERVICE_FIELDS,
    ARCHIVE_FIELDS,
    PRESENCE_FIELDS,
    MESSAGE_FIELDS,
    MESSAGING_FIELDS,
    DATAFORM_FIELDS,
    ANY_KIND_FIELDS,
    {errorField}
}
for ____, group in ipairs(GROUPS) do
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
    local used = {}
    for ____, mapper in ipairs(FIELDS) do
        if mapper.kinds[kind] == true and doc[mapper.name] == nil then
            local value = mapper.toJson(stanza)
            if value ~= nil then
                doc[mapper.name] = value
                used[#used + 1] = mapper
            end
        end
    end
    doc.unmapped = unmappedToJson(stanza, used)
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
        if text ~= nil and doc[mapper.name] == nil then
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
____exports.UNMAPPED_DESCRIPTION = UNMAPPED_DESCRIPTION
nestedStanza.toJson = ____exports.stanzaToJson
nestedStanza.fromJson = ____exports.jsonToStanza
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
["src.mod_rest.formats"] = function(...) 
local ____exports = {}
local xml = require("util.xml")
local ____unmapped = require("src.mod_rest.map.unmapped")
local NS_SEPARATOR = ____unmapped.NS_SEPARATOR
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
local ____lazy_log = require("src.lib.lazy_log")
local topTag = ____lazy_log.topTag
____exports.XMPP_XML = "application/xmpp+xml"
____exports.JSON_TYPE = "application/json"
____exports.FORM = "application/x-www-form-urlencoded"
____exports.TEXT = "text/plain"
--- The output formats, in preference order (XML first).
____exports.STANZA_FORMATS = {____exports.XMPP_XML, ____exports.JSON_TYPE, ____exports.FORM}
local XMLNS_CLIENT = "jabber:client"
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
            topTag(stanza),
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
            if (string.find(name, NS_SEPARATOR, 1, true)) ~= nil then
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
local ____core = require("src.mod_rest.map.core")
local SET_PAYLOADS = ____core.SET_PAYLOADS
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local KINDS = setOf({"message", "presence", "iq"})
local IQ_TYPES = setOf({"get", "set", "result", "error"})
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
["src.lib.hook_records"] = function(...) 
local ____exports = {}
--- The per-id events send_iq hooks for an iq from a bare JID or a host.
local IQ_EVENT_PREFIXES = {"iq-result/bare/", "iq-error/bare/", "iq-result/host/", "iq-error/host/"}
--- Forget the empty records send_iq's hooks for the iq `id` left (once it settled).
function ____exports.forgetIqHooks(id)
    local host = hosts[module.host]
    if host == nil then
        return
    end
    for ____, prefix in ipairs(IQ_EVENT_PREFIXES) do
        local handlers = module.event_handlers:get(host.events, prefix .. id)
        if handlers ~= nil and (next(handlers)) == nil then
            module.event_handlers:remove(host.events, prefix .. id)
        end
    end
end
return ____exports
 end,
["src.mod_rest.send"] = function(...) 
local ____exports = {}
local waiting
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
local ____lazy_log = require("src.lib.lazy_log")
local topTag = ____lazy_log.topTag
local ____hook_records = require("src.lib.hook_records")
local forgetIqHooks = ____hook_records.forgetIqHooks
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
--- A presence to the sender's own account without a type (or unavailable,
-- or error): a broadcast, which needs a real client session. An error one
-- also made mod_presence raise (error_reply to an error stanza).
local function isBroadcast(stanza, sender)
    if stanza.name ~= "presence" or sender.username == nil then
        return false
    end
    local to = stanza.attr.to
    local stanzaType = stanza.attr.type
    local broadcastType = stanzaType == nil or stanzaType == "unavailable" or stanzaType == "error"
    return (to == nil or jid.bare(to) == sender.bare) and broadcastType
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
                topTag(stanza),
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
            topTag(stanza)
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
        topTag(stanza),
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
        topTag(stanza),
        sender.jid,
        tostring(timeout)
    )
    return promiselib.new(function(resolve)
        waiting[resolve] = true
        module:send_iq(stanza, origin, timeout):next(
            function(event) return {
                status = 200,
                reply = answerOf(event.stanza, clientId, internalId, collector)
            } end,
            function(reason) return rejectionOf(reason, clientId, internalId, collector) end
        ):finally(function()
            collector.closed = true
            addPending(sender.bare, -1)
            forgetIqHooks(internalId)
            if unhook ~= nil then
                unhook()
            end
        end):next(function(result)
            waiting[resolve] = nil
            resolve(result)
        end)
    end)
end
--- The iq requests waiting for replies. send_iq's reply hook and timer
-- belong to this module instance and go with it: on unload (a reload
-- too) each is answered 503 rather than left hanging.
waiting = {}
--- Answer every iq request still waiting with 503 `unloading` (module.unload).
function ____exports.abandonWaitingIqs()
    for settle in pairs(waiting) do
        waiting[settle] = nil
        settle(errors.new("unloading"))
    end
end
return ____exports
 end,
["src.lib.yaml"] = function(...) 
local ____exports = {}
local json = require("src.lib.json")
--- Plain words YAML 1.1 or 1.2 readers take for booleans or null.
local RESERVED = {}
for ____, word in ipairs({
    "y",
    "n",
    "yes",
    "no",
    "on",
    "off",
    "true",
    "false",
    "null",
    "~"
}) do
    RESERVED[word] = true
end
--- JSON's short escapes; every other control byte is written \u00XX.
local SHORT_ESCAPES = {
    ["\""] = "\\\"",
    ["\\"] = "\\\\",
    ["\b"] = "\\b",
    ["\f"] = "\\f",
    ["\n"] = "\\n",
    ["\r"] = "\\r",
    ["\t"] = "\\t"
}
local function escapeByte(char)
    return SHORT_ESCAPES[char] or string.format(
        "\\u%04X",
        string.byte(char)
    )
end
--- Characters YAML reads as line breaks or markers, though JSON does not (NEL, LS, PS, BOM), as UTF-8 bytes.
local UNICODE_ESCAPES = {
    {
        string.char(194, 133),
        "\\u0085"
    },
    {
        string.char(226, 128, 168),
        "\\u2028"
    },
    {
        string.char(226, 128, 169),
        "\\u2029"
    },
    {
        string.char(239, 187, 191),
        "\\uFEFF"
    }
}
--- A string as a double-quoted YAML scalar, which is also a JSON string.
function ____exports.quote(text)
    local escaped = (string.gsub(text, "[%c\"\\]", escapeByte))
    for ____, ____value in ipairs(UNICODE_ESCAPES) do
        local bytes = ____value[1]
        local escape = ____value[2]
        escaped = (string.gsub(escaped, bytes, escape))
    end
    return ("\"" .. escaped) .. "\""
end
--- True when `text` reads back as the same string unquoted: letters,
-- digits, spaces and `_./-()`, starting with a letter, `_` or `/`, not
-- ending with a space, and not a word read as a boolean or null.
local function isPlain(text)
    if (string.find(text, "^[%a_/][%w_%./%-() ]*$")) == nil or string.sub(text, -1) == " " then
        return false
    end
    return not (RESERVED[string.lower(text)] ~= nil)
end
local function scalarText(text)
    return isPlain(text) and text or ____exports.quote(text)
end
--- A number as JSON writes it: integers in decimal, others with enough digits to read back the same.
local function numberText(n)
    if n ~= n or n == math.huge or n == -math.huge then
        return "null"
    end
    if math.floor(n) == n and math.abs(n) < 2 ^ 53 then
        return string.format("%d", n)
    end
    local short = string.format("%.14g", n)
    return tonumber(short) == n and short or string.format("%.17g", n)
end
--- True for a value written as a YAML sequence.
local function isList(value)
    if getmetatable(value) ~= nil then
        return true
    end
    local count = 0
    for key in pairs(value) do
        if type(key) ~= "number" then
            return false
        end
        count = count + 1
    end
    return count > 0 and #value == count
end
--- Keys in output order: those of `preferred` in its order, then the others sorted.
local function sortedKeys(value, rank)
    local keys = {}
    for key in pairs(value) do
        keys[#keys + 1] = tostring(key)
    end
    table.sort(
        keys,
        function(a, b)
            local ra = rank[a]
            local rb = rank[b]
            if ra ~= nil or rb ~= nil then
                if ra == nil then
                    return false
                end
                if rb == nil then
                    return true
                end
                return ra < rb
            end
            return a < b
        end
    )
    return keys
end
--- A scalar or an empty collection on one line; nil for a non-empty collection.
local function inline(value)
    if value == json.NULL or value == nil then
        return "null"
    end
    local luaType = type(value)
    if luaType == "boolean" then
        return value == true and "true" or "false"
    elseif luaType == "number" then
        return numberText(value)
    elseif luaType == "string" then
        return scalarText(value)
    elseif luaType ~= "table" then
        return "null"
    end
    if (next(value)) == nil then
        return getmetatable(value) == nil and "{}" or "[]"
    end
    return nil
end
--- Write a non-empty collection as lines, each indented by `indent` spaces.
local function block(value, indent, rank, lines)
    if isList(value) then
        do
            local i = 1
            while i <= #value do
                local item = value[i]
                local one = inline(item)
                if one ~= nil then
                    lines[#lines + 1] = (indent .. "- ") .. one
                else
                    local first = #lines
                    block(item, indent .. "  ", rank, lines)
                    lines[first + 1] = (indent .. "- ") .. string.sub(lines[first + 1], #indent + 3)
                end
                i = i + 1
            end
        end
        return
    end
    for ____, key in ipairs(sortedKeys(value, rank)) do
        local item = value[key]
        local one = inline(item)
        if one ~= nil then
            lines[#lines + 1] = ((indent .. scalarText(key)) .. ": ") .. one
        else
            lines[#lines + 1] = (indent .. scalarText(key)) .. ":"
            block(item, indent .. "  ", rank, lines)
        end
    end
end
--- The YAML text of a JSON-like value, ending with a newline. `preferred`
-- keys come first in every object, in that order (e.g. OpenAPI's
-- `openapi`, `info`, `paths`); other keys follow in byte order.
function ____exports.encode(value, preferred)
    local rank = {}
    if preferred ~= nil then
        do
            local i = 0
            while i < #preferred do
                rank[preferred[i + 1]] = i
                i = i + 1
            end
        end
    end
    local one = inline(value)
    if one ~= nil then
        return one .. "\n"
    end
    local lines = {}
    block(value, "", rank, lines)
    return table.concat(lines, "\n") .. "\n"
end
return ____exports
 end,
["src.mod_rest.map.schema"] = function(...) 
local ____exports = {}
local ____shape = require("src.mod_rest.map.shape")
local STANZA_REF = ____shape.STANZA_REF
local ____core = require("src.mod_rest.map.core")
local ATTRIBUTES = ____core.ATTRIBUTES
local KIND_BY_TYPE = ____core.KIND_BY_TYPE
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____index = require("src.mod_rest.map.index")
local UNMAPPED_DESCRIPTION = ____index.UNMAPPED_DESCRIPTION
local fieldMappers = ____index.fieldMappers
____exports.SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
--- Kinds in the order they are named in descriptions.
local KIND_ORDER = {"message", "presence", "iq"}
--- The `type` words of every kind (RFC 6120/6121), from core.ts's table, sorted; presence without type is "available".
local TYPE_WORDS = {"error"}
for word in pairs(KIND_BY_TYPE) do
    TYPE_WORDS[#TYPE_WORDS + 1] = word
end
table.sort(TYPE_WORDS)
--- What each attribute field is.
local ATTRIBUTE_DESCRIPTIONS = {
    to = "The recipient's address (the `to` attribute).",
    from = "The sender's address (the `from` attribute); on input the module sets it from the credentials.",
    id = "The stanza id (the `id` attribute); generated when absent.",
    lang = "The language of the stanza's texts (the `xml:lang` attribute)."
}
--- Keywords whose value is a schema.
local SCHEMA_KEYS = setOf({
    "items",
    "additionalProperties",
    "propertyNames",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "unevaluatedProperties"
})
--- Keywords whose value is a map of names to schemas.
local SCHEMA_MAP_KEYS = setOf({"properties", "$defs", "patternProperties", "dependentSchemas"})
--- Keywords whose value is a list of schemas.
local SCHEMA_LIST_KEYS = setOf({"anyOf", "oneOf", "allOf", "prefixItems"})
--- True for a table holding only the sequence 1..n (n ≥ 1).
local function isSequence(value)
    local count = 0
    for key in pairs(value) do
        if type(key) ~= "number" then
            return false
        end
        count = count + 1
    end
    return count > 0 and #value == count
end
--- A whole number as an integer where Lua has them (5.3+): util.json writes
-- a float with 14 digits, so 2^53 - 1 written as a float would change.
local function exactNumber(n)
    if math.floor(n) == n and math.abs(n) < 2 ^ 53 then
        return tonumber(string.format("%d", n))
    end
    return n
end
--- A deep copy of a JSON value; an empty list stays an empty table (the caller drops it).
local function copyValue(value)
    if type(value) == "number" then
        return exactNumber(value)
    end
    if type(value) ~= "table" then
        return value
    end
    local copy = {}
    for key, item in pairs(value) do
        copy[key] = copyValue(item)
    end
    return copy
end
--- A deep copy of a schema with each `$ref` passed through `refTo`, empty
-- lists and maps left out; a schema (boolean or table) as JSON Schema
-- takes it.
function ____exports.copySchema(schema, refTo)
    if type(schema) ~= "table" then
        return schema
    end
    local copy = {}
    for key, value in pairs(schema) do
        if key == "$ref" then
            copy[key] = refTo(value)
        elseif SCHEMA_KEYS[key] ~= nil then
            copy[key] = ____exports.copySchema(value, refTo)
        elseif SCHEMA_MAP_KEYS[key] ~= nil then
            local map = {}
            local filled = false
            for name, item in pairs(value) do
                map[name] = ____exports.copySchema(item, refTo)
                filled = true
            end
            if filled then
                copy[key] = map
            end
        elseif SCHEMA_LIST_KEYS[key] ~= nil then
            local list = {}
            for ____, item in ipairs(value) do
                list[#list + 1] = ____exports.copySchema(item, refTo)
            end
            if #list > 0 then
                copy[key] = list
            end
        elseif type(value) ~= "table" or isSequence(value) or (next(value)) ~= nil then
            copy[key] = copyValue(value)
        end
    end
    return copy
end
--- "message", "message and iq", "message, presence and iq".
function ____exports.kindsText(mapper)
    local names = {}
    for ____, kind in ipairs(KIND_ORDER) do
        if mapper.kinds[kind] == true then
            names[#names + 1] = kind
        end
    end
    local last = table.remove(names)
    if #names == 0 then
        return last or ""
    end
    return (table.concat(names, ", ") .. " and ") .. tostring(last)
end
--- A mapper's description with its specification and kinds.
function ____exports.mapperDescription(mapper)
    local text = ((((mapper.description .. " ") .. mapper.spec) .. ", in ") .. ____exports.kindsText(mapper)) .. " stanzas."
    if mapper.implies ~= nil then
        text = ((text .. " Implies kind ") .. mapper.implies) .. " when kind and type say nothing."
    end
    return text
end
--- The mappers grouped by JSON name, names in registry order.
function ____exports.mappersByName()
    local names = {}
    local byName = {}
    for ____, mapper in ipairs(fieldMappers()) do
        local group = byName[mapper.name]
        if group == nil then
            group = {}
            byName[mapper.name] = group
            names[#names + 1] = mapper.name
        end
        group[#group + 1] = mapper
    end
    return names, byName
end
--- One mapper's schema: its shape's, described.
local function mapperSchema(mapper, refTo)
    local schema = ____exports.copySchema(mapper.shape.schema, refTo)
    local own = mapper.shape.schema.description
    local described = ____exports.mapperDescription(mapper)
    schema.description = own ~= nil and own ~= mapper.description and (described .. " ") .. own or described
    return schema
end
--- The schema of a field several mappers share (different kinds): one of theirs (anyOf).
local function sharedSchema(group, refTo)
    if #group == 1 then
        return mapperSchema(group[1], refTo)
    end
    local branches = {}
    local texts = {}
    for ____, mapper in ipairs(group) do
        branches[#branches + 1] = mapperSchema(mapper, refTo)
        texts[#texts + 1] = (((("In " .. ____exports.kindsText(mapper)) .. " stanzas (") .. mapper.spec) .. "): ") .. mapper.description
    end
    return {
        anyOf = branches,
        description = table.concat(texts, " ")
    }
end
--- The schema of one stanza document: kind, type, to, from, id, lang, every
-- mapped field and `unmapped`. Other keys are ignored by the server, so
-- they are allowed. `stanzaRef` is where this schema is (nested stanzas
-- refer to it).
function ____exports.stanzaSchema(stanzaRef)
    local function refTo(ref)
        return ref == STANZA_REF and stanzaRef or ref
    end
    local properties = {
        kind = {
            type = "string",
            enum = {"message", "presence", "iq"},
            description = "The stanza kind; when absent it is inferred: from `type`, else from the first field that implies " ..
                "one, else message."
        },
        type = {
            type = "string",
            enum = TYPE_WORDS,
            description = "The stanza type, one of the kind's (RFC 6120/6121); a presence without type is `available`."
        }
    }
    for ____, ____value in ipairs(ATTRIBUTES) do
        local jsonName = ____value[1]
        properties[jsonName] = {
            type = "string",
            description = ATTRIBUTE_DESCRIPTIONS[jsonName] or ("The " .. jsonName) .. " attribute."
        }
    end
    local names, byName = ____exports.mappersByName()
    for ____, name in ipairs(names) do
        properties[name] = sharedSchema(byName[name], refTo)
    end
    properties.unmapped = {
        type = "array",
        items = {type = "string", contentMediaType = "application/xml"},
        description = UNMAPPED_DESCRIPTION
    }
    return {
        type = "object",
        title = "Stanza",
        description = "One stanza (message, presence or iq) as a JSON document; fields a kind does not have are ignored.",
        properties = properties,
        ["not"] = {type = "object", properties = {xmpp = {}}, required = {"xmpp"}}
    }
end
--- The wrapper of several iq replies (an `<xmpp>` element in XML).
function ____exports.wrapperSchema(stanzaRef)
    return {
        type = "object",
        title = "Stanzas",
        description = "Several stanzas (the replies to an iq sent to several resources), in order.",
        properties = {xmpp = {type = "array", items = {["$ref"] = stanzaRef}}},
        required = {"xmpp"}
    }
end
--- The JSON Schema (draft 2020-12) of a mod_rest JSON document: one stanza
-- (`$defs.stanza`) or `{ xmpp: [stanza, ...] }`.
function ____exports.mappingSchema()
    return {
        ["$schema"] = ____exports.SCHEMA_DIALECT,
        title = "mod_rest JSON mapping",
        description = "A stanza as mod_rest's JSON documents hold it (requests, answers and webhooks), or several in `xmpp` " ..
            "(the replies to one iq).",
        anyOf = {{["$ref"] = STANZA_REF}, {["$ref"] = "#/$defs/stanzas"}},
        ["$defs"] = {
            stanza = ____exports.stanzaSchema(STANZA_REF),
            stanzas = ____exports.wrapperSchema(STANZA_REF)
        }
    }
end
--- Names of the payloads an iq path or a GET can name: fields of iq stanzas that imply iq.
function ____exports.iqPayloadNames()
    local names = {}
    local all, byName = ____exports.mappersByName()
    for ____, name in ipairs(all) do
        for ____, mapper in ipairs(byName[name]) do
            if mapper.implies == "iq" then
                names[#names + 1] = name
                break
            end
        end
    end
    return names
end
--- The schema of a flat form (application/x-www-form-urlencoded): one string per field a form can express.
function ____exports.formSchema()
    local properties = {
        kind = {
            type = "string",
            enum = {"message", "presence", "iq"},
            description = "The stanza kind (inferred when absent)."
        },
        type = {type = "string", enum = TYPE_WORDS, description = "The stanza type."}
    }
    for ____, ____value in ipairs(ATTRIBUTES) do
        local jsonName = ____value[1]
        properties[jsonName] = {
            type = "string",
            description = ATTRIBUTE_DESCRIPTIONS[jsonName] or ("The " .. jsonName) .. " attribute."
        }
    end
    local names, byName = ____exports.mappersByName()
    for ____, name in ipairs(names) do
        local texts = {}
        for ____, mapper in ipairs(byName[name]) do
            if mapper.form ~= nil then
                texts[#texts + 1] = ((((mapper.description .. " In a form: ") .. mapper.form) .. " (") .. ____exports.kindsText(mapper)) .. ")."
            end
        end
        if #texts > 0 then
            properties[name] = {
                type = "string",
                description = table.concat(texts, " ")
            }
        end
    end
    return {
        type = "object",
        title = "Stanza form",
        description = "The flat fields of a stanza; fields a form cannot hold (objects, lists) need JSON.",
        properties = properties
    }
end
return ____exports
 end,
["src.mod_rest.openapi"] = function(...) 
local ____exports = {}
local json = require("src.lib.json")
local yaml = require("src.lib.yaml")
local ____respond = require("src.lib.respond")
local answered = ____respond.answered
local ____errors = require("src.mod_rest.errors")
local errors = ____errors.errors
local ____shape = require("src.mod_rest.map.shape")
local STANZA_REF = ____shape.STANZA_REF
local ____field = require("src.mod_rest.map.field")
local jsonArray = ____field.jsonArray
local ____path = require("src.mod_rest.path")
local payloadType = ____path.payloadType
local ____schema = require("src.mod_rest.map.schema")
local copySchema = ____schema.copySchema
local formSchema = ____schema.formSchema
local iqPayloadNames = ____schema.iqPayloadNames
local mappingSchema = ____schema.mappingSchema
local stanzaSchema = ____schema.stanzaSchema
local wrapperSchema = ____schema.wrapperSchema
local XML = "application/xmpp+xml"
local JSON_TYPE = "application/json"
local FORM = "application/x-www-form-urlencoded"
local TEXT = "text/plain"
--- Where the mapping's schemas live in the OpenAPI document.
local SCHEMAS = "#/components/schemas"
local STANZA = SCHEMAS .. "/Stanza"
--- The order of the top-level keys (and of common ones below them) in the YAML text.
____exports.OPENAPI_KEY_ORDER = {
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "security",
    "tags",
    "paths",
    "components",
    "title",
    "summary",
    "description",
    "version",
    "operationId",
    "parameters",
    "requestBody",
    "responses"
}
local function ref(name)
    return {["$ref"] = (SCHEMAS .. "/") .. name}
end
local function text(description)
    return {type = "string", description = description}
end
local KIND_PARAMETER = {
    name = "kind",
    ["in"] = "path",
    required = true,
    description = "The stanza kind.",
    schema = {type = "string", enum = {"message", "presence", "iq"}}
}
local TYPE_PARAMETER = {
    name = "type",
    ["in"] = "path",
    required = true,
    description = "The stanza type, one of the kind's (message: normal, chat, headline, groupchat; presence: available, " ..
        "unavailable, subscribe, subscribed, unsubscribe, unsubscribed, probe; iq: get, set); for an iq, a " ..
        "payload name instead (see /iq/{payload}/{to}).",
    schema = {type = "string", pattern = "^[A-Za-z0-9_-]+$"}
}
local TO_PARAMETER = {
    name = "to",
    ["in"] = "path",
    required = true,
    description = "The recipient: the rest of the path, which may hold `/` (a full JID). To send without `to` (to the " ..
        "account itself or its server), end the path after the type, with or without a slash.",
    schema = {type = "string"}
}
--- "Sent with type set: a, b; the others with get." from path.ts's rule.
local function payloadTypes(names)
    local set = {}
    for ____, name in ipairs(names) do
        if payloadType(name) == "set" then
            set[#set + 1] = name
        end
    end
    return #set == 0 and "Sent with type get." or ("Sent with type set: " .. table.concat(set, ", ")) .. "; the others with get."
end
local function payloadParameter()
    local names = iqPayloadNames()
    return {
        name = "payload",
        ["in"] = "path",
        required = true,
        description = "The iq payload: a field of the JSON mapping that is an iq payload. " .. payloadTypes(names),
        schema = {type = "string", enum = names}
    }
end
local TIMEOUT_PARAMETER = {
    name = "Prosody-Rest-Timeout",
    ["in"] = "header",
    required = false,
    description = "How long to wait for the reply to an iq, in seconds (default rest_iq_timeout, at least 1, at most " ..
        "rest_iq_max_timeout).",
    schema = {type = "number", minimum = 1}
}
local QUERY_PARAMETER = {
    name = "fields",
    ["in"] = "query",
    required = false,
    style = "form",
    explode = true,
    description = "The payload's fields as flat strings (e.g. `node` for disco, `with` and `max` for archive); with " ..
        "none, the payload's empty value (ping, version: true).",
    schema = {type = "object", additionalProperties = {type = "string"}}
}
local XML_EXAMPLE = "<message type='chat' to='juliet@example.com'><body>Hello!</body></message>"
local function stanzaContent()
    return {
        [XML] = {
            schema = text("One message, presence or iq element, namespace jabber:client or none."),
            example = XML_EXAMPLE
        },
        [JSON_TYPE] = {
            schema = {["$ref"] = STANZA},
            example = {kind = "message", type = "chat", to = "juliet@example.com", body = "Hello!"}
        },
        [FORM] = {
            schema = ref("StanzaForm"),
            example = {kind = "message", type = "chat", to = "juliet@example.com", body = "Hello!"}
        }
    }
end
local function stanzaBody()
    return {
        required = true,
        description = "The stanza to send, in one of the formats; text/plain needs a path saying the kind (422 here).",
        content = stanzaContent()
    }
end
local function pathBody()
    local content = stanzaContent()
    content[TEXT] = {schema = text("With a message path: the body; with a presence path: the show.")}
    return {
        required = false,
        description = "The rest of the stanza: kind, type and `to` come from the path and win over the body's. An XML body " ..
            "must be an element of the path's kind.",
        content = content
    }
end
local function payloadBody()
    return {
        required = false,
        description = "The payload's value (JSON) or its fields (a form); no body: the payload's empty value (e.g. a ping).",
        content = {
            [JSON_TYPE] = {schema = {description = "The payload field's value, as in the JSON mapping (e.g. `true`, `{\"node\": \"...\"}`)."}},
            [FORM] = {schema = {type = "object", additionalProperties = {type = "string"}}}
        }
    }
end
--- The registry's errors answering with `status`, as "condition: text" lines (sorted by key).
local function errorTexts(status)
    local keys = {}
    for key, template in pairs(errors.registry) do
        if template.code == status then
            keys[#keys + 1] = key
        end
    end
    table.sort(keys)
    local lines = {}
    local registry = errors.registry
    for ____, key in ipairs(keys) do
        local template = registry[key]
        lines[#lines + 1] = (template.condition .. ": ") .. (template.text or key)
    end
    return lines
end
--- Every status of the registry, ascending.
local function errorStatuses()
    local seen = {}
    local list = {}
    for ____, template in pairs(errors.registry) do
        local code = template.code or 500
        if not (seen[code] ~= nil) then
            seen[code] = true
            list[#list + 1] = code
        end
    end
    table.sort(list)
    return list
end
local ERROR_HEADERS = {
    ["401"] = {["WWW-Authenticate"] = {description = "One challenge per enabled mechanism (Basic, Bearer).", schema = {type = "string"}}},
    ["429"] = {["Retry-After"] = {
        description = "Seconds to wait (after too many failed authentications).",
        schema = {type = "string"}
    }}
}
local function errorResponse(status)
    local response = {
        description = table.concat(
            errorTexts(status),
            "; "
        ) .. ".",
        content = {
            [JSON_TYPE] = {schema = ref("Error")},
            [XML] = {schema = text("A stream error element: <error xmlns='http://etherx.jabber.org/streams'> with the condition and a " ..
                "<text/>.")},
            [TEXT] = {schema = text("The error text, one line.")}
        }
    }
    local headers = ERROR_HEADERS[tostring(status)]
    if headers ~= nil then
        response.headers = headers
    end
    return response
end
--- The error answers of an operation: every registry status but those in
-- `except`. The body's format follows Accept (JSON, XML or text), else the
-- request's.
local function errorResponses(responses, except)
    local skip = {}
    for ____, status in ipairs(except) do
        skip[status] = true
    end
    for ____, status in ipairs(errorStatuses()) do
        if not (skip[status] ~= nil) then
            responses[tostring(status)] = errorResponse(status)
        end
    end
    return responses
end
local function stanzaAnswer(description)
    return {
        description = description .. " In the format Accept prefers, else the request's, else XML.",
        content = {
            [XML] = {schema = text("The stanza (or an <xmpp> element holding several).")},
            [JSON_TYPE] = {schema = ref("Document")},
            [FORM] = {schema = ref("StanzaForm")}
        }
    }
end
local SENT = {description = "Sent (a message or presence): no body."}
--- Answers of an operation that sends: 202 for message and presence, 200 with the reply of an iq.
local function sendingResponses()
    return errorResponses(
        {
            ["200"] = stanzaAnswer("The reply to the iq."),
            ["202"] = SENT
        },
        {}
    )
end
local function DOCUMENT_RESPONSES(contentType, schema)
    return {["200"] = {description = "The document.", content = {[contentType] = {schema = schema}}}}
end
local function documentOperation(summary, operationId, contentType, schema)
    return {get = {
        summary = summary,
        operationId = operationId,
        tags = {"documents"},
        security = jsonArray(),
        responses = DOCUMENT_RESPONSES(contentType, schema)
    }}
end
local function paths()
    local function sendByPath(summary, operationId, parameters)
        return {post = {
            summary = summary,
            operationId = operationId,
            tags = {"stanzas"},
            parameters = parameters,
            requestBody = pathBody(),
            responses = sendingResponses()
        }}
    end
    local function sendPayload(operationId, withTo)
        return {post = {
            summary = withTo and "Send an iq with this payload to `to`" or "Send an iq with this payload, without `to`",
            operationId = operationId,
            tags = {"iq"},
            parameters = withTo and ({
                payloadParameter(),
                TO_PARAMETER,
                TIMEOUT_PARAMETER
            }) or ({
                payloadParameter(),
                TIMEOUT_PARAMETER
            }),
            requestBody = payloadBody(),
            responses = errorResponses(
                {["200"] = stanzaAnswer("The reply to the iq.")},
                {}
            )
        }}
    end
    local function getPayload(operationId, withTo)
        return {get = {
            summary = withTo and "Send an iq with this payload, built from the query, to `to`" or "The same, without `to`",
            description = payloadTypes(iqPayloadNames()),
            operationId = operationId,
            tags = {"iq"},
            parameters = withTo and ({
                payloadParameter(),
                TO_PARAMETER,
                QUERY_PARAMETER,
                TIMEOUT_PARAMETER
            }) or ({
                payloadParameter(),
                QUERY_PARAMETER,
                TIMEOUT_PARAMETER
            }),
            responses = errorResponses(
                {["200"] = stanzaAnswer("The reply to the iq.")},
                {415}
            )
        }}
    end
    return {
        ["/"] = {post = {
            summary = "Send a stanza",
            description = "Sends the stanza of the body: 202 for a message or presence, 200 with the reply for an iq.",
            operationId = "send",
            tags = {"stanzas"},
            parameters = {TIMEOUT_PARAMETER},
            requestBody = stanzaBody(),
            responses = sendingResponses()
        }},
        ["/echo"] = {post = {
            summary = "Build a stanza without sending it",
            description = "Answers the stanza as it would be sent (from, id and addresses rewritten); sends nothing.",
            operationId = "echo",
            tags = {"stanzas"},
            requestBody = stanzaBody(),
            responses = errorResponses(
                {["200"] = stanzaAnswer("The stanza as it would be sent.")},
                {503, 504}
            )
        }},
        ["/{kind}/{type}/{to}"] = sendByPath(
            "Send a stanza whose kind, type and recipient the path gives",
            "sendTo",
            {KIND_PARAMETER, TYPE_PARAMETER, TO_PARAMETER, TIMEOUT_PARAMETER}
        ),
        ["/{kind}/{type}/"] = sendByPath(
            "The same, without `to` (also without the final slash)",
            "sendWithoutTo",
            {KIND_PARAMETER, TYPE_PARAMETER, TIMEOUT_PARAMETER}
        ),
        ["/iq/{payload}/{to}"] = sendPayload("sendPayloadTo", true),
        ["/iq/{payload}/"] = sendPayload("sendPayload", false),
        ["/{payload}/{to}"] = getPayload("getPayloadTo", true),
        ["/{payload}"] = getPayload("getPayload", false),
        ["/openapi.yaml"] = documentOperation("This document, in YAML", "openApiYaml", "application/yaml", {type = "string"}),
        ["/openapi.json"] = documentOperation("This document, in JSON", "openApiJson", JSON_TYPE, {type = "object"}),
        ["/schema.json"] = documentOperation(
            "The JSON Schema (draft 2020-12) of the JSON mapping",
            "mappingSchema",
            "application/schema+json",
            {type = "object"}
        )
    }
end
local ERROR_SCHEMA = {
    type = "object",
    title = "Error",
    description = "An error answer in JSON.",
    properties = {
        type = {const = "error"},
        error = {
            type = "object",
            properties = {
                type = {
                    type = "string",
                    enum = {
                        "auth",
                        "cancel",
                        "continue",
                        "modify",
                        "wait"
                    },
                    description = "The XMPP error type."
                },
                condition = {type = "string", description = "The XMPP condition (stanza or stream error condition)."},
                text = {type = "string", description = "What went wrong."}
            },
            required = {"type", "condition"}
        },
        code = {type = "integer", description = "The HTTP status."}
    },
    required = {"type", "error", "code"}
}
local function components()
    local function refTo(target)
        return target == STANZA_REF and STANZA or target
    end
    return {
        securitySchemes = {
            basic = {
                type = "http",
                scheme = "basic",
                description = "The account's JID (or its localpart) and password; on a Component, its domain and component_secret."
            },
            bearer = {type = "http", scheme = "bearer", description = "A token of mod_tokenauth (e.g. from OAuth2)."}
        },
        schemas = {
            Stanza = stanzaSchema(STANZA),
            Stanzas = wrapperSchema(STANZA),
            Document = {
                anyOf = {
                    {["$ref"] = STANZA},
                    ref("Stanzas")
                },
                description = "One stanza, or several in `xmpp`."
            },
            StanzaForm = copySchema(
                formSchema(),
                refTo
            ),
            Error = ERROR_SCHEMA
        }
    }
end
--- The OpenAPI 3.1 document of the API at `baseUrl` (e.g.
-- "https://example.com:5281/rest", or "/rest"); `version` is the module's
-- version when known.
function ____exports.openApiDocument(baseUrl, version)
    return {
        openapi = "3.1.0",
        info = {
            title = "mod_rest",
            version = version or "unknown",
            summary = "Send and receive XMPP stanzas over HTTP",
            description = "A RESTful API of a Prosody host: stanzas in XML (application/xmpp+xml), JSON or flat forms. The JSON " ..
                "mapping is published as a JSON Schema at schema.json.",
            license = {name = "MIT", identifier = "MIT"}
        },
        servers = {{url = baseUrl}},
        security = {
            {basic = jsonArray()},
            {bearer = jsonArray()}
        },
        tags = {
            {name = "stanzas", description = "Send any stanza."},
            {name = "iq", description = "Send an iq naming its payload; the answer is the reply."},
            {name = "documents", description = "This API's documents (no credentials needed)."}
        },
        paths = paths(),
        components = components()
    }
end
--- The module's version, from the banner of its file ("-- name 1.2.3, MIT licence."), when it has one.
local function moduleVersion()
    if module.path == nil then
        return nil
    end
    local file = io.open(module.path, "r")
    if file == nil then
        return nil
    end
    file:read("*l")
    local line = file:read("*l")
    file:close()
    if type(line) ~= "string" then
        return nil
    end
    local version = string.match(line, "^%-%- %S+ (%d[^,%s]*),")
    return version
end
local function serve(contentType, body)
    local cached
    return function(event)
        cached = cached or body()
        answered(200)
        event.response.status_code = 200
        event.response.headers.content_type = contentType
        event.response:send(cached)
        return true
    end
end
--- The handlers of each base URL, built once per load (the demo asks for them too).
local routesByUrl = {}
--- The routes serving the documents, relative to the API's path: "GET
-- /openapi.yaml", "GET /openapi.json", "GET /schema.json". Each text is
-- built on its first request and kept.
function ____exports.openApiRoutes(baseUrl)
    local known = routesByUrl[baseUrl]
    if known ~= nil then
        return known
    end
    local document
    local function openApi()
        document = document or ____exports.openApiDocument(
            baseUrl,
            moduleVersion()
        )
        return document
    end
    local routes = {
        ["GET /openapi.yaml"] = serve(
            "application/yaml",
            function() return yaml.encode(
                openApi(),
                ____exports.OPENAPI_KEY_ORDER
            ) end
        ),
        ["GET /openapi.json"] = serve(
            JSON_TYPE,
            function() return json.encode(openApi()) end
        ),
        ["GET /schema.json"] = serve(
            "application/schema+json",
            function() return json.encode(mappingSchema()) end
        )
    }
    routesByUrl[baseUrl] = routes
    return routes
end
return ____exports
 end,
["src.mod_rest.demo"] = function(...) 
local ____exports = {}
local json = require("src.lib.json")
local ____openapi = require("src.mod_rest.openapi")
local openApiRoutes = ____openapi.openApiRoutes
--- Where the page reads the document, relative to the API's base URL.
local DOCUMENT_PATH = "/demo/openapi.yaml"
--- Swagger UI's configuration file (the index.html of current Swagger UI
-- loads it), replacing the folder's, which shows the petstore. Without the online
-- validator, whose badge is an image from elsewhere (the policy refuses it).
local function initializer(documentUrl)
    return table.concat(
        {
            "window.onload = function () {",
            "  window.ui = SwaggerUIBundle({",
            ("    url: " .. json.encode(documentUrl)) .. ",",
            "    dom_id: \"#swagger-ui\",",
            "    deepLinking: true,",
            "    validatorUrl: \"none\",",
            "    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],",
            "    plugins: [SwaggerUIBundle.plugins.DownloadUrl],",
            "    layout: \"StandaloneLayout\"",
            "  });",
            "};",
            ""
        },
        "\n"
    )
end
--- Older folders (Swagger UI 3) configure the page in an inline
-- script of index.html: point its `url:` at our document, and switch off the
-- online validator. Newer ones are left as they are.
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
--- The page may load only its own folder's scripts, styles and images (Swagger
-- UI sets inline styles and embeds its icons as data: URLs) and call only
-- this server; it may not be framed. Inline scripts only for an older
-- folder's index.html, which configures the page in one.
local function contentSecurityPolicy(inlineScripts)
    return table.concat(
        {
            "default-src 'self' data:",
            "style-src 'self' 'unsafe-inline'",
            inlineScripts and "script-src 'self' 'unsafe-inline'" or "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'"
        },
        "; "
    )
end
local MIME_TYPES = {
    html = "text/html",
    css = "text/css",
    js = "application/javascript",
    map = "application/json",
    json = "application/json",
    png = "image/png",
    svg = "image/svg+xml"
}
--- The demo routes for the folder, relative to the API's base path (baseUrl is where the API is published).
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
    local documentUrl = baseUrl .. DOCUMENT_PATH
    local routes = {
        ["GET /"] = {status_code = 303, headers = {location = baseUrl .. "/demo/"}},
        ["GET /demo/*"] = serve,
        ["GET /demo/swagger-initializer.js"] = {
            headers = {content_type = "application/javascript"},
            body = initializer(documentUrl)
        }
    }
    routes["GET " .. DOCUMENT_PATH] = openApiRoutes(baseUrl)["GET /openapi.yaml"]
    if index ~= nil then
        local inlineConfiguration = string.find(index, "SwaggerUIBundle", 1, true)
        routes["GET /demo/"] = {
            headers = {
                content_type = "text/html",
                content_security_policy = contentSecurityPolicy(inlineConfiguration ~= nil)
            },
            body = pointedAt(index, documentUrl)
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
local breakerSettings = ____webhook.breakerSettings
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
local ____lazy_log = require("src.lib.lazy_log")
local topTag = ____lazy_log.topTag
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
            topTag(stanza)
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
            topTag(stanza)
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
--- A bug of ours while answering: log it, and the sender still gets its one answer.
local function answerAfterBug(exchange, err)
    module:log(
        "error",
        "Failed to handle the webhook answer for %s: %s",
        exchange.original.stanza:top_tag(),
        tostring(err)
    )
    sendError(exchange, "cancel", "internal-server-error")
end
--- Each delivery's outcome, for its exchange (one table for all: no closures per stanza).
local ANSWERING = {answered = handleAnswer, failed = handleFailure, broke = answerAfterBug}
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
        topTag(stanza)
    )
    callback.webhook.deliver(
        url,
        body,
        requestHeaders(format, stanza.attr["xml:lang"]),
        ANSWERING,
        exchange
    )
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
            maxBody = MAX_ANSWER_SIZE,
            breaker = breakerSettings(
                positiveIntegerOption("rest_callback_breaker_failures", 5, true),
                periodOption("rest_callback_breaker_cooldown", 1),
                periodOption("rest_callback_breaker_max_cooldown", 60)
            ),
            connections = {
                keepalive = module:get_option_boolean("rest_callback_keepalive", true) ~= false,
                maxConnections = positiveIntegerOption("rest_callback_max_connections", 100),
                idleTimeout = periodOption("rest_callback_idle_timeout", 60),
                cafile = module:get_option_path("rest_callback_cafile")
            }
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
local answered = ____respond.answered
local countAnswers = ____respond.countAnswers
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
local abandonWaitingIqs = ____send.abandonWaitingIqs
local prepareStanza = ____send.prepareStanza
local sendIq = ____send.sendIq
local sendStanza = ____send.sendStanza
local ____demo = require("src.mod_rest.demo")
local demoRoutes = ____demo.demoRoutes
local ____openapi = require("src.mod_rest.openapi")
local openApiRoutes = ____openapi.openApiRoutes
local ____callback = require("src.mod_rest.callback")
local setupCallbacks = ____callback.setupCallbacks
local ____lazy_log = require("src.lib.lazy_log")
local topTag = ____lazy_log.topTag
local ____unload = require("src.lib.unload")
local addUnloadTask = ____unload.addUnloadTask
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
        answered(202)
        event.response.status_code = 202
        event.response:send("")
        return true
    end
    local body, used = encodeOrXml(format, result.reply)
    module:log(
        "debug",
        "Answering %s",
        topTag(result.reply)
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
countAnswers()
module:depends("http")
local routes = {
    POST = function(event) return handlePost(event) end,
    ["POST /*"] = handlePost,
    ["GET /*"] = handleGet
}
for route, handler in pairs(openApiRoutes(module:http_url())) do
    routes[route] = handler
end
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
addUnloadTask(abandonWaitingIqs)
return ____exports
 end,
}
local ____entry = require("src.mod_rest.mod_rest", ...)
return ____entry
