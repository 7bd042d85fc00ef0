/** @noSelfInFile */

/**
 * The module API: the object Prosody gives each plugin as the global
 * `module`. Its methods are colon calls (`module:hook(...)`); the callbacks
 * a plugin provides (`load`, `unload`, `add_host`, `save`, `restore`) are
 * called without self.
 */
/** @noResolution */
declare module "core.moduleapi" {
  import type { Stanza, MessageStanza, PresenceStanza, IqStanza, StanzaKind, ErrorType, ErrorCondition } from "util.stanza";
  import type { Set } from "util.set";
  import type { Promise } from "util.promise";
  import type { Events, EventSource, Wrapper } from "util.events";
  import type { HttpApp, HttpEvent, HttpErrorEvent } from "net.http.server";
  import type * as HttpServer from "net.http.server";

  /** Log levels. */
  export type LogLevel = "debug" | "info" | "warn" | "error";
  /** Module status levels, lowest to highest priority. */
  export type StatusType = "core" | "info" | "warn" | "error";
  /** The host kind a module is loaded on. */
  export type HostType = "local" | "component" | "global";

  /**
   * A session or host that stanzas come from. `send` and `log` are plain
   * functions (dot calls: `origin.send(reply)`).
   */
  export interface Origin {
    /** "c2s", "c2s_unauthed", "s2sin", "s2sout", "component", "local", ... */
    type: string;
    /** The host the session belongs to (for s2s: the local host). */
    host: string;
    /** Username of an authenticated c2s session. */
    username?: string;
    /** Bound resource of a c2s session. */
    resource?: string;
    /** Full JID of a c2s session with a bound resource. */
    full_jid?: string;
    /** Client address of a connection. */
    ip?: string;
    /** Send a stanza to this session (a host routes it); false when it could not be written. */
    send(this: void, stanza: Stanza): boolean | void;
    /** Log with the session's id (connections only; hosts have none). */
    log?: (this: void, level: LogLevel, format: string, ...args: unknown[]) => void;
  }

  /**
   * The event of stanza hooks (`message/bare`, `iq/host`,
   * `iq-set/bare/xmlns:name`, `stanza/xmlns:name`, ...): `S` is the
   * stanza's kind where the event name tells it (`message/bare` gives a
   * `MessageStanza`). 0.12 core/stanza_router.lua fires
   * `{ origin = origin, stanza = stanza, to_self = to_self }`.
   */
  export interface StanzaEvent<S extends Stanza = Stanza> {
    /** Where the stanza came from. */
    origin: Origin;
    /** The stanza. */
    stanza: S;
    /** True for a stanza without `to` or to the sender's own bare JID (routed events only; `KIND/self` fires when `KIND/bare` was not handled). */
    to_self?: boolean;
  }

  /** Resolution of `send_iq`: the reply event. */
  export interface IqReplyEvent {
    /**
     * The reply: of type result, except that an iq answered internally (no
     * `origin`) resolves with whatever reply was sent, an error too
     * (0.12 core/moduleapi.lua, send_iq's wrapped origin).
     */
    stanza: IqStanza;
    /** Where it came from (absent when answered internally). */
    origin?: Origin;
  }

  /** How core_post_stanza names a routed stanza's recipient: a bare JID (or none), a full JID, a host. */
  export type Addressing = "bare" | "full" | "host";

  /**
   * `KIND/bare`, `KIND/full`, `KIND/host`, `KIND/self` and, for stanzas
   * from clients only (fired first), `pre-KIND/bare|full|host`
   * (0.12 core/stanza_router.lua, core_post_stanza).
   */
  export type RoutedStanzaEvents<K extends StanzaKind, S extends Stanza> = {
    [N in `${K}/${Addressing | "self"}` | `pre-${K}/${Addressing}`]: StanzaEvent<S>;
  };

  /** `pre-stanza`: a handler that returns non-nil drops the stanza and may say why in `reason`. */
  export interface PreStanzaEvent extends StanzaEvent {
    /** Logged when the stanza is dropped. */
    reason?: string;
  }

  /** `message/offline/handle`: a chat or normal message to a local user with no available resource (0.12 modules/mod_message.lua). */
  export interface OfflineMessageEvent extends StanzaEvent<MessageStanza> {
    /** The recipient's username (`origin` is the sender's session). */
    username: string;
  }

  /** `route/remote`: a stanza for another server (0.12 core/stanza_router.lua; mod_s2s fires it without `origin`). */
  export interface RouteRemoteEvent {
    /** The sender's session, when known. */
    origin?: Origin;
    /** The stanza, its `xmlns` removed while the event runs. */
    stanza: Stanza;
    /** Local host sending. */
    from_host: string;
    /** Remote host. */
    to_host: string;
  }

