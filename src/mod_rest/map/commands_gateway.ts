/**
 * `gateway` (XEP-0100 gateway interaction, jabber:iq:gateway): true asks
 * for the prompt; {desc, prompt} is the gateway's answer; {prompt} (the
 * legacy address, type set) asks for the JID, {jid} answers it. Children
 * are written desc, prompt, jid (`order` when the XML had another order);
 * anything else leaves the query in `unmapped`.
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, MapResult } from "./field";
import { anyOf, literalTrue, object, text } from "./shape";
import { kindSequence, orderHint, orderShape, exactOrNil, writingOrder } from "./exact";

export const XMLNS_GATEWAY = "jabber:iq:gateway";

const FIELDS = ["desc", "prompt", "jid"];

const gatewayObject = object(
  [
    ["desc", text("What to enter.")],
    ["prompt", text("The prompt, or the legacy address entered.")],
    ["jid", text("The JID of the legacy address.")],
    ["order", orderShape(FIELDS)],
  ],
);

/** The kind of a child: its name. */
function childKind(child: Stanza): string {
  return child.name;
}

function writeGateway(stanza: Stanza, value: unknown): string | undefined {
  stanza.tag("query", { xmlns: XMLNS_GATEWAY });
  if (value !== true) {
    const doc = value as JsonDoc;
    for (const name of writingOrder(doc.get("order"), FIELDS)) {
      const fieldText = doc.get(name);
      if (fieldText !== undefined) {
        stanza.text_tag(name, fieldText as string);
      }
    }
  }
  stanza.up();
  return undefined;
}

function gatewayToJson(stanza: Stanza): unknown {
  const query = stanza.get_child("query", XMLNS_GATEWAY);
  if (query === undefined) {
    return undefined;
  }
  if (query.tags.length === 0 && query.get_text() === "") {
    return true;
  }
  const doc = new LuaTable<string, unknown>();
  for (const child of query.tags) {
    const ns = child.attr.xmlns;
    if ((ns !== undefined && ns !== XMLNS_GATEWAY) || child.tags.length > 0 || doc.get(child.name) !== undefined) {
      return undefined;
    }
    doc.set(child.name, child.get_text() ?? "");
  }
  doc.set("order", orderHint(kindSequence(query, childKind) ?? [], FIELDS));
  return exactOrNil(query, doc, writeGateway, gatewayObject, "gateway");
}

/** `gateway`: true to ask, {desc, prompt, jid} otherwise. */
export const gateway: FieldMapper = {
  name: "gateway",
  kinds: { iq: true },
  implies: "iq",
  description: "Gateway interaction: true to ask for the prompt, {prompt} (set) to get the JID of a legacy address, {desc, prompt, jid} in results.",
  spec: "XEP-0100",
  shape: anyOf([literalTrue("Ask for the prompt."), gatewayObject]),
  elements: [{ name: "query", xmlns: XMLNS_GATEWAY }],
  form: "empty: true; else the legacy address (prompt)",
  toJson: gatewayToJson,
  fromJson: writeGateway,
  fromForm: (value: string): MapResult<unknown> => {
    if (value === "") {
      return $multi(true, undefined);
    }
    const doc = new LuaTable<string, unknown>();
    doc.set("prompt", value);
    return $multi(doc, undefined);
  },
  toForm: (value) => {
    if (value === true) {
      return "";
    }
    const doc = value as JsonDoc;
    return doc.get("desc") === undefined && doc.get("jid") === undefined ? (doc.get("prompt") as string | undefined) : undefined;
  },
};
