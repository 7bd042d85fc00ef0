/** @noSelfInFile */

/**
 * The module API: the object Prosody gives each plugin as the global
 * `module`. Its methods are colon calls; the callbacks a plugin provides
 * (`load`, `unload`, `add_host`) are called without self.
 */
/** @noResolution */
declare module "core.moduleapi" {
  import type { Stanza } from "util.stanza";
  import type { Set } from "util.set";
  import type { Promise } from "util.promise";
  import type { HttpApp } from "net.http.server";

  export type LogLevel = "debug" | "info" | "warn" | "error";
  export type StatusType = "core" | "info" | "warn" | "error";
  /** The host kind a module is loaded on. */
  export type HostType = "local" | "component" | "global";

  /** A session or host that stanzas come from; `send` is a plain function. */
  export interface Origin {
    type: string;
    host: string;
    username?: string;
    resource?: string;
    full_jid?: string;
    send(this: void, stanza: Stanza): boolean | void;
    log(this: void, level: LogLevel, format: string, ...args: unknown[]): void;
  }

  /** The event of stanza hooks (`message/bare`, `iq/host`, ...). */
  export interface StanzaEvent {
    origin: Origin;
    stanza: Stanza;
  }

  /** Resolution of `send_iq`: the reply. */
  export interface IqReplyEvent {
    stanza: Stanza;
    origin?: Origin;
  }

  /** A timer from `add_timer`. */
  export interface Timer {
    stop(): void;
    /** Run again after `delay` seconds. */
    reschedule(delay: number): void;
  }

  /** Legacy measure types of `measure`. */
  export type MeasureType = "amount" | "counter" | "rate" | "distribution" | "sizes" | "times";

  /** A metric of a family, bound to label values. */
  export interface Metric {
    /** Counters and gauges. */
    add(delta: number): void;
    set(value: number): void;
    /** Histograms and summaries. */
    sample(value: number): void;
  }
  export interface MetricFamily {
    with_labels(...values: string[]): Metric;
  }

  /** A key-value store from `open_store`. */
  export interface KeyValueStore {
    get(user: string | undefined): LuaMultiReturn<[unknown, undefined] | [undefined, string | undefined]>;
    set(user: string | undefined, data: unknown): LuaMultiReturn<[true, undefined] | [undefined, string]>;
  }

  /** The item given to `provides(name, item)`; `name` defaults to the module's. */
  export interface ProvidedItem {
    name?: string;
    [key: string]: unknown;
  }

  export interface ModuleAPI {
    /** The module's name without `mod_`. */
    readonly name: string;
    /** The host it is loaded on, or "*" when global. */
    readonly host: string;
    /** The environment the plugin's code runs in. */
    readonly environment: { [key: string]: unknown };
    /** Path of the plugin file. */
    readonly path?: string;
    status_type?: StatusType;
    status_message?: string;

    /** Called once the module is loaded. */
    load?: (this: void) => void;
    /** Called when the module is unloaded or reloaded. */
    unload?: (this: void) => void;
    /** For global modules: called for each host. */
    add_host?: (this: void, module: ModuleAPI) => void;

    get_name(): string;
    get_host(): string;
    get_host_type(): HostType;

    /** printf-style log line, prefixed with the host and module name. */
    log(level: LogLevel, format: string, ...args: unknown[]): void;
    /** Log and set the module status in one call. */
    log_status(level: LogLevel, format: string, ...args: unknown[]): void;
    /** Status shown to admins (`module:list()` in the shell); an error status sticks unless `override`. */
    set_status(type: StatusType, message: string, override?: boolean): void;
    get_status(): LuaMultiReturn<[StatusType | undefined, string | undefined, number | undefined]>;

    /** Handle an event on this host; higher priority runs first; a non-nil return stops the chain. */
    hook<E = StanzaEvent>(event: string, handler: (this: void, event: E) => unknown, priority?: number): void;
    /** Handle a server-wide event (`user-deleted`, `user-password-changed`, ...). */
    hook_global<E = { [key: string]: unknown }>(event: string, handler: (this: void, event: E) => unknown, priority?: number): void;
    hook_object_event<E>(events: unknown, event: string, handler: (this: void, event: E) => unknown, priority?: number): void;
    unhook<E>(event: string, handler: (this: void, event: E) => unknown): void;
    /** Fire an event on this host; returns the first non-nil handler result. */
    fire_event(event: string, data: unknown): unknown;

    /** Raw option value, or the default. */
    get_option(name: string, default_value?: unknown): unknown;
    get_option_scalar(name: string): string | number | boolean | undefined;
    get_option_scalar<T extends string | number | boolean>(name: string, default_value: T): string | number | boolean;
    /** The option as a string; nil when unset and no default. */
    get_option_string(name: string): string | undefined;
    get_option_string(name: string, default_value: string): string;
    /** The option as a number; logs an error and returns nil for a non-number. */
    get_option_number(name: string): number | undefined;
    get_option_number(name: string, default_value: number): number | undefined;
    get_option_boolean(name: string): boolean | undefined;
    get_option_boolean(name: string, default_value: boolean): boolean;
    /** A list (a scalar becomes a one-item list); nil when unset and no default. */
    get_option_array(name: string): unknown[] | undefined;
    get_option_array(name: string, default_value: unknown[]): unknown[];
    get_option_set(name: string): Set<unknown> | undefined;
    get_option_set(name: string, default_value: unknown[]): Set<unknown>;
    get_option_inherited_set(name: string, default_value?: unknown[]): Set<unknown>;
    get_option_path(name: string, default_value?: string, parent?: string): string | undefined;

    /** Load another module on this host and return its environment. */
    depends<T = { [key: string]: unknown }>(name: string): T;
    /** Load `name.lib.lua` or `name.lua` from the module's folder. */
    require<T = unknown>(name: string): T;
    /** Add an item (`http` app, `measure`, ...) to this host. */
    provides(name: "http", item: HttpApp): void;
    provides(name: string, item?: ProvidedItem): void;
    /** Register a disco#info feature. */
    add_feature(xmlns: string): void;
    add_identity(category: string, type: string, name?: string): void;

    /** Route a stanza (from `origin`, default this host). */
    send(stanza: Stanza, origin?: Origin): boolean;
    /** Send an iq and wait for its reply; rejects with a util.error (`wait/remote-server-timeout` on timeout). */
    send_iq(stanza: Stanza, origin?: Origin, timeout?: number): Promise<IqReplyEvent>;

    /** Run `callback` after `delay` seconds; returning a number reschedules it. */
    add_timer(delay: number, callback: (this: void, now: number, ...args: unknown[]) => number | void): Timer;

    /** Legacy statistics: a function recording one sample (for "times": returns a `done` function). */
    measure(name: string, type: "times"): (this: void) => (this: void) => void;
    measure(name: string, type: MeasureType): (this: void, value?: number) => void;
    /** OpenMetrics family; labels follow `label_keys` (the host label is added). */
    metric(type: "counter" | "gauge" | "histogram" | "summary", name: string, unit: string, description: string, label_keys: string[], conf?: { buckets?: number[] }): MetricFamily;

    /** URL of an HTTP app of this module on this host. */
    http_url(app_name?: string, default_path?: string): string;
    /** Open a store of this module. */
    open_store(name?: string, type?: "keyval"): KeyValueStore;
    /** Directory of the module's file. */
    get_directory(): string;
  }
}

/** The module API object of the plugin being loaded. */
declare const module: import("core.moduleapi").ModuleAPI;