  /** Events about a session: `resource-bind`, `authentication-success` (0.12 core/sessionmanager.lua, modules/mod_saslauth.lua). */
  export interface SessionEvent {
    /** The c2s session. */
    session: Origin;
  }

  /** `resource-unbind`, `pre-resource-unbind` (a handler of the latter returning non-nil keeps the session bound). */
  export interface ResourceUnbindEvent extends SessionEvent {
    /** Why the session ended, when known. */
    error?: string;
  }

  /** `pre-resource-bind`: a handler may change `resource`, or return false (and set `error`) to refuse the bind. */
  export interface PreResourceBindEvent extends SessionEvent {
    /** The requested resource (nil: one is generated). */
    resource?: string;
    /** The refusal sent when a handler returns false (default `cancel`/`not-allowed`). */
    error?: { type: ErrorType; condition: ErrorCondition | (string & {}); text?: string };
  }

  /** `authentication-failure` (0.12 modules/mod_saslauth.lua; 13 sends back what handlers set in `condition` and `text`). */
  export interface AuthenticationFailureEvent extends SessionEvent {
    /** SASL condition ("not-authorized", ...). */
    condition?: string;
    /** Text for the client. */
    text?: string;
  }

  /** `stream-features`: add children to `features` (0.12 modules/mod_c2s.lua). */
  export interface StreamFeaturesEvent {
    /** The session the features are for. */
    origin: Origin;
    /** The `<stream:features/>` being built. */
    features: Stanza;
    /** Prosody 13 only: the stream header's attributes. */
    stream?: { [name: string]: string | undefined };
  }

  /** `user-registering` (0.12 modules/mod_register_ibr.lua): set `allowed` false and `error` to refuse the registration. */
  export interface UserRegisteringEvent {
    /** The nodeprepped username. */
    username: string;
    /** The requested password. */
    password?: string;
    /** The host. */
    host: string;
    /** Other fields of the registration form. */
    additional: { [field: string]: unknown };
    /** Client address. */
    ip?: string;
    /** The registering session. */
    session: Origin;
    /** False refuses the registration. */
    allowed: boolean;
    /** The refusal (a util.error or like one). */
    error?: { type: ErrorType; condition: ErrorCondition | (string & {}); text?: string };
  }

  /** `user-registered`, `user-deregistered` (0.12 modules/mod_register_ibr.lua, mod_user_account_management.lua). */
  export interface UserRegistrationEvent {
    /** The username. */
    username: string;
    /** The host. */
    host: string;
    /** "mod_register" for in-band registration. */
    source: string;
    /** The client's session (13: absent for a deletion that was delayed). */
    session?: Origin;
  }

  /** Events about an account: `user-deleted`, `user-roles-changed`, ... (0.12 core/usermanager.lua). */
  export interface UserEvent {
    /** The username. */
    username: string;
    /** Its host. */
    host: string;
  }

  /** `user-password-changed` (0.12 core/usermanager.lua, set_password). */
  export interface PasswordChangedEvent extends UserEvent {
    /** The resource that changed it, when a client did. */
    resource?: string;
  }

  /** `module-loaded`, `module-unloaded`, `module-reloaded`: on the host's emitter, or the global one for global modules (0.12 core/modulemanager.lua). */
  export interface ModuleEvent {
    /** Module name without `mod_`. */
    module: string;
    /** Its host ("*" when global). */
    host: string;
  }

  /** Events fired on both emitters: of the host, and of the server for global modules. */
  export interface CommonEvents {
    /** A module was loaded (0.12 core/modulemanager.lua). */
    "module-loaded": ModuleEvent;
    /** A module was unloaded. */
    "module-unloaded": ModuleEvent;
    /** A module was reloaded. */
    "module-reloaded": ModuleEvent;
    /** A module's status changed (`set_status`; 0.12 core/moduleapi.lua). */
    "module-status/updated": { name: string };
    /** `add_item(KIND, item)`: `item-added/KIND` (0.12 core/moduleapi.lua). */
    [name: `item-added/${string}`]: ItemEvent<unknown>;
    /** `remove_item(KIND, item)`, or its module unloading: `item-removed/KIND`. */
    [name: `item-removed/${string}`]: ItemEvent<unknown>;
  }

