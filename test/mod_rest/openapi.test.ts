// mod_rest end to end: the OpenAPI 3.1 document (GET /rest/openapi.yaml and
// .json) and the JSON Schema of the mapping (GET /rest/schema.json), served
// without credentials ahead of the "GET /*" payload route; the document
// validated by Redocly's `spec` ruleset, matching the module's routes both
// ways (every route documented, every documented operation served); the
// schema compiled by Ajv (draft 2020-12, strict), accepting what the server
// produced and refusing invalid documents; both equal to what dist/ ships.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { Ajv2020 } from "ajv/dist/2020.js";
import { BaseResolver, createConfig, lintDocument, makeDocumentFromString } from "@redocly/openapi-core";
import { REPO_ROOT } from "../harness/prosody";
import { JSON_TYPE, jsonPayload, textPayload, useRestSuite, xmlPayload, type JsonObject, type Payload } from "../harness/rest";

const suite = useRestSuite({ name: "rest-openapi", modules: ["version"] });
const alice = suite.as("alice");
const anonymous = suite.withAuth(null);

type Json = Record<string, unknown>;
const DIST = path.join(REPO_ROOT, "dist");
const distJson = (name: string): Json => JSON.parse(fs.readFileSync(path.join(DIST, name), "utf8")) as Json;
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * The module's routes (keys of its route table, relative to /rest) and the
 * operations of the document that stand for each.
 */
const ROUTES: Record<string, string[]> = {
  POST: ["post /"],
  "POST /*": ["post /echo", "post /{kind}/{type}/{to}", "post /{kind}/{type}/", "post /iq/{payload}/{to}", "post /iq/{payload}/"],
  "GET /*": ["get /{payload}/{to}", "get /{payload}"],
  "GET /openapi.yaml": ["get /openapi.yaml"],
  "GET /openapi.json": ["get /openapi.json"],
  "GET /schema.json": ["get /schema.json"],
};

