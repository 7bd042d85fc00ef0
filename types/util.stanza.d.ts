/** @noSelfInFile */

/**
 * util.stanza: XML stanza objects.
 * Building functions raise on non-string text or attribute values, control
 * characters and invalid UTF-8: validate input before calling them.
 * Stanza methods are colon calls (`s:tag(...)`); the library functions
 * (`st.message`, `st.reply`, ...) are plain functions.
 */
/** @noResolution */
declare module "util.stanza" {
  import type { UtilError, ErrorExtra } from "util.error";

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

  /** Attributes of an element, `xmlns` and `xml:lang` included; values must be strings (nil entries are absent). */
  export type Attributes = { [name: string]: string | undefined };

  /** `type` of a message (RFC 6121 §5.2.2); a receiver treats an absent or unknown type as "normal". */
  export type MessageType = "chat" | "error" | "groupchat" | "headline" | "normal";
  /** `type` of a presence (RFC 6121 §4.7.1); absent means available. */
  export type PresenceType = "error" | "probe" | "subscribe" | "subscribed" | "unavailable" | "unsubscribe" | "unsubscribed";
  /** `type` of an iq (RFC 6120 §8.2.3): required, like `id`. */
  export type IqType = "get" | "set" | "result" | "error";
  /** The three stanza kinds Prosody routes (the first part of `message/bare`, `iq/host`, ...). */
  export type StanzaKind = "message" | "presence" | "iq";

  /**
   * Attributes of a stanza whose kind is known: `type` is one of the kind's
   * words; any other attribute is a string, as in `Attributes`. Prosody does
   * not check the `type` of incoming messages and presences (nor of iqs
   * from servers and components): the words are what RFC 6120/6121 allow.
   */
  export interface StanzaAttributes<T extends string> {
    /** Any attribute (absent ones are nil). */
    [name: string]: string | undefined;
    /** The stanza's type. */
    type?: T;
    /** Recipient JID. */
    to?: string;
    /** Sender JID. */
    from?: string;
    /** Stanza id. */
    id?: string;
  }
  /** Attributes of a `<message/>`. */
  export type MessageAttributes = StanzaAttributes<MessageType>;
  /** Attributes of a `<presence/>`. */
  export type PresenceAttributes = StanzaAttributes<PresenceType>;
  /** Attributes of an `<iq/>`: `type` and `id` are required. */
  export interface IqAttributes<T extends IqType = IqType> extends StanzaAttributes<T> {
    /** The iq's type. */
    type: T;
    /** The iq's id (a reply carries the request's). */
    id: string;
  }

  /** Namespace prefix declarations of an element (prefix to URI). */
  export type Namespaces = { [prefix: string]: string };

  /** A child of an element: another element or a text node. */
  export type Node = Stanza | string;

  /** The plain-table form of a stanza made by `preserialize` (for storage). */
  export interface PreserializedStanza {
    /** Element name. */
    name: string;
    /** Attributes as plain strings. */
    attr: { [name: string]: string };
    /** Children: nested tables and text, in document order. */
    [index: number]: PreserializedStanza | string;
  }

  /** An XML element with a build cursor (`tag`/`text`/`up` move it). */
  export interface Stanza {
    /** Element name, without prefix. */
    name: string;
    /** Attributes; `attr.xmlns` is the element's namespace when it declares one. */
    attr: Attributes;
    /** Namespace prefixes declared on this element, if any. */
    namespaces?: Namespaces;
    /** Child elements only. */
    tags: Stanza[];
    /** All children: elements and text nodes, in document order (1-based). */
    [index: number]: Node;

    /** Add a child element at the cursor and move the cursor into it. */
    tag(name: string, attr?: Attributes, namespaces?: Namespaces): this;
    /** Add a text node at the cursor; nil and "" are ignored. */
    text(text?: string): this;
    /** Add `<name>text</name>` at the cursor without moving it. */
    text_tag(name: string, text?: string, attr?: Attributes, namespaces?: Namespaces): this;
    /** Shorthand for `tag("query", { xmlns })`: moves the cursor into the new element. */
    query(xmlns: string): this;
    /** Shorthand for `text_tag("body", text, attr)`. */
    body(text?: string, attr?: Attributes): this;
    /** Move the cursor to the parent. */
    up(): this;
    /** True when the cursor is at the top element. */
    at_top(): boolean;
    /** Move the cursor back to the top element. */
    reset(): this;
    /** Append an element or text node at the cursor (the cursor does not move). */
    add_child(child: Node): this;
    /** Append an element or text node to this element itself, ignoring the cursor. */
    add_direct_child(child: Node): void;
    /** First child element with that name (any when nil) and namespace (default: this element's). */
    get_child(name?: string, xmlns?: string): Stanza | undefined;
    /** Text of the first matching child element; nil when there is none (or it has child elements). */
    get_child_text(name?: string, xmlns?: string): string | undefined;
    /** First matching child whose attribute equals `attr_value` (after `normalize`, if given). */
    get_child_with_attr(
      name: string | undefined,
      xmlns: string | undefined,
      attr_name: string,
      attr_value: string,
      normalize?: (this: void, value: string | undefined) => string | undefined,
    ): Stanza | undefined;
    /** Concatenated text children; nil when the element has child elements. */
    get_text(): string | undefined;
    /** First child element with that name, in any namespace. */
    child_with_name(name: string): Stanza | undefined;
    /** First child element in that namespace, whatever its name. */
    child_with_ns(xmlns: string): Stanza | undefined;
    /** Iterate child elements with that name (any when nil) and namespace (default: this element's). */
    childtags(name?: string, xmlns?: string): LuaIterable<Stanza>;
    /** Iterate every child node (elements and text). */
    children(): LuaIterable<Node>;
    /** Remove the child elements with that name (any when nil) and namespace (default: this element's). */
    remove_children(name?: string, xmlns?: string): this;
    /** Call `callback` on each child element: its return value replaces the child, nil removes it. */
    maptags(callback: (this: void, tag: Stanza) => Stanza | undefined): this;
    /**
     * Follow a path: `"{ns}name/child"` gives an element, `"name#"` its
     * text, `"name@attr"` an attribute value; nil when a step is missing.
     */
    find(path: string): Stanza | string | undefined;
    /** The opening tag only, for logging (`<message to='...'>`). */
    top_tag(): string;
    /** The XML, coloured for a terminal when util.termcolours is available. */
    pretty_print(): string;
    /** The opening tag, coloured like `pretty_print`. */
    pretty_top_tag(): string;
    /** An indented copy (for display); text-only elements are returned as they are. */
    indent(level?: number, indent?: string): Stanza;
    /**
     * Error details of a stanza of type error: type, condition (default
     * "undefined-condition"), text and the application-specific element;
     * all nil when there is no `<error/>` child.
     */
    get_error(): LuaMultiReturn<
      | [ErrorType | undefined, ErrorCondition | (string & {}), string | undefined, Stanza | undefined]
      | [undefined, undefined, undefined, undefined]
    >;
  }

