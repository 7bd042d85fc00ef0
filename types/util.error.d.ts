/** @noSelfInFile */

/** util.error: structured errors, usable as HTTP results and stanza errors. */
/** @noResolution */
declare module "util.error" {
  import type { ErrorType, ErrorCondition, Stanza } from "util.stanza";

  /** An error instance (made by `new`, a registry's `new`, or `from_stanza`). */
  export interface UtilError {
    /** Stanza error type (default "cancel"). */
    type: ErrorType;
    /** Stanza error condition (default "undefined-condition"). */
    condition: ErrorCondition | string;
    text?: string;
    /** HTTP status when returned from an HTTP handler (500 when unset). */
    code?: number;
    /** Application-specific condition element. */
    extra?: { namespace: string; condition: string } | { tag: Stanza };
    /** Free-form details for logs. */
    context: { [key: string]: unknown };
    /** Registry name given to `init`. */
    source?: string;
    /** Unique id for correlating log lines. */
    instance_id: string;
  }

  /** A template in the normal form of a registry. */
  export interface ErrorTemplate {
    type?: ErrorType;
    condition?: ErrorCondition | string;
    text?: string;
    code?: number;
    extra?: { namespace: string; condition: string };
  }

  /** What `init` returns: constructors bound to one registry. */
  export interface Registry<K extends string> {
    source: string;
    registry: { [key in K]: ErrorTemplate };
    /** An error from a registry key (or a template), with context for logs. */
    "new"(this: void, key: K | ErrorTemplate, context?: { [key: string]: unknown }): UtilError;
    /** Wrap a foreign error value (string, table) into this registry. */
    wrap(this: void, e: unknown, context?: { [key: string]: unknown }): UtilError;
    /** `ok, err` passthrough that wraps a non-util.error `err`. */
    coerce<T>(this: void, ok: T, err?: unknown): LuaMultiReturn<[T, undefined] | [undefined, UtilError]>;
    is_error(this: void, value: unknown): value is UtilError;
  }

  /** Build an error from a template (or return `e` if it already is one). */
  function new_(e: ErrorTemplate | UtilError, context?: { [key: string]: unknown }): UtilError;
  export { new_ as new };
  /** Create a registry; `namespace` is the xmlns for `extra` conditions. */
  export function init<K extends string>(source: string, registry: { [key in K]: ErrorTemplate }): Registry<K>;
  export function init<K extends string>(source: string, namespace: string, registry: { [key in K]: ErrorTemplate }): Registry<K>;
  export function is_err(value: unknown): value is UtilError;
  /** The error carried by a stanza of type error. */
  export function from_stanza(stanza: Stanza, context?: { [key: string]: unknown }, source?: string): UtilError;
  export function coerce<T>(ok: T, err?: unknown): LuaMultiReturn<[T, undefined] | [undefined, UtilError]>;
}