/** The keys of the route tables in the sources: mod_rest.ts's `routes` and the documents' routes of openapi.ts. */
function routeKeysInSources(): string[] {
  const keysOf = (file: string, start: RegExp): string[] => {
    const text = fs.readFileSync(path.join(REPO_ROOT, "src", "mod_rest", file), "utf8");
    const from = text.search(start);
    expect(from, `${file}: ${start}`).toBeGreaterThanOrEqual(0);
    const block = text.slice(from, text.indexOf("};", from));
    return [...block.matchAll(/^\s*(?:"([A-Z]+(?: [^"]*)?)"|([A-Z]+)):/gm)].map((m) => m[1] ?? m[2] ?? "");
  };
  return [...keysOf("mod_rest.ts", /const routes\b[^=]*= \{/), ...keysOf("openapi.ts", /const routes = \{/)];
}

/** Every operation of a document, as "method /path". */
function operations(doc: Json): string[] {
  const found: string[] = [];
  for (const [p, item] of Object.entries(doc["paths"] as Json)) {
    for (const method of Object.keys(item as Json)) {
      if (HTTP_METHODS.includes(method)) found.push(`${method} ${p}`);
    }
  }
  return found.sort();
}

async function servedDocuments() {
  const yamlRes = await anonymous.get("/openapi.yaml");
  const jsonRes = await anonymous.get("/openapi.json");
  const schemaRes = await anonymous.get("/schema.json");
  return { yamlRes, jsonRes, schemaRes };
}

/** Ajv 2020-12 in strict mode, with the formats the mapping's schema uses. */
function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // RFC 3339 date-time (XEP-0082 timestamps).
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
  return ajv;
}

describe("the documents", () => {
  it("are served without credentials (before the GET payload route), YAML and JSON the same", async () => {
    const { yamlRes, jsonRes, schemaRes } = await servedDocuments();
    expect(yamlRes.status, yamlRes.body).toBe(200);
    expect(jsonRes.status, jsonRes.body).toBe(200);
    expect(schemaRes.status, schemaRes.body).toBe(200);
    expect(yamlRes.headers["content-type"]).toMatch(/^application\/yaml/);
    expect(jsonRes.headers["content-type"]).toMatch(/^application\/json/);
    expect(schemaRes.headers["content-type"]).toMatch(/^application\/schema\+json/);
    const fromYaml = parseYaml(yamlRes.body, { version: "1.2" }) as Json;
    expect(fromYaml).toEqual(jsonRes.json());
    expect(fromYaml["openapi"]).toBe("3.1.0");
    expect((fromYaml["servers"] as Array<{ url: string }>)[0]?.url).toMatch(/^https?:\/\/[^/]+\/rest$/);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    expect((fromYaml["info"] as Json)["version"]).toBe(pkg.version);
  });

  it("are what dist/ ships (but for the server's URL, /rest there)", async () => {
    const { jsonRes, schemaRes } = await servedDocuments();
    expect(schemaRes.json()).toEqual(distJson("mod_rest.schema.json"));
    const shipped = distJson("mod_rest.openapi.json");
    expect(shipped["servers"]).toEqual([{ url: "/rest" }]);
    expect({ ...(jsonRes.json() as Json), servers: [{ url: "/rest" }] }).toEqual(shipped);
    const shippedYaml = parseYaml(fs.readFileSync(path.join(DIST, "mod_rest.openapi.yaml"), "utf8"), { version: "1.2" }) as Json;
    expect(shippedYaml).toEqual(shipped);
  });
});

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 (Redocly, `spec` ruleset: no problems)", async () => {
    const { yamlRes } = await servedDocuments();
    const config = await createConfig({ extends: ["spec"] });
    const document = makeDocumentFromString(yamlRes.body, "openapi.yaml");
    const problems = await lintDocument({ document, config, externalRefResolver: new BaseResolver() });
    const listed = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`);
    expect(listed).toEqual([]);
  });

  it("documents every route of the module, and nothing else", async () => {
    expect(routeKeysInSources().sort()).toEqual(Object.keys(ROUTES).sort());
    const doc = (await anonymous.get("/openapi.json")).json() as Json;
    expect(operations(doc)).toEqual(Object.values(ROUTES).flat().sort());
  });

  /** A request for each documented operation, its parameters filled in with working values. */
  const samples: Record<string, { path: string; payload?: Payload }> = {
    "post /": { path: "", payload: jsonPayload({ kind: "message", type: "chat", to: "bob@localhost", body: "hi" }) },
    "post /echo": { path: "/echo", payload: xmlPayload("<message to='bob@localhost'><body>hi</body></message>") },
    "post /{kind}/{type}/{to}": { path: "/message/chat/bob@localhost", payload: textPayload("hi") },
    "post /{kind}/{type}/": { path: "/message/chat/", payload: textPayload("a note to self") },
    "post /iq/{payload}/{to}": { path: "/iq/ping/localhost" },
    "post /iq/{payload}/": { path: "/iq/version/" },
    "get /{payload}/{to}": { path: "/disco/localhost" },
    "get /{payload}": { path: "/ping" },
    "get /openapi.yaml": { path: "/openapi.yaml" },
    "get /openapi.json": { path: "/openapi.json" },
    "get /schema.json": { path: "/schema.json" },
  };

  it("is served at every operation it lists (Prosody answers neither 404 nor 405)", async () => {
    const doc = (await anonymous.get("/openapi.json")).json() as Json;
    for (const operation of operations(doc)) {
      const sample = samples[operation];
      expect(sample, `no sample request for ${operation}`).toBeDefined();
      const method = operation.split(" ")[0]!.toUpperCase();
      const res = await alice.request({
        method, path: sample!.path, accept: JSON_TYPE, restTimeout: 5, ...(sample!.payload ? { payload: sample!.payload } : {}),
      });
      expect([200, 202], `${operation}: ${res.status} ${res.body.slice(0, 300)}`).toContain(res.status);
    }
  });

  it("gives each path parameter a schema and documents the errors of the registry", async () => {
    const doc = (await anonymous.get("/openapi.json")).json() as Json;
    const send = ((doc["paths"] as Json)["/"] as Json)["post"] as Json;
    const responses = send["responses"] as Json;
    for (const status of ["200", "202", "400", "401", "403", "404", "413", "415", "422", "429", "500", "503", "504"]) {
      expect(responses[status], status).toBeDefined();
    }
    const payload = ((((doc["paths"] as Json)["/{payload}"] as Json)["get"] as Json)["parameters"] as Json[])[0] as Json;
    expect((payload["schema"] as Json)["enum"]).toEqual(expect.arrayContaining(["ping", "version", "disco", "items"]));
  });
});

describe("the JSON Schema of the mapping", () => {
  const stanzas: Array<[string, () => Promise<JsonObject>]> = [
    ["a chat message", async () => (await alice.echo(xmlPayload(
      "<message to='bob@localhost' type='chat'><body>hi</body><subject>s</subject><thread parent='p'>t</thread>"
        + "<x xmlns='jabber:x:oob'><url>https://example.com/a</url><desc>d</desc></x><unknown xmlns='urn:example'/></message>",
    ), { accept: JSON_TYPE })).doc()],
    ["a presence", async () => (await alice.echo(xmlPayload(
      "<presence to='bob@localhost'><show>away</show><status>out</status><priority>-5</priority></presence>",
    ), { accept: JSON_TYPE })).doc()],
    ["an iq get", async () => (await alice.echo(jsonPayload({ kind: "iq", type: "get", to: "localhost", version: true }))).doc()],
    ["a version reply", async () => (await alice.get("/version/localhost", { accept: JSON_TYPE })).doc()],
    ["a disco#info reply", async () => (await alice.get("/disco/localhost", { accept: JSON_TYPE })).doc()],
    ["a disco#items reply", async () => (await alice.get("/items/localhost", { accept: JSON_TYPE })).doc()],
    ["a ping reply", async () => (await alice.get("/ping/localhost", { accept: JSON_TYPE })).doc()],
    ["an error reply", async () => (await alice.get("/version/nobody@localhost", { accept: JSON_TYPE })).doc()],
  ];

  it("compiles with Ajv (draft 2020-12, strict)", async () => {
    const schema = (await anonymous.get("/schema.json")).json() as Json;
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(() => newAjv().compile(schema)).not.toThrow();
  });

  it.each(stanzas)("accepts %s as the server wrote it", async (_what, produce) => {
    const validate = newAjv().compile((await anonymous.get("/schema.json")).json() as Json);
    const doc = await produce();
    expect(validate(doc), `${JSON.stringify(doc)}\n${JSON.stringify(validate.errors, null, 1)}`).toBe(true);
  });

  it("accepts several stanzas in `xmpp`", async () => {
    const validate = newAjv().compile((await anonymous.get("/schema.json")).json() as Json);
    const one = await stanzas[0]![1]();
    expect(validate({ xmpp: [one, one] })).toBe(true);
  });

  it.each<[string, unknown]>([
    ["a body that is a number", { body: 5 }],
    ["an unknown kind", { kind: "stream" }],
    ["an unknown type", { type: "bogus" }],
    ["a priority out of range", { kind: "presence", priority: 1000 }],
    ["a show word RFC 6121 does not define", { show: "busy" }],
    ["unmapped elements that are not strings", { unmapped: [1] }],
    ["a wrapper whose list holds a non-object", { xmpp: ["x"] }],
    ["a version result that is a number", { kind: "iq", version: 1 }],
    ["a to that is a list", { to: ["a"] }],
    ["an array", [{ body: "x" }]],
    ["a string", "hello"],
  ])("refuses %s", async (_what, doc) => {
    const validate = newAjv().compile((await anonymous.get("/schema.json")).json() as Json);
    expect(validate(doc)).toBe(false);
  });

  it("refuses what the server refuses: a wrong field is 422 and invalid in the schema", async () => {
    const validate = newAjv().compile((await anonymous.get("/schema.json")).json() as Json);
    const doc = { kind: "presence", to: "bob@localhost", priority: "high" };
    expect(validate(doc)).toBe(false);
    const res = await alice.echo(jsonPayload(doc), { accept: JSON_TYPE });
    expect(res.status, res.body).toBe(422);
  });
});
