// The command line of the benchmark scripts: `--name value` pairs.

/** `{ name: value }` of `--name value` pairs in `argv` (after node and the script). */
export function args(argv) {
  const out = {};
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    out[a.slice(2)] = argv[++i];
  }
  return out;
}