  /** A `<message/>` (from `st.message`, or the stanza of a `message/...` event). Building methods keep the kind. */
  export interface MessageStanza extends Stanza {
    /** Always "message". */
    name: "message";
    /** Attributes, with `type` a message type. */
    attr: MessageAttributes;
  }
  /** A `<presence/>` (from `st.presence`, or the stanza of a `presence/...` event). */
  export interface PresenceStanza extends Stanza {
    /** Always "presence". */
    name: "presence";
    /** Attributes, with `type` a presence type (absent: available). */
    attr: PresenceAttributes;
  }
  /** An `<iq/>` (from `st.iq`, or the stanza of an `iq/...` event); `T` narrows its type (`IqStanza<"get">`). */
  export interface IqStanza<T extends IqType = IqType> extends Stanza {
    /** Always "iq". */
    name: "iq";
    /** Attributes, with `type` and `id` required. */
    attr: IqAttributes<T>;
  }
  /** A stanza of one of the routed kinds; `name` tells them apart (`if (s.name === "iq") ...` narrows). */
  export type RoutedStanza = MessageStanza | PresenceStanza | IqStanza;

  /** An object accepted by `error_reply` in place of type, condition and text (a util.error does). */
  export interface ErrorLike {
    /** Stanza error type. */
    type: ErrorType;
    /** Stanza error condition. */
    condition: ErrorCondition | (string & {});
    /** Human-readable text. */
    text?: string;
    /** Application-specific condition (`namespace` + `condition`), element (`tag`) or `uri` for gone. */
    extra?: ErrorExtra;
    /** `context.by` becomes the error's `by` attribute. */
    context?: { by?: string; [key: string]: unknown };
  }

  /** The metatable shared by all stanzas; extending it adds methods to every stanza. */
  export const stanza_mt: LuaTable<string, unknown>;
  /** True for a stanza object (by metatable). */
  export function is_stanza(value: unknown): value is Stanza;
  /** A new element; raises on an invalid name or attributes. */
  export function stanza(name: string, attr?: Attributes, namespaces?: Namespaces): Stanza;
  /** A `<message/>`, with a `<body/>` when `body` is given; `attr.type` is a message type. */
  export function message(attr?: MessageAttributes, body?: string): MessageStanza;
  /** A `<presence/>`; `attr.type` is a presence type (none: available). */
  export function presence(attr?: PresenceAttributes): PresenceStanza;
  /** An `<iq/>`; raises unless `attr.type` and `attr.id` are set. */
  export function iq<T extends IqType>(attr: IqAttributes<T>): IqStanza<T>;
  /** Reply with to/from swapped and the same id: an iq reply is of type result. */
  export function reply(orig: IqStanza): IqStanza<"result">;
  /** Reply with to/from swapped, the same id and the same type. */
  export function reply(orig: MessageStanza): MessageStanza;
  /** Reply with to/from swapped, the same id and the same type. */
  export function reply(orig: PresenceStanza): PresenceStanza;
  /** Reply with to/from swapped, the same id, and type result for an iq (the original's type otherwise). */
  export function reply(orig: Stanza): Stanza;
  /** Error reply from a type, condition and text; raises when `orig` is itself of type error. */
  export function error_reply(orig: Stanza, type: ErrorType, condition: ErrorCondition | (string & {}), text?: string, by?: string): Stanza;
  /** Error reply from a util.error object (its type, condition, text, extra and `context.by`). */
  export function error_reply(orig: Stanza, error: UtilError | ErrorLike): Stanza;
  /** Deep copy; with `only_top` just the element and its attributes. */
  export function clone<S extends Stanza>(orig: S, only_top?: boolean): S;
  /** The plain-table form of a stanza, for storage. */
  export function preserialize(stanza: Stanza): PreserializedStanza;
  /** A stanza again from its `preserialize` form. */
  export function deserialize(serialized: PreserializedStanza): Stanza;
  /** Escape `'"<>&` for XML. */
  export function xml_escape(text: string): string;
  /** Colour an XML string for a terminal; nil when util.termcolours is unavailable. */
  export const pretty_print: ((this: void, xml: string) => string) | undefined;
}
