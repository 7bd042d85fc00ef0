/** @noSelfInFile */

/**
 * The module API: the object Prosody gives each plugin as the global
 * `module`. Its methods are colon calls (`module:hook(...)`); the callbacks
 * a plugin provides (`load`, `unload`, `add_host`, `save`, `restore`) are
 * called without self.
 */
/** @noResolution */
declare module "core.moduleapi" {
  import type { Stanza } from "util.stanza";
  import type { Set } from "util.set";
  import type { Promise } from "util.promise";
  import type { Events, EventSource, Wrapper } from "util.events";
  import type { HttpApp } from "net.http.server";

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

  /** The event of stanza hooks (`message/bare`, `iq/host`, `iq-set/bare/xmlns:name`, ...). */
  export interface StanzaEvent {
    /** Where the stanza came from. */
    origin: Origin;
    /** The stanza. */
    stanza: Stanza;
  }

  /** Resolution of `send_iq`: the reply event. */
  export interface IqReplyEvent {
    /** The result stanza. */
    stanza: Stanza;
    /** Where it came from (absent when answered internally). */
    origin?: Origin;
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

    /** Handle an event on this host; higher priority runs first; a non-nil return stops the chain. */
    hook<E = StanzaEvent>(event: string, handler: (this: void, event: E) => unknown, priority?: number): void;
    /** Handle a server-wide event (`user-deleted`, `user-password-changed`, `server-started`, ...). */
    hook_global<E = { [key: string]: unknown }>(event: string, handler: (this: void, event: E) => unknown, priority?: number): void;
    /** Handle an event of another emitter (removed when the module unloads). */
    hook_object_event<E = any>(events: EventSource, event: string, handler: (this: void, event: E) => unknown, priority?: number): void;
    /** Handle stream-level elements `stanza/xmlns:name`: called with origin, element and event. */
    hook_tag(xmlns: string | undefined, name: string, handler: (this: void, origin: Origin, stanza: Stanza, event: StanzaEvent) => unknown, priority?: number): void;
    /** Old name of `hook_tag`. */
    hook_stanza(xmlns: string | undefined, name: string, handler: (this: void, origin: Origin, stanza: Stanza, event: StanzaEvent) => unknown, priority?: number): void;
    /** Remove a handler added with `hook`. */
    unhook(event: string, handler: (this: void, event: never) => unknown): void;
    /** Remove a handler added with `hook_object_event`. */
    unhook_object_event(events: EventSource, event: string, handler: (this: void, event: never) => unknown): void;
    /** Wrap the handling of an event on this host. */
    wrap_event(event: string | false, wrapper: Wrapper): void;
    /** Wrap the handling of a server-wide event. */
    wrap_global(event: string | false, wrapper: Wrapper): void;
    /** Wrap the handling of an event of another emitter. */
    wrap_object_event(events: Events, event: string | false, wrapper: Wrapper): void;
    /** Fire an event on this host; returns the first non-nil handler result. */
    fire_event(event: string, data?: unknown): unknown;

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
  }
}

/** The module API object of the plugin being loaded. */
declare const module: import("core.moduleapi").ModuleAPI;
