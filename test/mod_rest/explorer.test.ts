// The API explorer in a real browser: Debian's Chromium (headless, driven by
// playwright-core) opens GET /rest/ of a Prosody serving Swagger UI's dist
// folder (rest_demo_resources), finds the routes of the OpenAPI document,
// authorizes with Basic credentials and uses "Try it out" on POST /rest to
// send a message that bob's XMPP client receives. The page must break no
// rule of its content security policy. Skipped without /usr/bin/chromium
// (`make deps` installs it).
import * as fs from "node:fs";
import * as path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { luaString, REPO_ROOT } from "../harness/prosody";
import { useRestSuite } from "../harness/rest";
import { messageWithBody } from "../harness/xmpp";

/** Debian's chromium, or another build named by CHROMIUM. */
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const SWAGGER_UI = path.join(REPO_ROOT, "node_modules", "swagger-ui-dist");

const SKIPPED = `skipped: no ${CHROMIUM} (\`make deps\` installs Debian's chromium)`;
if (!HAS_CHROMIUM) console.warn(`explorer.test.ts ${SKIPPED}`);

describe.skipIf(!HAS_CHROMIUM)(`the API explorer in Chromium${HAS_CHROMIUM ? "" : ` (${SKIPPED})`}`, () => {
  const suite = useRestSuite({
    name: "rest-explorer",
    config: `  rest_demo_resources = ${luaString(SWAGGER_UI)}`,
    clients: { bob: "explorer" },
  });
  let browser: Browser;
  let page: Page;
  /** Console errors and policy violations seen by the page. */
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage();
    page.on("console", (msg) => {
      if (msg.type() === "error" || /Content Security Policy/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
    });
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    // Violations are events too (some are reported on no console line).
    await page.exposeFunction("reportViolation", (text: string) => problems.push(`CSP: ${text}`));
    await page.addInitScript({
      content: 'document.addEventListener("securitypolicyviolation", (e) => reportViolation(e.violatedDirective + " refused " + e.blockedURI));',
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** The page's URL as the module publishes it (module:http_url() names the host, not 127.0.0.1). */
  const explorerUrl = () => `http://localhost:${suite.server.httpPort}/rest/`;

  it("GET /rest/ opens the explorer on this API's document, with its routes", async () => {
    const res = await page.goto(explorerUrl());
    expect(res?.status()).toBe(200);
    expect(page.url()).toBe(`http://localhost:${suite.server.httpPort}/rest/demo/`);
    await page.locator(".opblock").first().waitFor({ timeout: 15_000 });
    const operations = await page.locator(".opblock-summary").evaluateAll((blocks) =>
      blocks.map((b) => {
        const method = b.querySelector(".opblock-summary-method")?.textContent ?? "";
        const route = b.querySelector(".opblock-summary-path")?.getAttribute("data-path") ?? "";
        return `${method} ${route}`;
      }),
    );
    // Paths are relative to the document's server (…/rest) or absolute (/rest…): match either.
    const has = (method: string, route: RegExp) => operations.some((op) => op.startsWith(`${method} `) && route.test(op.slice(method.length + 1)));
    expect(has("POST", /^(\/rest)?\/?$/), operations.join("\n")).toBe(true);
    expect(has("POST", /^(\/rest)?\/echo$/), operations.join("\n")).toBe(true);
    expect(operations.some((op) => op.startsWith("GET ")), operations.join("\n")).toBe(true);
    expect(await page.locator(".info .title").textContent()).toBeTruthy();
  });

  it("Authorize (Basic) and Try it out on POST /rest send bob a message", async () => {
    // Authorize: the Basic scheme's form in the dialog.
    await page.locator(".auth-wrapper .authorize").first().click();
    const basic = page.locator(".auth-container").filter({ has: page.locator('input[name="username"]') }).first();
    await basic.locator('input[name="username"]').fill("alice");
    await basic.locator('input[name="password"]').fill("alice-pw");
    await basic.locator("button.authorize").click();
    // Once authorized, the scheme's form shows the user and a Logout button instead of its inputs.
    await expect.poll(() => page.locator('.dialog-ux button[aria-label="Remove authorization"]').count()).toBe(1);
    await page.locator(".dialog-ux .close-modal").first().click();

    // Try it out on POST /rest with a JSON message.
    const operation = page.locator(".opblock-post").filter({
      has: page.locator(".opblock-summary-path").filter({ hasText: /^(\/rest)?\/?$/ }),
    }).first();
    await operation.locator(".opblock-summary").first().click();
    await operation.locator(".try-out__btn").click();
    const contentType = operation.locator(".opblock-section-request-body select").first();
    if (await contentType.count()) await contentType.selectOption("application/json");
    const body = { kind: "message", type: "chat", to: "bob@localhost", body: "Hello from the API explorer" };
    await operation.locator("textarea.body-param__text").fill(JSON.stringify(body, null, 2));
    const received = messageWithBody(suite.clients.bob, body.body, 10_000);
    await operation.locator("button.execute").click();
    const stanza = await received;
    expect(stanza.attrs.from).toBe("alice@localhost");
    const status = operation.locator(".live-responses-table tbody .response-col_status").first();
    await expect.poll(async () => (await status.textContent())?.trim(), { timeout: 10_000 }).toBe("202");
  });

  it("the page broke no rule of its content security policy and logged no error", () => {
    expect(problems).toEqual([]);
  });
});
