/** @noSelfInFile */

/**
 * util.events: event emitters. Each host has one (`module:hook` adds to
 * it), the server has a global one, and `new()` makes private ones. Its
 * members are plain functions (dot calls: `events.fire_event(name, data)`).
 */
/** @noResolution */
declare module "util.events" {
  /** A handler; a non-nil return value stops the chain and is returned by `fire_event`. */
  export type Handler<E = any> = (this: void, event: E) => unknown;

  /** Any handler, whatever its event type (for removal). */
  export type AnyHandler = (this: void, event: never) => unknown;

  /** Wraps the handling of events: call `handlers(event_name, event_data)` to run the handlers. */
  export type Wrapper = (
    this: void,
    handlers: (this: void, event_name: string, event_data: any) => unknown,
    event_name: string,
    event_data: any,
  ) => unknown;

  /** An event emitter. */
  export interface Events {
    /** Add a handler; higher priority runs first (default 0). Adding the same function again only changes its priority. */
    add_handler<E = any>(this: void, event: string, handler: Handler<E>, priority?: number): void;
    /** Remove a handler. */
    remove_handler(this: void, event: string, handler: AnyHandler): void;
    /** Add a handler per key of a table (event name to handler). */
    add_handlers(this: void, handlers: { [event: string]: AnyHandler }): void;
    /** Remove the handlers of a table given to `add_handlers`. */
    remove_handlers(this: void, handlers: { [event: string]: AnyHandler }): void;
    /** The handlers of an event, highest priority first; nil when none. */
    get_handlers(this: void, event: string): AnyHandler[] | undefined;
    /** Run the handlers in priority order until one returns non-nil; returns that value. */
    fire_event(this: void, event: string, data?: unknown): unknown;
    /** Wrap the handling of one event (or of every event when `event` is false). */
    add_wrapper(this: void, event: string | false, wrapper: Wrapper): void;
    /** Remove a wrapper. */
    remove_wrapper(this: void, event: string | false, wrapper: Wrapper): void;
    /** The wrappers as an events-like object (for `module:wrap_object_event`). */
    wrappers: {
      /** Same as `add_wrapper`. */
      add_handler(this: void, event: string | false, wrapper: Wrapper): void;
      /** Same as `remove_wrapper`. */
      remove_handler(this: void, event: string | false, wrapper: Wrapper): void;
    };
    /** Call every handler through `hook(handler, event_name, event_data)`; returns the previous hook. */
    set_debug_hook(
      this: void,
      hook: ((this: void, handler: AnyHandler, event_name: string, event_data: any) => unknown) | undefined,
    ): ((this: void, handler: AnyHandler, event_name: string, event_data: any) => unknown) | undefined;
  }

  /** Anything with `add_handler`/`remove_handler` plain functions (an emitter, net.http.server), for `module:hook_object_event`. */
  export interface EventSource {
    /** Add a handler; higher priority runs first. */
    add_handler(this: void, event: string, handler: Handler<never>, priority?: number): void;
    /** Remove a handler. */
    remove_handler(this: void, event: string, handler: Handler<never>): void;
  }

  /** A new, empty event emitter. */
  function new_(): Events;
  export { new_ as new };
}