  /**
   * Events of a host's emitter by name (`hook`, `fire_event`,
   * `wrap_event`, `unhook`), with their payloads as Prosody 0.12 fires
   * them. Other names are accepted with a `GenericEvent` (or the payload
   * type given as a type argument); add your own events by augmenting:
   * `declare module "core.moduleapi" { interface HostEvents { "my-event": MyEvent } }`.
   */
  export interface HostEvents
    extends CommonEvents,
      RoutedStanzaEvents<"message", MessageStanza>,
      RoutedStanzaEvents<"presence", PresenceStanza>,
      RoutedStanzaEvents<"iq", IqStanza> {
    /** Every stanza from a client, before `pre-KIND/...` (0.12 core/stanza_router.lua). */
    "pre-stanza": PreStanzaEvent;
    /**
     * A get or set iq by its payload, `iq/ADDR/XMLNS:NAME` (`iq/host/urn:xmpp:ping:ping`;
     * xmlns defaults to jabber:client). Fired by mod_iq from `iq/bare`, `iq/host`, `iq/self` (0.12 modules/mod_iq.lua).
     */
    [name: `iq/${"bare" | "host" | "self"}/${string}`]: StanzaEvent<IqStanza<"get" | "set">>;
    /** A get iq by its payload, after `iq/ADDR/XMLNS:NAME` went unanswered (`iq-get/host/urn:xmpp:ping:ping`). */
    [name: `iq-get/${"bare" | "host" | "self"}/${string}`]: StanzaEvent<IqStanza<"get">>;
    /** A set iq by its payload (`iq-set/bare/jabber:iq:roster:query`). */
    [name: `iq-set/${"bare" | "host" | "self"}/${string}`]: StanzaEvent<IqStanza<"set">>;
    /** A result iq by its id (`iq-result/host/ID`: how `send_iq` gets its reply). */
    [name: `iq-result/${"bare" | "host" | "self"}/${string}`]: StanzaEvent<IqStanza<"result">>;
    /** An error iq by its id. */
    [name: `iq-error/${"bare" | "host" | "self"}/${string}`]: StanzaEvent<IqStanza<"error">>;
    /**
     * A stream element that is not a routed stanza: `stanza/XMLNS:NAME`
     * (`stanza/urn:xmpp:sm:3:enable`), and from sessions not yet
     * authenticated `stanza/iq/XMLNS:NAME` or `stanza/NAME`
     * (0.12 core/stanza_router.lua, core_process_stanza; `hook_tag` hooks these).
     */
    [name: `stanza/${string}`]: StanzaEvent;
    /** A client's first available presence (0.12 modules/mod_presence.lua). */
    "presence/initial": StanzaEvent<PresenceStanza>;
    /** A message for a user with no available resource: return true once stored (0.12 modules/mod_message.lua). */
    "message/offline/handle": OfflineMessageEvent;
    /** A client became available with priority >= 0: send it its offline messages (0.12 modules/mod_presence.lua). */
    "message/offline/broadcast": { origin: Origin };
    /** A stanza for another server: return true once sent (0.12 core/stanza_router.lua). */
    "route/remote": RouteRemoteEvent;
    /** A client is about to bind a resource (0.12 core/sessionmanager.lua). */
    "pre-resource-bind": PreResourceBindEvent;
    /** A client bound a resource (0.12 core/sessionmanager.lua). */
    "resource-bind": SessionEvent;
    /** A bound session is ending: return non-nil to keep it (0.12 core/sessionmanager.lua). */
    "pre-resource-unbind": ResourceUnbindEvent;
    /** A bound session ended (0.12 core/sessionmanager.lua). */
    "resource-unbind": ResourceUnbindEvent;
    /** A client authenticated (0.12 modules/mod_saslauth.lua). */
    "authentication-success": SessionEvent;
    /** A client failed to authenticate (0.12 modules/mod_saslauth.lua). */
    "authentication-failure": AuthenticationFailureEvent;
    /** Features offered to a client stream (0.12 modules/mod_c2s.lua). */
    "stream-features": StreamFeaturesEvent;
    /** In-band registration about to create an account (0.12 modules/mod_register_ibr.lua). */
    "user-registering": UserRegisteringEvent;
    /** An account was created in-band (0.12 modules/mod_register_ibr.lua). */
    "user-registered": UserRegistrationEvent;
    /** A user deleted their account in-band (0.12 modules/mod_user_account_management.lua). */
    "user-deregistered": UserRegistrationEvent;
  }

