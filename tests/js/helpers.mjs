// Shared helpers for the search tests: load search.js as CommonJS, read the
// shared vectors, and a fake fetch that serves a folder of index files.
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "../..");
export const require = createRequire(import.meta.url);
export const search = require(path.join(repo, "themes/default/static/search.js"));

export const vectorsPath = path.join(repo, "tests/search/vectors.json");
export function vectors() {
  if (!existsSync(vectorsPath)) throw new Error(`missing ${vectorsPath}: the Rust side writes it (cargo test)`);
  return JSON.parse(readFileSync(vectorsPath, "utf8"));
}

/** A fetchJson over a folder: strips `?v=`, records every request. */
export function folderFetch(dir) {
  const requests = [];
  const fetchJson = async (p) => {
    requests.push(p);
    const file = p.split("?")[0];
    if (file.includes("/") || file.includes("..")) throw new Error(`unexpected path ${p}`);
    return JSON.parse(await readFile(path.join(dir, file), "utf8"));
  };
  return { fetchJson, requests };
}

export const fixture = path.join(here, "fixtures/index");

/**
 * Builds `content` (relative to the repository) into `out` with the release
 * binary, as `remiss build` does for a city, and returns the index folder
 * (`out/sok`).
 */
export async function buildIndex(content, out, today) {
  const args = ["run", "--release", "--quiet"];
  if (process.env.REMISS_CARGO_LOCKED === "1") args.push("--locked");
  args.push("--", "build", "--content", content, "--out", out, "--today", today);
  const child = spawn("cargo", args, { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const [code, signal] = await once(child, "exit");
  if (code !== 0) throw new Error(`cargo ${args.join(" ")} failed (exit ${code ?? signal}):\n${output}`);
  return path.join(out, "sok");
}
