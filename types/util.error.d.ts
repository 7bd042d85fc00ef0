/** @noSelfInFile */

/**
 * util.error: structured errors, usable as HTTP handler results (their
 * `code` is the status) and as stanza errors (`st.error_reply(stanza, err)`).
 * Declare a registry once per module with `init` and make errors with its
 * `new`.
 */
/** @noResolution */
declare module "util.error" {
  import type { ErrorType, ErrorCondition, Stanza } from "util.stanza";

  /** Application-specific details: a condition element (`namespace` + `condition`), an element, or the `uri` of gone/redirect. */
  export interface ErrorExtra {
    /** Namespace of the application-specific condition element. */
    namespace?: string;
    /** Name of the application-specific condition element. */
    condition?: string;
    /** Element added to the error as it is (set by `from_stanza`). */
    tag?: Stanza;
    /** Target of a gone/redirect error. */
    uri?: string;
  }

  /** An error instance (made by `new`, a registry's `new`/`wrap`, or `from_stanza`). */
  export interface UtilError {
    /** Stanza error type (default "cancel"). */
    type: ErrorType;
    /** Stanza error condition (default "undefined-condition"). */
    condition: ErrorCondition | (string & {});
    /** Human-readable text. */
    text?: string;
    /** HTTP status when returned from an HTTP handler (500 when unset); 0 for net.http connection errors. */
    code?: number;
    /** Application-specific condition. */
    extra?: ErrorExtra;
    /** Free-form details for logs (always a table; `context.by` sets the `by` attribute in error replies). */
    context: { [key: string]: unknown };
    /** Registry name given to `init`, if made through one. */
    source?: string;
    /** Short random id for correlating log lines. */
    instance_id: string;
  }

  /** A template in the normal form of a registry. */
  export interface ErrorTemplate {
    /** Stanza error type (default "cancel"). */
    type?: ErrorType;
    /** Stanza error condition (default "undefined-condition"). */
    condition?: ErrorCondition | (string & {});
    /** Human-readable text. */
    text?: string;
    /** HTTP status. */
    code?: number;
    /** Application-specific condition. */
    extra?: ErrorExtra;
  }

  /** A template in the compact form: type, condition, text, and the app-specific condition name (needs a namespace). */
  export type CompactErrorTemplate =
    | [type: ErrorType, condition: ErrorCondition | (string & {})]
    | [type: ErrorType, condition: ErrorCondition | (string & {}), text: string]
    | [type: ErrorType, condition: ErrorCondition | (string & {}), text: string, app_condition: string];

  /** What `init` returns: constructors bound to one registry (plain functions: dot calls). */
  export interface Registry<K extends string> {
    /** The registry name given to `init`. */
    source: string;
    /** The templates, in normal form. */
    registry: { [key in K]: ErrorTemplate };
    /** An error from a registry key (or a template); an existing util.error is returned as it is. */
    "new"(this: void, key: K | ErrorTemplate | UtilError, context?: { [key: string]: unknown }): UtilError;
    /** Wrap a foreign error value: a registry key gives that error, anything else undefined-condition with `context.wrapped_error`. */
    wrap(this: void, e: unknown, context?: { [key: string]: unknown }): UtilError;
    /** `ok, err` passthrough: when `ok` is falsy, returns nil and `err` wrapped into this registry. */
    coerce<T>(this: void, ok: T | undefined | false, err?: unknown): LuaMultiReturn<[T, undefined] | [undefined, UtilError]>;
    /** True for a util.error object. */
    is_error(this: void, value: unknown): value is UtilError;
  }

  /** Build an error from a template (a string gives an undefined-condition error); an existing util.error is returned as it is. */
  function new_(e: ErrorTemplate | UtilError | string, context?: { [key: string]: unknown }): UtilError;
  export { new_ as new };
  /** Create a registry of templates (normal or compact form). */
  export function init<K extends string>(source: string, registry: { [key in K]: ErrorTemplate | CompactErrorTemplate }): Registry<K>;
  /** Create a registry; `namespace` is the xmlns of the compact form's app-specific conditions. */
  export function init<K extends string>(source: string, namespace: string, registry: { [key in K]: ErrorTemplate | CompactErrorTemplate }): Registry<K>;
  /** True for a util.error object. */
  export function is_error(value: unknown): value is UtilError;
  /**
   * Old name of `is_error`.
   * @deprecated Use `is_error` (`is_err = is_error; -- COMPAT w/ older 0.12 trunk` in util/error.lua of 0.12 and 13).
   */
  export function is_err(value: unknown): value is UtilError;
  /** The error carried by a stanza of type error; raises when it has no `<error/>` child. */
  export function from_stanza(stanza: Stanza, context?: { [key: string]: unknown }, source?: string): UtilError;
  /** `ok, err` passthrough: a falsy `ok` with a non-util.error `err` gets an undefined-condition error wrapping it. */
  export function coerce<T>(ok: T | undefined | false, err?: unknown): LuaMultiReturn<[T, undefined] | [undefined | false, UtilError]>;
  /** Library settings: `auto_inject_traceback` adds a traceback to every new error's context. */
  export function configure(options: { auto_inject_traceback?: boolean }): void;
}