  /**
   * Events of the server's emitter by name (`hook_global`, `wrap_global`),
   * with their payloads as Prosody 0.12 fires them; 13-only events are
   * marked. Augment like `HostEvents`.
   */
  export interface GlobalEvents extends CommonEvents {
    /** A password was changed (0.12 core/usermanager.lua, set_password). */
    "user-password-changed": PasswordChangedEvent;
    /** An account was deleted, before its data is purged (0.12 core/usermanager.lua, delete_user). */
    "user-deleted": UserEvent;
    /** 0.12 only (13 fires `user-role-changed`): a user's roles were set (0.12 core/usermanager.lua). */
    "user-roles-changed": UserEvent;
    /** Prosody 13 only: a user's primary role was set (13 core/usermanager.lua). */
    "user-role-changed": UserEvent & { role: { name: string } };
    /** Prosody 13 only: a secondary role was added. */
    "user-role-added": UserEvent & { role_name: string; role: { name: string } };
    /** Prosody 13 only: a secondary role was removed. */
    "user-role-removed": UserEvent & { role_name: string };
    /** Prosody 13 only: an account was enabled. */
    "user-enabled": UserEvent;
    /** Prosody 13 only: an account was disabled. */
    "user-disabled": UserEvent & { meta?: unknown };
    /** A host was activated: the payload is its name (0.12 core/hostmanager.lua). */
    "host-activated": string;
    /** A host is being deactivated (0.12 core/hostmanager.lua). */
    "host-deactivating": { host: string; host_session: { host: string; [key: string]: unknown }; reason?: unknown };
    /** A host was deactivated: the payload is its name. */
    "host-deactivated": string;
    /** Startup, before hosts are activated: no payload (0.12 util/startup.lua). */
    "server-starting": undefined;
    /** Startup finished: no payload. */
    "server-started": undefined;
    /** Shutdown begins (0.12 util/startup.lua, prosody.shutdown). */
    "server-stopping": { reason?: string; code?: number };
    /** Shutdown finished: no payload. */
    "server-stopped": undefined;
    /** Metrics are about to be collected: set gauges here (0.12 core/statsmanager.lua, collect). No payload. */
    "stats-update": undefined;
    /** The configuration was reloaded (0.12 util/startup.lua). */
    "config-reloaded": { filename: string; config: { [host: string]: unknown } };
  }

  /** Payload of an event name not in the maps (unless a type argument says otherwise). */
  export type GenericEvent = { [key: string]: unknown };

  /** A name usable as an unknown host event: `never` (with a hint) for global-only names, so `hook("user-deleted")` is an error. */
  export type OtherHostEvent<K extends string> = K extends keyof HostEvents
    ? never
    : K extends keyof GlobalEvents
      ? `${K} is a global event: use module.hook_global`
      : K;
  /** A name usable as an unknown global event: `never` (with a hint) for host-only names, so `hook_global("message/bare")` is an error. */
  export type OtherGlobalEvent<K extends string> = K extends keyof GlobalEvents
    ? never
    : K extends keyof HostEvents
      ? `${K} is a host event: use module.hook`
      : K;

  /** A wrapper of the handling of events with payload `E` (see util.events `Wrapper`). */
  export type EventWrapper<E> = (
    this: void,
    handlers: (this: void, event_name: string, event_data: E) => unknown,
    event_name: string,
    event_data: E,
  ) => unknown;

  /** The events of net.http.server (`import * as server from "net.http.server"`; `module:hook_object_event(server, ...)`). */
  export interface HttpServerEvents {
    /** An error page is needed: return its body (0.12 net/http/server.lua). */
    "http-error": HttpErrorEvent;
    /** A request, `"METHOD /path"` then `"METHOD host/path"` (0.12 net/http/server.lua); mod_http hooks routes here. */
    [route: `${string} ${string}`]: HttpEvent;
  }

  /** A timer from `add_timer`. Methods are colon calls. */
  export interface Timer {
    /** The util.timer id. */
    readonly id: number;
    /** Cancel the timer. */
    stop(): void;
    /** Same as `stop`. */
    disarm(): void;
    /** Run it `delay` seconds from now instead. */
    reschedule(delay: number): void;
  }

  /** Legacy measure types of `measure`. */
  export type MeasureType = "amount" | "counter" | "rate" | "distribution" | "sizes" | "times";

  /** A counter bound to label values. */
  export interface CounterMetric {
    /** Add to the count. */
    add(delta: number): void;
    /** Set the count. */
    set(value: number): void;
  }
  /** A gauge bound to label values. */
  export interface GaugeMetric {
    /** Set the value. */
    set(value: number): void;
    /** Add to the value (negative to subtract). */
    add(delta: number): void;
  }
  /** A histogram or summary bound to label values. */
  export interface SampleMetric {
    /** Record one observation. */
    sample(value: number): void;
  }
  /** Any metric bound to label values. */
  export type Metric = CounterMetric | GaugeMetric | SampleMetric;

  /** An OpenMetrics family; `with_labels` binds values to its label keys (colon call). */
  export interface MetricFamily<M = CounterMetric & GaugeMetric & SampleMetric> {
    /** The metric for these label values (in the order of the label keys). */
    with_labels(...values: string[]): M;
  }

  /** A key-value store from `open_store(name)` (methods are colon calls). */
  export interface KeyValueStore {
    /** The user's data (nil user: the host's); nil, or nil and an error. */
    get(user: string | undefined): LuaMultiReturn<[unknown, undefined] | [undefined, string | undefined]>;
    /** Replace the user's data (nil removes it). */
    set(user: string | undefined, data: unknown): LuaMultiReturn<[true, undefined] | [undefined, string]>;
  }

