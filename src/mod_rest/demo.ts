/**
 * The demo routes, only with rest_demo_resources (a Swagger-UI `dist/`
 * folder): `GET /rest/` redirects to `/rest/demo/`, which serves the
 * folder's index.html pointed at this API's OpenAPI document
 * (`/rest/demo/openapi.yaml`), and `/rest/demo/*` the folder's files. No
 * credentials: the page asks for them when it calls the API.
 */
import type { HttpEvent, ResponseFields } from "net.http.server";

/** A demo route's handler. */
type DemoHandler = (this: void, event: HttpEvent, path?: string) => number | string | true | ResponseFields | undefined;

/** Swagger UI's stock page shows the petstore: point its `url:` at our document, and switch off the online validator. */
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

/** The page may load only the folder's own scripts and styles (Swagger UI inlines some), and not be framed. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self' 'unsafe-inline'",
  "frame-ancestors 'none'",
].join("; ");

const MIME_TYPES: { [extension: string]: string } = {
  html: "text/html",
  css: "text/css",
  js: "application/javascript",
  map: "application/json",
  json: "application/json",
  png: "image/png",
  svg: "image/svg+xml",
};

/** The demo routes for the folder, relative to the API's base path. */
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
  const routes: { [route: string]: DemoHandler | ResponseFields } = {
    "GET /": { status_code: 303, headers: { location: `${baseUrl}/demo/` } },
    "GET /demo/*": serve,
  };
  if (index !== undefined) {
    const page = pointedAt(index, `${baseUrl}/demo/openapi.yaml`);
    routes["GET /demo/"] = {
      headers: {
        content_type: "text/html",
        content_security_policy: CONTENT_SECURITY_POLICY,
      },
      body: page,
    };
  }
  return routes;
}
