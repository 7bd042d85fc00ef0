// mod_rest end to end: XEP-0050 commands and XEP-0004 forms through the
// JSON mapping against a real Prosody. The server's own `uptime` command
// (mod_uptime) through GET /rest/command/{to}?node=..., a JSON body and a
// flat form; a client answering a multi-stage command in Prosody's child
// order (form before note before actions, options before the value,
// <required/> last), mapped with `order` and written back exactly; the
// simplified `data` map sent as a submitted form; disco extensions.
import { beforeAll, describe, expect, it } from "vitest";
import {
  expectRestError, expectStatus, formPayload, JSON_TYPE, jsonPayload, answerIq, XMPP_XML, xmlPayload, useRestSuite, type JsonObject,
} from "../harness/rest";
import { canonicalXml } from "../harness/xml_canonical";
import { xml, type Element, type TestClient } from "../harness/xmpp";

/** Canonical text of an element (attribute order ignored), "" when absent. */
const canonical = (el: Element | undefined): string => (el === undefined ? "" : canonicalXml(el));

const NS_COMMANDS = "http://jabber.org/protocol/commands";
const NS_DATA = "jabber:x:data";

const suite = useRestSuite({
  name: "rest-commands",
  modules: ["uptime"],
  clients: { bob: "bot" },
});
const alice = suite.as("alice");
let bob: TestClient;
/** The last <command/> bob received. */
let received: Element | undefined;

/** bob's reply to any command: one stage, its children in the order Prosody's table iteration may give. */
function stage(sessionid: string): Element {
  return xml("command", { xmlns: NS_COMMANDS, node: "cfg", status: "executing", sessionid },
    xml("x", { xmlns: NS_DATA, type: "form" },
      xml("title", {}, "Configure"),
      xml("field", { var: "FORM_TYPE", type: "hidden" }, xml("value", {}, "urn:example:cfg")),
      xml("field", { var: "level", type: "list-single", label: "Level" },
        xml("option", { label: "Low" }, xml("value", {}, "1")),
        xml("option", { label: "High" }, xml("value", {}, "2")),
        xml("value", {}, "2"),
        xml("required")),
      xml("field", { var: "public", type: "boolean" }, xml("value", {}, "1"))),
    xml("note", { type: "info" }, "Pick a level"),
    xml("actions", { execute: "complete" }, xml("next"), xml("complete")));
}

beforeAll(() => {
  ({ bob } = suite.clients);
  answerIq(bob, NS_COMMANDS, "command", (ctx) => {
    received = ctx.element;
    return stage("s-1");
  }, "set");
});

const BOB = "bob@localhost/bot";

describe("the server's uptime command", () => {
  it("GET /rest/command/{to}?node=uptime: 200 with status, sessionid and the note", async () => {
    const res = await alice.get("/command/localhost?node=uptime", { accept: JSON_TYPE });
    expectStatus(res, 200);
    const doc = res.doc();
    expect(doc["unmapped"]).toBeUndefined();
    const command = doc["command"] as JsonObject;
    expect(command).toMatchObject({ node: "uptime", status: "completed", note: { type: "info" } });
    expect(typeof command["sessionid"]).toBe("string");
    expect((command["note"] as JsonObject)["text"]).toMatch(/running for/);
  });

  it("a JSON document with `command` as the node (type set)", async () => {
    const res = await alice.post(jsonPayload({ kind: "iq", type: "set", to: "localhost", command: "uptime" }), { accept: JSON_TYPE });
    expectStatus(res, 200);
    expect(res.doc()["command"]).toMatchObject({ node: "uptime", status: "completed" });
  });

  it("a flat form with command=<node>", async () => {
    const res = await alice.post(formPayload({ kind: "iq", type: "set", to: "localhost", command: "uptime" }), { accept: JSON_TYPE });
    expectStatus(res, 200);
    expect(res.doc()["command"]).toMatchObject({ node: "uptime", status: "completed" });
  });

  it("GET /rest/command/{to} without a node: 422 naming the field", async () => {
    const err = expectRestError(await alice.get("/command/localhost", { accept: JSON_TYPE }), 422);
    expect(err.text).toContain("command");
  });
});