  /** A map store from `open_store(name, "map")` (methods are colon calls). */
  export interface MapStore {
    /** One key of the user's data; nil, or nil and an error. */
    get(user: string | undefined, key: string): LuaMultiReturn<[unknown, undefined] | [undefined, string | undefined]>;
    /** Set one key (nil removes it). */
    set(user: string | undefined, key: string, data: unknown): LuaMultiReturn<[true, undefined] | [undefined, string]>;
    /** Set several keys at once. */
    set_keys(user: string | undefined, data: { [key: string]: unknown }): LuaMultiReturn<[true, undefined] | [undefined, string]>;
  }

  /** The item given to `provides(name, item)`; `name` defaults to the module's. */
  export interface ProvidedItem {
    /** Item name. */
    name?: string;
    /** Item fields. */
    [key: string]: unknown;
  }

  /** A periodic task for `cron` (run by mod_cron inside an async runner). */
  export interface CronTask {
    /** Task name for logs. */
    name?: string;
    /** How often. */
    when: "hourly" | "daily" | "weekly";
    /** Called with the task and the start time. */
    run: (this: void, task: CronTask, started_at: number) => void;
  }

  /** The event of `item-added/NAME` and `item-removed/NAME` (see `handle_items`). */
  export interface ItemEvent<T = ProvidedItem> {
    /** The item. */
    item: T;
    /** The module API of the module that added it. */
    source?: ModuleAPI;
  }

  /** The module API object. */
  export interface ModuleAPI {
    /** The module's name without `mod_`. */
    readonly name: string;
    /** The host it is loaded on, or "*" when global. */
    readonly host: string;
    /** True for a global module (after `set_global`). */
    readonly global?: boolean;
    /** The environment the plugin's code runs in (its globals). */
    readonly environment: { [key: string]: unknown };
    /** Path of the plugin file. */
    readonly path?: string;
    /** True while the module is being reloaded. */
    readonly reloading?: boolean;
    /** Current status level (see `set_status`). */
    status_type?: StatusType;
    /** Current status message. */
    status_message?: string;
    /** When the status was set (util.time.now). */
    status_time?: number;

    /** Called once the module is loaded. */
    load?: (this: void) => void;
    /** Called when the module is unloaded (or before a reload). */
    unload?: (this: void) => void;
    /** For global modules: called with a per-host module API for each host. */
    add_host?: (this: void, module: ModuleAPI) => void;
    /** Before a reload: the returned value is given to `restore`. */
    save?: (this: void) => unknown;
    /** After a reload: receives what `save` returned (or an empty table). */
    restore?: (this: void, data: any) => void;

    /** The module's name. */
    get_name(): string;
    /** The host it is loaded on ("*" when global). */
    get_host(): string;
    /** "local", "component", or "global". */
    get_host_type(): HostType;
    /** Make the module global (host "*"); call at the top of the file. */
    set_global(): void;
    /** A copy of this API bound to another host (default "*"). */
    context(host?: string): ModuleAPI;

    /** printf-style log line, prefixed with the host and module name. */
    log(level: LogLevel, format: string, ...args: unknown[]): void;
    /** Log and set the module status in one call. */
    log_status(level: "info" | "warn" | "error", format: string, ...args: unknown[]): void;
    /** Status shown to admins; an error status sticks unless a later call passes `override` true. */
    set_status(type: StatusType, message: string, override?: boolean): void;
    /** Status level, message and time. */
    get_status(): LuaMultiReturn<[StatusType | undefined, string | undefined, number | undefined]>;

