#!/usr/bin/env node
// Fails when module code uses the `any` type without a comment on the same
// line saying why. Usage: node .ci/check-any.mjs DIR...
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const ANY = /(?::|<|,|\bas|\||&|=)\s*any\b|\bany\s*(?:\[\]|>|,|\)|;|\|)/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith(".ts")) yield path;
  }
}

let problems = 0;
for (const dir of process.argv.slice(2)) {
  for (const file of files(dir)) {
    readFileSync(file, "utf8").split("\n").forEach((line, index) => {
      const code = line.replace(/\/\/.*$/, "");
      if (ANY.test(code) && !line.includes("//")) {
        console.error(`${file}:${index + 1}: 'any' without a comment saying why: ${line.trim()}`);
        problems++;
      }
    });
  }
}
if (problems > 0) process.exit(1);
