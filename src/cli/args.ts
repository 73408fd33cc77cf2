/** Minimal, strict argument parsing: unknown options are usage errors (exit 2), never ignored. */
import { SpmError } from "../core/errors";

export interface ParsedArgs {
  command: string;
  options: Map<string, string[]>;
  flags: Set<string>;
  positional: string[];
}

export interface CommandSpec {
  /** Options that take a value; may repeat. */
  valued: string[];
  /** Boolean flags. */
  flags: string[];
}

export function parseArgs(argv: string[], specs: Record<string, CommandSpec>): ParsedArgs {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    throw new SpmError("INVALID_ARGUMENT", "usage");
  }
  const spec = specs[command];
  if (!spec) throw new SpmError("INVALID_ARGUMENT", `unknown command "${command}" (try: ${Object.keys(specs).join(", ")})`);
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "-" || !arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (spec.flags.includes(name)) {
      if (eq > 0) throw new SpmError("INVALID_ARGUMENT", `--${name} takes no value`);
      flags.add(name);
    } else if (spec.valued.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined) throw new SpmError("INVALID_ARGUMENT", `--${name} needs a value`);
      options.set(name, [...(options.get(name) ?? []), value]);
    } else {
      throw new SpmError("INVALID_ARGUMENT", `unknown option --${name} for "${command}"`);
    }
  }
  return { command, options, flags, positional };
}

export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name);
  if (!values) return undefined;
  if (values.length > 1) throw new SpmError("INVALID_ARGUMENT", `--${name} may be given only once`);
  return values[0];
}

export function many(args: ParsedArgs, name: string): string[] {
  return args.options.get(name) ?? [];
}

export function oneInput(args: ParsedArgs): string {
  if (args.positional.length !== 1) throw new SpmError("INVALID_ARGUMENT", "give exactly one input: a file path, or - for standard input");
  return args.positional[0];
}