    /**
     * Handle an event on this host (every event, in a global module); higher
     * priority runs first; a non-nil return stops the chain. The payload is
     * typed by the name (`HostEvents`): `message/bare` gives a
     * `StanzaEvent<MessageStanza>`, `resource-bind` a `SessionEvent`, ...
     */
    hook<K extends keyof HostEvents>(event: K, handler: (this: void, event: HostEvents[K]) => unknown, priority?: number): void;
    /**
     * Handle an event not in `HostEvents`: the payload is `GenericEvent`,
     * or `E` (a type argument, or the handler's parameter type). A name of
     * `GlobalEvents` only is an error: a host module never sees those (use
     * `hook_global`, in a global module too; `hook<E>(...)` overrides).
     */
    hook<E = GenericEvent, K extends string = string>(event: OtherHostEvent<K>, handler: (this: void, event: E) => unknown, priority?: number): void;
    /** Handle a server-wide event (`user-deleted`, `user-password-changed`, `server-started`, ...), payload typed by the name (`GlobalEvents`). */
    hook_global<K extends keyof GlobalEvents>(event: K, handler: (this: void, event: GlobalEvents[K]) => unknown, priority?: number): void;
    /** Handle a server-wide event not in `GlobalEvents` (payload `GenericEvent` or `E`); a name of `HostEvents` only is an error (stanza events are never global). */
    hook_global<E = GenericEvent, K extends string = string>(event: OtherGlobalEvent<K>, handler: (this: void, event: E) => unknown, priority?: number): void;
    /** Handle an event of net.http.server (`http-error`, `"GET /path"`), payload typed by the name (`HttpServerEvents`); removed when the module unloads. */
    hook_object_event<K extends keyof HttpServerEvents>(
      events: typeof HttpServer,
      event: K,
      handler: (this: void, event: HttpServerEvents[K]) => unknown,
      priority?: number,
    ): void;
    /** Handle an event of another emitter (removed when the module unloads); the payload is `E` (default `any`). */
    hook_object_event<E = any, O extends EventSource = EventSource>(
      events: O extends typeof HttpServer ? never : O,
      event: string,
      handler: (this: void, event: E) => unknown,
      priority?: number,
    ): void;
    /** Handle stream-level elements `stanza/xmlns:name`: called with origin, element and event. */
    hook_tag(xmlns: string | undefined, name: string, handler: (this: void, origin: Origin, stanza: Stanza, event: StanzaEvent) => unknown, priority?: number): void;
    /**
     * Old name of `hook_tag`.
     * @deprecated Use `hook_tag`: `hook_stanza` is kept for modules older than Prosody 0.9 (`api.hook_stanza = api.hook_tag; -- COMPAT w/pre-0.9` in core/moduleapi.lua of 0.12 and 13).
     */
    hook_stanza(xmlns: string | undefined, name: string, handler: (this: void, origin: Origin, stanza: Stanza, event: StanzaEvent) => unknown, priority?: number): void;
    /** Remove a handler added with `hook`. */
    unhook(event: string, handler: (this: void, event: never) => unknown): void;
    /** Remove a handler added with `hook_object_event`. */
    unhook_object_event(events: EventSource, event: string, handler: (this: void, event: never) => unknown): void;
    /**
     * Wrap the handling of an event on this host (server-wide in a global
     * module): the wrapper gets `handlers`, the name and the payload (typed
     * by the name, `HostEvents`) and calls `handlers(event_name, event_data)`
     * to run the handlers.
     */
    wrap_event<K extends keyof HostEvents>(event: K, wrapper: EventWrapper<HostEvents[K]>): void;
    /** Wrap the handling of an event not in `HostEvents`, or of every event (`false`). */
    wrap_event<K extends string = string>(event: OtherHostEvent<K> | false, wrapper: Wrapper): void;
    /**
     * Despite its name, adds `handler` as a plain handler of a server-wide
     * event: 0.12.3 and 13.0.1 (core/moduleapi.lua) call
     * `hook_object_event(prosody.events, event, handler)`, not the wrappers,
     * so it is called with the payload only, like a `hook_global` handler.
     * To wrap server-wide events, use `wrap_event` in a global module.
     */
    wrap_global<K extends keyof GlobalEvents>(event: K, handler: (this: void, event: GlobalEvents[K]) => unknown): void;
    /** Adds a plain handler of a server-wide event not in `GlobalEvents` (see the other signature). */
    wrap_global<E = GenericEvent, K extends string = string>(event: OtherGlobalEvent<K>, handler: (this: void, event: E) => unknown): void;
    /** Wrap the handling of an event of another emitter. */
    wrap_object_event(events: Events, event: string | false, wrapper: Wrapper): void;
    /** Fire an event on this host (server-wide in a global module); returns the first non-nil handler result. The payload is typed by the name (`HostEvents`). */
    fire_event<K extends keyof HostEvents>(event: K, data: HostEvents[K]): unknown;
    /** Fire an event not in `HostEvents`; names of `GlobalEvents` only are refused as for `hook` (`fire_event<string>(...)` overrides, for global modules). */
    fire_event<K extends string>(event: OtherHostEvent<K>, data?: unknown): unknown;

