-- mod_post_msg.lua: Send a message with one authenticated HTTP POST
-- prosody-http-bridge 0.1.0, MIT licence.
-- Generated from src/mod_post_msg/ and src/lib/ by TypeScriptToLua: edit the TypeScript, not this file.
-- Install: copy this one file into a directory of plugin_paths; docs/mod_post_msg/README.md tells the rest.
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
["src.lib.form"] = function(...) 
local ____exports = {}
local ____util_2Ehttp = require("util.http")
local formdecode = ____util_2Ehttp.formdecode
--- Decode an application/x-www-form-urlencoded body into a map (the last
-- of repeated names wins). Nil when the body is not a form at all.
-- Values are not validated here: they may hold any decoded bytes.
function ____exports.decodeForm(body)
    if body == "" then
        return {}
    end
    local decoded = formdecode(body)
    if type(decoded) == "string" then
        return nil
    end
    local fields = {}
    for name, value in pairs(decoded) do
        if type(name) == "string" and type(value) == "string" then
            fields[name] = value
        end
    end
    return fields
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
["src.mod_post_msg.mod_post_msg"] = function(...) 
local ____exports = {}
local st = require("util.stanza")
local xml = require("util.xml")
local idlib = require("util.id")
local errorlib = require("util.error")
local usermanager = require("core.usermanager")
local json = require("src.lib.json")
local ____text = require("src.lib.text")
local isXmlSafe = ____text.isXmlSafe
local isXmlSafeString = ____text.isXmlSafeString
local ____media_type = require("src.lib.media_type")
local mediaType = ____media_type.mediaType
local ____form = require("src.lib.form")
local decodeForm = ____form.decodeForm
local ____negotiate = require("src.lib.negotiate")
local negotiate = ____negotiate.negotiate
local ____respond = require("src.lib.respond")
local countAnswers = ____respond.countAnswers
local respond = ____respond.respond
local respondError = ____respond.respondError
local ____auth = require("src.lib.auth")
local authenticate = ____auth.authenticate
local forgetCredentialsOnAccountChanges = ____auth.forgetCredentialsOnAccountChanges
local newCredentialCache = ____auth.newCredentialCache
local newFailureThrottle = ____auth.newFailureThrottle
local ____address = require("src.lib.address")
local prepJid = ____address.prepJid
local ____options = require("src.lib.options")
local periodOption = ____options.periodOption
local positiveIntegerOption = ____options.positiveIntegerOption
local ____collections = require("src.lib.collections")
local setOf = ____collections.setOf
local ____lazy_log = require("src.lib.lazy_log")
local topTag = ____lazy_log.topTag
local host = module.host
local sizeLimit = positiveIntegerOption("post_msg_size_limit", 192 * 1024)
local authCacheTtl = periodOption("post_msg_auth_cache_ttl", 60, true)
local authCacheSize = positiveIntegerOption("post_msg_auth_cache_size", 1000)
local maxAuthFailures = positiveIntegerOption("post_msg_max_auth_failures", 30, true)
local AUTH_FAILURE_WINDOW = 60
local XMLNS_XHTML_IM = "http://jabber.org/protocol/xhtml-im"
local XMLNS_XHTML = "http://www.w3.org/1999/xhtml"
local ACCEPTED_TYPES = {"text/plain", "application/x-www-form-urlencoded", "application/json"}
local MESSAGE_TYPES = setOf({"chat", "normal", "headline", "groupchat"})
--- Fields of a form or JSON payload; anything else is ignored.
local FIELDS = {
    "to",
    "type",
    "body",
    "subject",
    "html"
}
local errors = errorlib.init(
    "post_msg",
    {
        ["auth-required"] = {code = 401, type = "auth", condition = "not-authorized", text = "Authentication required"},
        ["auth-refused"] = {code = 401, type = "auth", condition = "not-authorized", text = "Invalid credentials"},
        ["too-many-failures"] = {
            code = 429,
            type = "wait",
            condition = "policy-violation",
            text = "Too many failed authentication attempts; try again later"
        },
        ["too-large"] = {code = 413, type = "modify", condition = "resource-constraint", text = "Payload too large"},
        ["unsupported-media-type"] = {
            code = 415,
            type = "modify",
            condition = "bad-request",
            text = "Unsupported Content-Type: use text/plain, application/x-www-form-urlencoded or application/json"
        },
        ["malformed-text"] = {
            code = 400,
            type = "modify",
            condition = "bad-request",
            text = "The body must be UTF-8 text without control characters"
        },
        ["malformed-form"] = {code = 400, type = "modify", condition = "bad-request", text = "Malformed form data"},
        ["malformed-json"] = {code = 400, type = "modify", condition = "bad-request", text = "Malformed JSON"},
        ["json-not-object"] = {
            code = 400,
            type = "modify",
            condition = "bad-request",
            text = "The JSON payload must be an object"
        },
        ["invalid-field"] = {code = 400, type = "modify", condition = "bad-request", text = "Invalid field value"},
        ["malformed-html"] = {
            code = 400,
            type = "modify",
            condition = "bad-request",
            text = "The html field is not well-formed XHTML"
        },
        ["invalid-type"] = {
            code = 422,
            type = "modify",
            condition = "bad-request",
            text = "The message type must be chat, normal, headline or groupchat"
        },
        ["no-recipient"] = {code = 422, type = "modify", condition = "jid-malformed", text = "No recipient given"},
        ["invalid-recipient"] = {code = 422, type = "modify", condition = "jid-malformed", text = "Invalid recipient address"},
        ["nothing-to-send"] = {
            code = 422,
            type = "modify",
            condition = "bad-request",
            text = "Nothing to send: give a body, subject or html"
        }
    }
)
local credentialCache = newCredentialCache(authCacheTtl, authCacheSize)
local authConfig = {
    host = host,
    mechanisms = setOf({"basic", "bearer"}),
    checkPassword = function(username, password) return usermanager.test_password(username, host, password) end,
    cache = credentialCache,
    tokens = module:depends("tokenauth")
}
local authChallenge = {www_authenticate = ("Basic realm=\"" .. host) .. "/post_msg\""}
local failureThrottle = newFailureThrottle(maxAuthFailures, AUTH_FAILURE_WINDOW)
--- An error of the registry, with a more precise text.
local function detailedError(key, text)
    local err = errors.new(key)
    err.text = text
    return err
