// Minimal type declarations for @xmpp/client 0.14, which ships no .d.ts files.
// Only what the harness and the tests use is declared; extend as needed.

declare module "@xmpp/client" {
  import type { EventEmitter } from "node:events";

  /** An ltx element: stanzas received from and sent to the server. */
  export interface Element {
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<Element | string>;
    parent: Element | null;
    is(name: string, xmlns?: string): boolean;
    getName(): string;
    getNS(): string | undefined;
    getAttr(name: string, xmlns?: string): string | undefined;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    /** Text of a direct child, or null if there is no such child. */
    getChildText(name: string, xmlns?: string): string | null;
    getText(): string;
    text(): string;
    text(value: string): Element;
    attr(name: string): string | undefined;
    attr(name: string, value: string): Element;
    c(name: string, attrs?: XmlAttrs): Element;
    t(text: string): Element;
    up(): Element;
    root(): Element;
    append(...nodes: XmlChild[]): Element;
    toString(): string;
  }

  export type XmlAttrs = Record<string, string | number | boolean | null | undefined>;
  export type XmlChild = Element | string | number | boolean | null | undefined | XmlChild[];

  /** Builds an element: xml("message", { to, type: "chat" }, xml("body", {}, "hi")). */
  export function xml(name: string, attrs?: XmlAttrs | null, ...children: XmlChild[]): Element;

  export interface JID {
    local: string;
    domain: string;
    resource: string;
    bare(): JID;
    toString(): string;
    equals(other: JID): boolean;
  }

  export function jid(address: string): JID;
  export function jid(local: string, domain: string, resource?: string): JID;

  export interface Credentials {
    username?: string;
    password?: string;
  }

  /**
   * Called during SASL with the mechanisms both sides support; it must call
   * authenticate() with the credentials and the chosen mechanism.
   */
  export type CredentialsFunction = (
    authenticate: (credentials: Credentials, mechanism: string) => Promise<void>,
    mechanisms: string[],
  ) => Promise<void>;

  export interface ClientOptions {
    service?: string;
    domain?: string;
    username?: string;
    password?: string;
    /** Overrides username/password and lets the caller pick the SASL mechanism. */
    credentials?: Credentials | CredentialsFunction;
    resource?: string;
    lang?: string;
    /** Timeout in ms for stream close etc. (default 2000). */
    timeout?: number;
  }

  export interface IqCaller {
    request(stanza: Element, timeout?: number): Promise<Element>;
    get(child: Element, to?: string, timeout?: number): Promise<Element>;
    set(child: Element, to?: string, timeout?: number): Promise<Element>;
  }

  /** What an iqCallee handler receives: the request and its child. */
  export interface IqContext {
    stanza: Element;
    /** The request's only child element. */
    element: Element;
    id: string;
    type: string;
    from: JID | null;
    to: JID | null;
  }

  /**
   * The answer of a handler: an element (the result's child, or an <error/> to
   * answer with an error), true (an empty result) or a promise of those; a
   * promise that never settles leaves the request unanswered. Unhandled
   * requests get service-unavailable.
   */
  export type IqHandler = (ctx: IqContext) => Element | boolean | Promise<Element | boolean>;

  export interface IqCallee {
    get(ns: string, name: string, handler: IqHandler): void;
    set(ns: string, name: string, handler: IqHandler): void;
  }

  export interface Reconnect extends EventEmitter {
    delay: number;
    start(): void;
    stop(): void;
  }

  export interface Client extends EventEmitter {
    jid: JID | null;
    status: string;
    options: ClientOptions;
    iqCaller: IqCaller;
    iqCallee: IqCallee;
    reconnect: Reconnect;
    start(): Promise<JID>;
    stop(): Promise<Element | undefined>;
    send(element: Element): Promise<void>;
    sendMany(elements: Element[]): Promise<void>;
    isSecure(): boolean;
  }

  export function client(options?: ClientOptions): Client;
}