    /** Raw option value (host section, then global), or the default. */
    get_option(name: string, default_value?: unknown): unknown;
    /** A scalar option (the first item of a list, with an error logged); nil when unset and no default. */
    get_option_scalar(name: string): string | number | boolean | undefined;
    /** A scalar option, or the default. */
    get_option_scalar(name: string, default_value: string | number | boolean): string | number | boolean;
    /** The option as a string; nil when unset and no default. */
    get_option_string(name: string): string | undefined;
    /** The option as a string, or the default. */
    get_option_string(name: string, default_value: string): string;
    /** The option as a number; nil when unset, or (with an error logged) when not a number. */
    get_option_number(name: string): number | undefined;
    /** The option as a number, or the default when unset; still nil (with an error logged) when set to a non-number. */
    get_option_number(name: string, default_value: number): number | undefined;
    /** The option as a boolean (true/false, "true"/"false", 1/0); nil when unset, or (with an error logged) when not understood. */
    get_option_boolean(name: string): boolean | undefined;
    /** The option as a boolean, or the default when unset; still nil (with an error logged) when not understood. */
    get_option_boolean(name: string, default_value: boolean): boolean | undefined;
    /** A list (a scalar becomes a one-item list; a copy); nil when unset and no default. */
    get_option_array(name: string): unknown[] | undefined;
    /** A list, or a copy of the default. */
    get_option_array(name: string, default_value: unknown[]): unknown[];
    /** The option as a set; nil when unset and no default. */
    get_option_set(name: string): Set<unknown> | undefined;
    /** The option as a set, or the default's items as a set. */
    get_option_set(name: string, default_value: unknown[]): Set<unknown>;
    /** The host's and the global section's values merged; nil when unset in both and no default. */
    get_option_inherited_set(name: string): Set<unknown> | undefined;
    /** The host's and the global section's values merged, or the default as a set. */
    get_option_inherited_set(name: string, default_value: unknown[]): Set<unknown>;
    /** A path resolved against `parent` (default the module's directory; or a `prosody.paths` key like "data"); nil when unset and no default. */
    get_option_path(name: string, default_value?: undefined, parent?: string): string | undefined;
    /** A path resolved against `parent`, from the option or the default. */
    get_option_path(name: string, default_value: string, parent?: string): string;
    /**
     * Prosody 13 only (nil on 0.12: test for it before calling, a plain
     * index logs nothing). The option as an integer: a float is floored
     * (warning), a value outside [min, max] (default: the integer range) is
     * clamped (warning); the default is returned as given. A non-number
     * string logs an error and then raises in 13.0.1 (it compares nil
     * with min): call it under pcall.
     */
    get_option_integer?(name: string, default_value?: number, min?: number, max?: number): number | undefined;
    /**
     * Prosody 13 only (nil on 0.12). A period in seconds: a number, or a
     * string such as "30 seconds", "5 min", "2 days" (a bare number in a
     * string logs an error and is read as seconds). "never", false and
     * negative numbers give math.huge. Clamped to [min, max] (seconds or
     * period strings) with a warning; nil (error logged) when not understood.
     */
    get_option_period?(name: string, default_value?: number | string, min?: number | string, max?: number | string): number | undefined;

    /** Load another module on this host (or use the loaded one) and return its environment; raises on failure. */
    depends<T = { [key: string]: unknown }>(name: string): T;
    /** Load `name.lib.lua` (or `name.lua`) from the module's folder and return its result; raises on failure. */
    require<T = unknown>(name: string): T;
    /** A table shared between modules at a path (`"/host/module/name"`; relative paths are under this host and module). */
    shared<T extends object = { [key: string]: unknown }>(path: string): T;
    /** Add an HTTP app (routes) to this host (needs mod_http). */
    provides(name: "http", item: HttpApp): void;
    /** Add an item (`auth` provider, `measure`, ...) to this host; without an item, the module's environment. */
    provides(name: string, item?: ProvidedItem): void;
    /** Add an item of a kind (fires `item-added/KEY`). */
    add_item(key: string, value: unknown): void;
    /** Remove an item added with `add_item`; returns it, or nil when absent. */
    remove_item<T>(key: string, value: T): T | undefined;
    /** The items of a kind on this host (and global ones). */
    get_host_items<T = unknown>(key: string): T[];
    /** Follow the items of a kind: `added` for existing ones (unless `existing` is false) and new ones, `removed` on removal. */
    handle_items<T = ProvidedItem>(
      key: string,
      added: (this: void, event: ItemEvent<T>) => void,
      removed: (this: void, event: ItemEvent<T>) => void,
      existing?: boolean,
    ): void;
    /** Register a disco#info feature. */
    add_feature(xmlns: string): void;
    /** Register a disco#info identity. */
    add_identity(category: string, type: string, name?: string): void;
    /** Register a disco#info extension (a data form element). */
    add_extension(data: Stanza): void;

    /** Route a stanza from `origin` (default this host). Returns nothing. */
    send(stanza: Stanza, origin?: Origin): void;
    /**
     * Send an iq and wait for its reply (default timeout 120 s). Rejects
     * with a util.error: the error reply's, or `wait/remote-server-timeout`,
     * `modify/conflict` (id in use), `wait/resource-constraint`. Use unique ids.
     */
    send_iq(stanza: Stanza, origin?: Origin, timeout?: number): Promise<IqReplyEvent>;
    /** Send a clone of `stanza` to each JID (values of the table, or from `iter`). */
    broadcast(jids: string[] | LuaTable<AnyNotNil, string>, stanza: Stanza): void;
    /** Send a clone of `stanza` to each JID that `iter(jids)` yields. */
    broadcast<C>(jids: C, stanza: Stanza, iter: (this: void, jids: C) => LuaIterable<string>): void;

