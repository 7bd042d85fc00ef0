/**
 * The API explorer, only with rest_demo_resources (Swagger UI's `dist/`
 * folder, from the swagger-ui-dist package): `GET /rest/` redirects to
 * `/rest/demo/`, which serves the folder's index.html on this API's OpenAPI
 * document (`/rest/demo/openapi.yaml`, the community module's address of
 * it); `/rest/demo/*` serves the folder's files. No credentials: the page
 * asks for them (Authorize) when it calls the API.
 */
import type { HttpEvent, ResponseFields } from "net.http.server";
import * as json from "../lib/json";
import { openApiRoutes } from "./openapi";

/** A demo route's handler. */
type DemoHandler = (this: void, event: HttpEvent, path?: string) => number | string | true | ResponseFields | undefined;

/** Where the page reads the document, relative to the API's base URL. */
const DOCUMENT_PATH = "/demo/openapi.yaml";

/**
 * Swagger UI's configuration file (the index.html of current Swagger UI
 * loads it), replacing the folder's, which shows the petstore. Without the online
 * validator, whose badge is an image from elsewhere (the policy refuses it).
 */
function initializer(documentUrl: string): string {
  return [
    "window.onload = function () {",
    "  window.ui = SwaggerUIBundle({",
    `    url: ${json.encode(documentUrl)},`,
    '    dom_id: "#swagger-ui",',
    "    deepLinking: true,",
    '    validatorUrl: "none",',
    "    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],",
    "    plugins: [SwaggerUIBundle.plugins.DownloadUrl],",
    '    layout: "StandaloneLayout"',
    "  });",
    "};",
    "",
  ].join("\n");
}

/**
 * Older folders (Swagger UI 3) configure the page in an inline
 * script of index.html: point its `url:` at our document, and switch off the
 * online validator. Newer ones are left as they are.
 */
function pointedAt(index: string, documentUrl: string): string {
  const [withUrl] = string.gsub(index, '(%s?url%s*:%s*)%b""', (prefix: string) => `${prefix}"${documentUrl}"`, 1);
  const [withoutValidator] = string.gsub(withUrl, "(%s*SwaggerUIBundle%s*%(%s*{)(%s*)", "%1%2validatorUrl: false,%2");
  return withoutValidator;
}

/** The folder's index.html, nil (with a warning) when it cannot be read. */
function readIndex(folder: string): string | undefined {
  const [file, err] = io.open(`${folder}/index.html`, "rb");
  if (file === undefined) {
    module.log("warn", "rest_demo_resources: cannot read index.html (%s); it should name Swagger UI's dist folder", tostring(err));
    return undefined;
  }
  const text = file.read("*a");
  file.close();
  return typeof text === "string" ? text : undefined;
}

const FILES_LIBRARY = "net.http.files";

/**
 * The page may load only its own folder's scripts, styles and images (Swagger
 * UI sets inline styles and embeds its icons as data: URLs) and call only
 * this server; it may not be framed. Inline scripts only for an older
 * folder's index.html, which configures the page in one.
 */
function contentSecurityPolicy(inlineScripts: boolean): string {
  return [
    "default-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    inlineScripts ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const MIME_TYPES: { [extension: string]: string } = {
  html: "text/html",
  css: "text/css",
  js: "application/javascript",
  map: "application/json",
  json: "application/json",
  png: "image/png",
  svg: "image/svg+xml",
};

/** The demo routes for the folder, relative to the API's base path (baseUrl is where the API is published). */
export function demoRoutes(folder: string, baseUrl: string): { [route: string]: DemoHandler | ResponseFields } {
  // Required here, by a computed name: net.http.files needs LuaFileSystem, only loaded when the demo is on.
  const files = require(FILES_LIBRARY) as typeof import("net.http.files");
  const index = readIndex(folder);
  const serveFile = files.serve({ path: folder, mime_map: MIME_TYPES });
  // A file sent is answered (true): the API's own GET route must not run after it.
  const serve: DemoHandler = (event, path) => {
    const result = serveFile(event, path);
    if (result === undefined) {
      return true;
    }
    return result;
  };
  const documentUrl = `${baseUrl}${DOCUMENT_PATH}`;
  const routes: { [route: string]: DemoHandler | ResponseFields } = {
    "GET /": { status_code: 303, headers: { location: `${baseUrl}/demo/` } },
    "GET /demo/*": serve,
    "GET /demo/swagger-initializer.js": {
      headers: { content_type: "application/javascript" },
      body: initializer(documentUrl),
    },
  };
  // The community module's address of the document: the same as GET /openapi.yaml.
  routes[`GET ${DOCUMENT_PATH}`] = openApiRoutes(baseUrl)["GET /openapi.yaml"];
  if (index !== undefined) {
    const [inlineConfiguration] = string.find(index, "SwaggerUIBundle", 1, true);
    routes["GET /demo/"] = {
      headers: {
        content_type: "text/html",
        content_security_policy: contentSecurityPolicy(inlineConfiguration !== undefined),
      },
      body: pointedAt(index, documentUrl),
    };
  }
  return routes;
}