end
--- Keep the known fields of a decoded form or JSON object; each must be XML-safe text.
local function pickFields(get)
    local fields = {}
    for ____, name in ipairs(FIELDS) do
        local value = get(name)
        if value ~= nil and value ~= json.NULL then
            if not isXmlSafeString(value) then
                return nil, detailedError("invalid-field", ("The '" .. name) .. "' field must be UTF-8 text without control characters")
            end
            if value ~= "" or name == "type" then
                fields[name] = value
            end
        end
    end
    return fields, nil
end
--- Read the payload according to its Content-Type.
local function readPayload(contentType, body)
    if contentType == "text/plain" then
        if not isXmlSafe(body) then
            return nil, errors.new("malformed-text")
        end
        local fields = {}
        if body ~= "" then
            fields.body = body
        end
        return fields, nil
    elseif contentType == "application/x-www-form-urlencoded" then
        local form = decodeForm(body)
        if form == nil then
            return nil, errors.new("malformed-form")
        end
        return pickFields(function(name) return form[name] end)
    elseif contentType == "application/json" then
        local decoded = json.decode(body)
        if decoded == nil then
            return nil, errors.new("malformed-json")
        end
        if not json.isObject(decoded) then
            return nil, errors.new("json-not-object")
        end
        return pickFields(function(name) return decoded[name] end)
    end
    return nil, errors.new("unsupported-media-type")
end
--- The recipient's JID: a full address is used as it is; one without `@`
-- names a user of this host (`bob` → bob@host, `bob/res` → bob@host/res).
-- Nil when the result is not a valid JID.
local function resolveRecipient(recipient)
    if (string.find(recipient, "@", 1, true)) == nil then
        local node, resource = string.match(recipient, "^([^/]*)(.*)$")
        recipient = (((node or "") .. "@") .. host) .. (resource or "")
    end
    return prepJid(recipient)
