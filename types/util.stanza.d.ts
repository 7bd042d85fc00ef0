/** @noSelfInFile */

/**
 * util.stanza: XML stanza objects.
 * Building functions raise on non-string text or attribute values, control
 * characters and invalid UTF-8: validate input before calling them.
 */
/** @noResolution */
declare module "util.stanza" {
  /** Error types of RFC 6120 §8.3.2. */
  export type ErrorType = "cancel" | "continue" | "modify" | "auth" | "wait";

  /** Defined conditions of RFC 6120 §8.3.3. */
  export type ErrorCondition =
    | "bad-request" | "conflict" | "feature-not-implemented" | "forbidden" | "gone"
    | "internal-server-error" | "item-not-found" | "jid-malformed" | "not-acceptable"
    | "not-allowed" | "not-authorized" | "policy-violation" | "recipient-unavailable"
    | "redirect" | "registration-required" | "remote-server-not-found"
    | "remote-server-timeout" | "resource-constraint" | "service-unavailable"
    | "subscription-required" | "undefined-condition" | "unexpected-request";

  /** Attributes of an element; `xmlns` and `xml:lang` included. */
  export type Attributes = { [name: string]: string | undefined };

  /** A child of an element: another element or a text node. */
  export type Node = Stanza | string;

  /** An XML element with a build cursor (`tag`/`text`/`up` move it). */
  export interface Stanza {
    /** Element name, without prefix. */
    name: string;
    attr: Attributes;
    /** Child elements only. */
    tags: Stanza[];
    /** All children: elements and text nodes, in document order. */
    [index: number]: Node;

    /** Add a child element and move the cursor into it. */
    tag(name: string, attr?: Attributes, namespaces?: { [prefix: string]: string }): this;
    /** Add a text node at the cursor; nil is ignored. */
    text(text?: string): this;
    /** Add `<name>text</name>` at the cursor without moving it. */
    text_tag(name: string, text: string, attr?: Attributes, namespaces?: { [prefix: string]: string }): this;
    /** Move the cursor to the parent. */
    up(): this;
    /** Move the cursor back to the top element. */
    reset(): this;
    /** Append an element or text node at the cursor. */
    add_child(child: Node): this;
    /** Append a child element without moving the cursor (alias of add_child for elements). */
    add_direct_child(child: Node): void;
    /** First child element with that name and namespace (namespace defaults to the parent's). */
    get_child(name?: string, xmlns?: string): Stanza | undefined;
    /** Text of the first matching child element. */
    get_child_text(name?: string, xmlns?: string): string | undefined;
    /** Text content of this element (concatenated text children). */
    get_text(): string;
    /** Child element at an index among element children (1-based). */
    child_with_name(name: string): Stanza | undefined;
    child_with_ns(xmlns: string): Stanza | undefined;
    /** Iterate child elements, optionally filtered by name and namespace. */
    childtags(name?: string, xmlns?: string): LuaIterable<Stanza>;
    /** Iterate every child node (elements and text). */
    children(): LuaIterable<Node>;
    /** Remove the child elements matching name/xmlns. */
    remove_children(name?: string, xmlns?: string): this;
    /** Apply a function to each child element; returning nil removes it. */
    maptags(callback: (this: void, tag: Stanza) => Stanza | undefined): this;
    /** Find by path, e.g. `"{urn:xmpp:ping}ping@xmlns"`. */
    find(path: string): Stanza | string | undefined;
    /** The opening tag only, for logging (`<message to='...'>`). */
    top_tag(): string;
    /** Indented XML for humans. */
    pretty_print(): string;
    /** Error details of a stanza of type error: type, condition, text, extra element. */
    get_error(): LuaMultiReturn<[ErrorType | undefined, ErrorCondition | string | undefined, string | undefined, Stanza | undefined]>;
    /** Add an error element (type + condition) at the cursor. */
    add_error(type: ErrorType, condition: ErrorCondition, text?: string, by?: string): this;
  }

  /** True for a stanza object (by metatable). */
  export function is_stanza(value: unknown): value is Stanza;
  /** A new element. */
  export function stanza(name: string, attr?: Attributes, namespaces?: { [prefix: string]: string }): Stanza;
  export function message(attr?: Attributes, body?: string): Stanza;
  export function presence(attr?: Attributes): Stanza;
  /** An iq; `attr.type` and `attr.id` are required. */
  export function iq(attr: Attributes & { type: string; id: string }): Stanza;
  /** Reply with to/from swapped, same id and (for iq) type result. */
  export function reply(orig: Stanza): Stanza;
  /** Error reply: from a type and condition, or from a util.error object. */
  export function error_reply(orig: Stanza, type: ErrorType, condition: ErrorCondition | string, text?: string, by?: string): Stanza;
  export function error_reply(orig: Stanza, error: import("util.error").UtilError): Stanza;
  /** Deep copy (by default without the cursor state). */
  export function clone(orig: Stanza, only_top?: boolean): Stanza;
  /** Turn a plain table with `name`/`attr`/children back into a stanza. */
  export function deserialize(value: unknown): Stanza;
  export function preserialize(stanza: Stanza): unknown;
  /** Escape text for XML. */
  export function xml_escape(text: string): string;
  /** Namespace of XMPP stanza errors. */
  export const xmlns_stanzas: "urn:ietf:params:xml:ns:xmpp-stanzas";
}
