// Shared helpers for the tests: load search.js as CommonJS, read the shared
// vectors, a fake fetch that serves a folder of index files, and the build
// of a content folder (the browser tests use it too, through harness.mjs).
import { createRequire } from "node:module";
import { access, readFile } from "node:fs/promises";
import { constants as fsConstants, existsSync, readFileSync } from "node:fs";
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
 * Runs `cargo run --release --quiet -- build ...` from the repository root.
 * Resolves when the build succeeds; rejects with cargo's output otherwise.
 * Set REMISS_CARGO_LOCKED=1 to pass --locked (CI does, through scripts/test).
 */
export async function buildSite({ out, content, today = "2023-05-01" }) {
  const args = ["run", "--release", "--quiet"];
  if (process.env.REMISS_CARGO_LOCKED === "1") args.push("--locked");
  args.push("--", "build", "--today", today, "--out", out);
  if (content) args.push("--content", content);
  const child = spawn("cargo", args, { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const [code, signal] = await once(child, "exit");
  if (code !== 0) {
    throw new Error(`cargo ${args.join(" ")} failed (exit ${code ?? signal}):\n${output}`);
  }
  await access(path.join(out, "index.html"), fsConstants.R_OK);
  return output;
}