end
--- Parse an XHTML fragment into the `<body/>` of an XHTML-IM payload.
local function parseHtml(fragment)
    local parsed = xml.parse(((("<body xmlns=\"" .. XMLNS_XHTML) .. "\">") .. fragment) .. "</body>")
    return parsed
end
--- Build the message from validated fields, or say what is missing.
local function buildMessage(fields, pathRecipient, sender)
    local messageType = fields.type or "chat"
    if not (MESSAGE_TYPES[messageType] ~= nil) then
        return nil, errors.new("invalid-type")
    end
    local recipient = fields.to or (pathRecipient ~= "" and pathRecipient or nil)
    if recipient == nil then
        return nil, errors.new("no-recipient")
    end
    local to = resolveRecipient(recipient)
    if to == nil then
        return nil, errors.new("invalid-recipient")
    end
    local html = fields.html
    local htmlBody
    if html ~= nil then
        htmlBody = parseHtml(html)
        if htmlBody == nil then
            return nil, errors.new("malformed-html")
        end
    end
    local body = fields.body
    local subject = fields.subject
    if body == nil and subject == nil and htmlBody == nil then
        return nil, errors.new("nothing-to-send")
    end
    local message = st.message({
        to = to,
        from = sender,
        type = messageType,
        id = idlib.medium()
    })
    if subject ~= nil then
        message:text_tag("subject", subject)
    end
    if body ~= nil then
        message:text_tag("body", body)
    end
    if htmlBody ~= nil then
        message:tag("html", {xmlns = XMLNS_XHTML_IM}):add_child(htmlBody):up()
    end
    return message, nil
end
--- POST /msg/[recipient]: authenticate, parse, validate, send; 201 with the message id.
local function handlePost(event, path)
    local request = event.request
    local address = request.ip or ""
    if failureThrottle.blocked(address) then
        return respondError(
            event,
            errors.new("too-many-failures"),
            {retry_after = tostring(AUTH_FAILURE_WINDOW)}
        )
    end
    local principal, failure = authenticate(authConfig, request.headers.authorization)
    if principal == nil then
        if failure ~= "missing" then
            failureThrottle.failed(address)
        end
        local err = errors.new(failure == "missing" and "auth-required" or "auth-refused")
        return respondError(event, err, authChallenge)
    end
    if #request.body > sizeLimit then
        return respondError(
            event,
            errors.new("too-large")
        )
    end
    local fields, payloadError = readPayload(
        mediaType(request.headers.content_type),
        request.body
    )
    if fields == nil then
        return respondError(event, payloadError)
    end
    local message, messageError = buildMessage(fields, path, principal.jid)
    if message == nil then
        return respondError(event, messageError)
    end
    local id = message.attr.id
    module:log(
        "debug",
        "Sending %s for %s via HTTP",
        topTag(message),
        principal.jid
    )
    module:send(message)
    if negotiate(request.headers.accept, {"text/plain", "application/json"}) == "application/json" then
        return respond(
            event.response,
            201,
            json.encode({id = id, to = message.attr.to}),
            "application/json"
        )
    end
    return respond(event.response, 201, id .. "\n", "text/plain; charset=utf-8")
end
--- OPTIONS: what may be sent here.
local function handleOptions(event)
    return respond(
        event.response,
        200,
        "",
        "text/plain",
        {
            allow = "POST",
            accept = table.concat(ACCEPTED_TYPES, ", ")
        }
    )
end
forgetCredentialsOnAccountChanges(credentialCache, host)
countAnswers()
module:provides(
    "http",
    {
        default_path = "/msg",
        cors = {enabled = true, headers = {Authorization = true, Accept = true}},
        route = {["POST /*"] = handlePost, ["OPTIONS /*"] = handleOptions}
    }
)
return ____exports
 end,
}
local ____entry = require("src.mod_post_msg.mod_post_msg", ...)
return ____entry
