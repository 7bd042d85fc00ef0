/** @noSelfInFile */

/**
 * net.http.files: serve a folder over HTTP (0.12 net/http/files.lua, the
 * same in 13). Needs LuaFileSystem (lfs), which Prosody itself requires.
 */
/** @noResolution */
declare module "net.http.files" {
  import type { HttpEvent } from "net.http.server";

  /** What `serve` takes (or just the folder's path). */
  export interface ServeOptions {
    /** The folder to serve. */
    path: string;
    /** Content-Type by file extension (default `{ html = "text/html" }`). */
    mime_map?: { [extension: string]: string };
    /** Files tried for a directory (default index.html, index.htm). */
    index_files?: string[];
    /** Fire `directory-index` on the server's events for a directory without an index file. */
    directory_index?: boolean;
    /** Files cached in memory (default 256). */
    cache_size?: number;
    /** Largest file cached, in bytes (default 1024). */
    cache_max_file_size?: number;
  }

  /**
   * A handler of a `/*` route serving the folder: the rest of the path is
   * cleaned (`..` may not leave the folder: 400), a missing file is 404,
   * a directory without index 403; ETag and Last-Modified give 304s.
   */
  export function serve(options: ServeOptions | string): (this: void, event: HttpEvent, path?: string) => number | string | true | undefined;
}
