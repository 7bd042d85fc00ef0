/**
 * The parts of a request path after /rest: `{kind}/{type}/{to}` for POST
 * (iq with a payload name instead of get/set), `{payload}/{to}` for GET,
 * and the JSON document they describe with the body.
 */
import type { StanzaKind } from "util.stanza";
import { SET_PAYLOADS } from "./map/core";
import { setOf } from "../lib/collections";

/** What a path says about the stanza to build. */
export interface PathRoute {
  kind: StanzaKind;
  /** The type: from the path, or what an iq payload implies (get, or set). */
  type: string;
  /** An iq payload named in the path (`iq/ping/...`, `GET /ping/...`). */
  payload?: string;
  /** The recipient (nil when the path leaves it empty). */
  to?: string;
}

const KINDS = setOf<string>(["message", "presence", "iq"]);
const IQ_TYPES = setOf(["get", "set", "result", "error"]);

/** Types and payload names: letters, digits, `_` (upload_request) and `-`. */
const WORD = "[%w_%-]+";

/** The iq type a payload implies. */
export function payloadType(payload: string): string {
  return SET_PAYLOADS.has(payload) ? "set" : "get";
}

/** An empty `to` is no `to`. */
function recipient(to: string | undefined): string | undefined {
  if (to === "") {
    return undefined;
  }
  return to;
}

/** Match `head` (two captures) followed by the end of the path, or by `/` and the rest. */
function split(path: string, head: string): LuaMultiReturn<[string | undefined, string | undefined, string | undefined]> {
  const [a, b] = string.match(path, `${head}$`);
  if (a !== undefined) {
    return $multi(a, b, undefined);
  }
  const [c, d, rest] = string.match(path, `${head}/(.*)$`);
  return $multi(c, d, rest);
}

/**
 * `{kind}/{type}` or `{kind}/{type}/{to}` (a POST path); nil when it is
 * not one. `to` may be empty and may hold `/` (a full JID).
 */
export function parsePostPath(path: string): PathRoute | undefined {
  const [kind, word, rest] = split(path, `^(%a+)/(${WORD})`);
  if (kind === undefined || word === undefined || !KINDS.has(kind)) {
    return undefined;
  }
  const route: PathRoute = { kind: kind as StanzaKind, type: word, to: recipient(rest) };
  // result and error stay types (refused as such: 422), whatever else names a payload.
  if (kind === "iq" && !IQ_TYPES.has(word)) {
    route.payload = word;
    route.type = payloadType(word);
  }
  return route;
}

/** `{payload}` or `{payload}/{to}` (a GET path); nil when it is not one. */
export function parseGetPath(path: string): PathRoute | undefined {
  const [, payload, rest] = split(path, `^()(${WORD})`);
  if (payload === undefined) {
    return undefined;
  }
  return { kind: "iq", type: payloadType(payload), payload, to: recipient(rest) };
}

/** Put what the path says into a document: kind, type, to (the path wins over the body). */
export function amendDocument(doc: LuaTable<string, unknown>, route: PathRoute): void {
  doc.set("kind", route.kind);
  doc.set("type", route.type);
  if (route.to !== undefined) {
    doc.set("to", route.to);
  }
}
