/** Minimal argument parsing for the CLI: positionals, `--flag`, `--key value` (repeatable keys collect). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string[]>;
}

/** `spec.flags` take no value; `spec.values` take one (repeatable). Anything else is a UsageError. */
export function parseArgs(argv: string[], spec: { flags?: string[]; values?: string[] }): ParsedArgs {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (spec.flags?.includes(key)) {
        if (eq >= 0) throw new UsageError(`--${key} takes no value`);
        flags.add(key);
      } else if (spec.values?.includes(key)) {
        const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new UsageError(`--${key} needs a value`);
        values.set(key, [...(values.get(key) ?? []), v]);
      } else throw new UsageError(`unknown option ${a}`);
    } else positionals.push(a);
  }
  return { positionals, flags, values };
}

export function oneValue(p: ParsedArgs, key: string): string | undefined {
  const v = p.values.get(key);
  if (v && v.length > 1) throw new UsageError(`--${key} given more than once`);
  return v?.[0];
}

export function intValue(p: ParsedArgs, key: string, min = 0): number | undefined {
  const v = oneValue(p, key);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) throw new UsageError(`--${key} must be an integer >= ${min}, got '${v}'`);
  return Number(v);
}