describe("a multi-stage command answered by a client", () => {
  it("the reply maps exactly: form with order hints, note and actions both kept", async () => {
    const res = await alice.post(jsonPayload({ kind: "iq", type: "set", to: BOB, command: { node: "cfg" } }), { accept: JSON_TYPE });
    expectStatus(res, 200);
    const doc = res.doc();
    expect(doc["unmapped"]).toBeUndefined();
    const command = doc["command"] as JsonObject;
    expect(command).toMatchObject({
      node: "cfg", status: "executing", sessionid: "s-1",
      note: { type: "info", text: "Pick a level" },
      actions: { execute: "complete", next: true, complete: true },
      order: ["x", "note", "actions"],
    });
    const form = command["form"] as JsonObject;
    expect(form["fields"]).toEqual([
      { var: "FORM_TYPE", type: "hidden", value: "urn:example:cfg" },
      { var: "level", type: "list-single", label: "Level", value: "2", required: true,
        options: [{ label: "Low", value: "1" }, { label: "High", value: "2" }], order: ["option", "value", "required"] },
      { var: "public", type: "boolean", value: true },
    ]);
    // JSON -> XML through the echo route (which builds requests: type set) gives bob's reply as he wrote it.
    const echoed = await alice.echo(jsonPayload({ kind: "iq", type: "set", id: "e1", command }), { accept: XMPP_XML });
    expectStatus(echoed, 200);
    const el = echoed.stanza().getChild("command", NS_COMMANDS);
    expect(canonical(el)).toBe(canonical(stage("s-1")));
  });

  it("`data` is sent as a submitted form (FORM_TYPE hidden and first, booleans as 1/0, numbers in decimal)", async () => {
    const res = await alice.post(jsonPayload({
      kind: "iq", type: "set", to: BOB,
      command: { node: "cfg", sessionid: "s-1", action: "complete", data: { FORM_TYPE: "urn:example:cfg", level: 1, public: false, tags: ["a", "b"] } },
    }), { accept: JSON_TYPE });
    expectStatus(res, 200);
    expect(received?.attrs).toMatchObject({ node: "cfg", sessionid: "s-1", action: "complete" });
    const form = received?.getChild("x", NS_DATA);
    expect(form?.attrs.type).toBe("submit");
    const fields = (form?.getChildren("field") ?? []).map((f) => [f.attrs.var, f.getChildren("value").map((v) => v.text())]);
    expect(fields).toEqual([["FORM_TYPE", ["urn:example:cfg"]], ["level", ["1"]], ["public", ["0"]], ["tags", ["a", "b"]]]);
  });

  it("a wrongly typed form value: 422 naming it, nothing sent", async () => {
    received = undefined;
    const err = expectRestError(await alice.post(jsonPayload({
      kind: "iq", type: "set", to: BOB, command: { node: "cfg", form: { type: "submit", fields: [{ var: "x", options: [{ label: "no value" }] }] } },
    }), { accept: JSON_TYPE }), 422);
    expect(err.text).toContain("command.form.fields[0].options[0].value");
    expect(received).toBeUndefined();
  });
});

describe("disco extensions", () => {
  it("a disco#info result with XEP-0128 forms maps to extensions keyed by FORM_TYPE and back", async () => {
    // Sent as type set: echo builds requests only.
    const stanza = xml("iq", { type: "set", id: "d1" },
      xml("query", { xmlns: "http://jabber.org/protocol/disco#info" },
        xml("identity", { category: "client", type: "bot" }),
        xml("feature", { var: NS_COMMANDS }),
        xml("x", { xmlns: NS_DATA, type: "result" },
          xml("field", { var: "FORM_TYPE", type: "hidden" }, xml("value", {}, "urn:xmpp:dataforms:softwareinfo")),
          xml("field", { var: "os" }, xml("value", {}, "Linux")))));
    const res = await alice.echo(xmlPayload(stanza), { accept: JSON_TYPE });
    expectStatus(res, 200);
    const doc = res.doc();
    expect(doc["unmapped"]).toBeUndefined();
    expect((doc["disco"] as JsonObject)["extensions"]).toEqual({
      "urn:xmpp:dataforms:softwareinfo": { type: "result", fields: [
        { var: "FORM_TYPE", type: "hidden", value: "urn:xmpp:dataforms:softwareinfo" }, { var: "os", value: "Linux" },
      ] },
    });
    const back = await alice.echo(jsonPayload(doc), { accept: XMPP_XML });
    expectStatus(back, 200);
    expect(canonical(back.stanza().getChild("query"))).toBe(canonical(stanza.getChild("query")));
  });
});
