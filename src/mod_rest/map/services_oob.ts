/**
 * `oob` in an iq (XEP-0066 jabber:iq:oob): {url, desc, sid}, asking the
 * recipient to fetch a URL. The message's `oob` (jabber:x:oob) is in
 * message.ts under the same JSON name; the schema merges the two.
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, KindSet, MapResult } from "./field";
import { isObject } from "./field";
import { object, text } from "./shape";
import { nonEmptyText, orderedTextChildren } from "./services_values";
import { exactOrNil } from "./exact";
import { hasOnlyAttributes } from "./anykind_element";
import { setOf } from "../../lib/collections";

export const XMLNS_IQ_OOB = "jabber:iq:oob";

const IQ: KindSet = { iq: true };
const QUERY_ATTRIBUTES = setOf(["sid"]);
const CHILDREN = ["url", "desc"];

function oobToJson(stanza: Stanza): unknown {
  const query = stanza.get_child("query", XMLNS_IQ_OOB);
  if (query === undefined || !hasOnlyAttributes(query, QUERY_ATTRIBUTES)) {
    return undefined;
  }
  const texts = orderedTextChildren(query, CHILDREN);
  const url = texts?.get("url");
  if (texts === undefined || url === undefined || url === "") {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("url", url);
  doc.set("desc", texts.get("desc"));
  doc.set("sid", query.attr.sid);
  return doc;
}

function oobFromJson(stanza: Stanza, value: unknown): string | undefined {
  const oob = value as JsonDoc;
  stanza.tag("query", { xmlns: XMLNS_IQ_OOB, sid: oob.get("sid") as string | undefined });
  stanza.text_tag("url", oob.get("url") as string);
  const desc = oob.get("desc") as string | undefined;
  if (desc !== undefined) {
    stanza.text_tag("desc", desc);
  }
  stanza.up();
  return undefined;
}

/** Form: the URL (as the message's `oob`, so one form value serves both kinds). */
function oobFromForm(value: string): MapResult<unknown> {
  const doc = new LuaTable<string, unknown>();
  doc.set("url", value);
  return $multi(doc, undefined);
}

/** Form output: the URL, when that is all there is. */
function oobToForm(value: unknown): string | undefined {
  if (isObject(value) && type(value.get("url")) === "string" && value.get("desc") === undefined && value.get("sid") === undefined) {
    return value.get("url") as string;
  }
  return undefined;
}

/** `oob` {url, desc, sid} in an iq: jabber:iq:oob. */
export const iqOob: FieldMapper = {
  name: "oob",
  kinds: IQ,
  // No kind implied: a document with `oob` and no kind is a message (jabber:x:oob).
  description: "In an iq: a URL the recipient is asked to fetch (jabber:iq:oob), with a description and a session id; in a message see the message's oob.",
  spec: "XEP-0066",
  shape: object(
    [
      ["url", nonEmptyText("The URL of the data.")],
      ["desc", text("A description of the data.")],
      ["sid", text("A session id (the `sid` attribute).")],
    ],
    ["url"],
  ),
  elements: [{ name: "query", xmlns: XMLNS_IQ_OOB }],
  form: "the URL",
  toJson: (stanza) => exactOrNil(stanza.get_child("query", XMLNS_IQ_OOB), oobToJson(stanza), oobFromJson),
  fromJson: oobFromJson,
  fromForm: oobFromForm,
  toForm: oobToForm,
};