    /** Run `callback(now, ...args)` after `delay` seconds (not after unload); returning a number reschedules it. */
    add_timer<A extends unknown[] = []>(delay: number, callback: (this: void, now: number, ...args: A) => number | void, ...args: A): Timer;
    /** Add a periodic task (loads mod_cron). */
    cron(task: CronTask): void;
    /** Run `f` every hour (loads mod_cron). */
    hourly(f: (this: void, task: CronTask, started_at: number) => void): void;
    /** Run `f` every hour, named for logs (loads mod_cron). */
    hourly(name: string, f: (this: void, task: CronTask, started_at: number) => void): void;
    /** Run `f` every day (loads mod_cron). */
    daily(f: (this: void, task: CronTask, started_at: number) => void): void;
    /** Run `f` every day, named for logs (loads mod_cron). */
    daily(name: string, f: (this: void, task: CronTask, started_at: number) => void): void;
    /** Run `f` every week (loads mod_cron). */
    weekly(f: (this: void, task: CronTask, started_at: number) => void): void;
    /** Run `f` every week, named for logs (loads mod_cron). */
    weekly(name: string, f: (this: void, task: CronTask, started_at: number) => void): void;
    /** Prosody 13 only (nil on 0.12): run `f` once the server has started (now, if it has); a util.promise chained on `prosody.started`. */
    on_ready?(f: (this: void) => void): Promise<void>;
    /**
     * Prosody 13 only (nil on 0.12): same as `on_ready`, with a warning logged.
     * @deprecated Use `on_ready` (13 core/moduleapi.lua: "-- COMPAT w/post 0.12 trunk", logs "This module uses deprecated module:once()").
     */
    once?(f: (this: void) => void): Promise<void>;

    /** Legacy statistics, "times": call to start timing; call the result to stop. */
    measure(name: string, type: "times", conf?: { buckets?: number[]; description?: string }): (this: void) => (this: void) => void;
    /** Legacy statistics, "rate": call once per occurrence. */
    measure(name: string, type: "rate", conf?: { description?: string; unit?: string }): (this: void) => void;
    /** Legacy statistics: a function recording one value. */
    measure(name: string, type: MeasureType, conf?: { buckets?: number[]; description?: string; unit?: string }): (this: void, value: number) => void;
    /** An OpenMetrics counter family; the `host` label is added for host modules. */
    metric(type: "counter", name: string, unit: string, description: string, label_keys: string[], conf?: {}): MetricFamily<CounterMetric>;
    /** An OpenMetrics gauge family. */
    metric(type: "gauge", name: string, unit: string, description: string, label_keys: string[], conf?: {}): MetricFamily<GaugeMetric>;
    /** An OpenMetrics histogram (`buckets` required: upper bounds) or summary family. */
    metric(type: "histogram" | "summary", name: string, unit: string, description: string, label_keys: string[], conf?: { buckets?: number[] }): MetricFamily<SampleMetric>;

    /** URL of an HTTP app of this module on this host (defined by mod_http). */
    http_url(app_name?: string, default_path?: string): string;
    /** Open a key-value store (default name: the module's). */
    open_store(name?: string, type?: "keyval"): KeyValueStore;
    /** Open a map store. */
    open_store(name: string | undefined, type: "map"): MapStore;
    /** Directory of the module's file. */
    get_directory(): string;
    /** Open a file relative to the module's directory (`io.open` results). */
    load_resource(path: string, mode?: string): LuaMultiReturn<[LuaFile, undefined] | [undefined, string]>;
    /**
     * What this module hooked (a util.multitable: events source, event name,
     * handler), for unhooking at unload. Prosody 13.0's `unhook` leaves an
     * empty table per event name here (0.12 removes it).
     */
    readonly event_handlers: HookRecords;
  }

  /** The module's record of its hooks (util.multitable; colon calls). */
  export interface HookRecords {
    /** The handlers of `event` on `events` (a table keyed by handler); nil when none was hooked. */
    get(events: EventSource, event: string): LuaTable<AnyNotNil, unknown> | undefined;
    /** Forget `event` on `events` altogether. */
    remove(events: EventSource, event: string): void;
  }

  /** A host as the `hosts` global holds it (core.hostmanager). */
  export interface HostRecord {
    /** The host's events, which `module.hook` hooks into. */
    readonly events: EventSource;
  }
}

/** Every configured host by name (core.hostmanager's global). */
declare const hosts: LuaTable<string, import("core.moduleapi").HostRecord | undefined>;

/** The module API object of the plugin being loaded. */
declare const module: import("core.moduleapi").ModuleAPI;
