/**
 * The `tflm` command: inspect, run, profile, plan and benchmark .tflite models. Node-only (file access lives
 * here and in ./io.ts, never in the library). Errors print one line `tflm: <message>` and exit non-zero.
 */
import { ArenaError, describeMissingOps, KernelError, ModelError, UnsupportedOpError } from '../errors.js';
import { builtinOperatorName } from '../model/schema.js';
import { commands, type CommandContext } from './commands.js';
import { UsageError } from './args.js';

export const EXIT = { ok: 0, error: 1, usage: 2, model: 3, unsupported: 4, arena: 5, kernel: 6 } as const;

export const USAGE = `usage: tflm <command> [options]

commands:
  run [MODEL] [--input FILE]... [--output FILE] [--json] [--arena-size BYTES] [--kernels K]
      run a model (default: the bundled hello_world model); each --input holds the raw bytes of one input
      tensor, in input order, possibly N records back to back (the model then runs N times, state carrying over)
  inspect MODEL [--json]
      inputs, outputs, operators (supported or not), tensors, size, exact arena bytes needed
  profile MODEL [--input FILE]... [--iterations N] [--json|--csv] [--kernels K]
      per-op times, by op type and by node, slowest first
  plan MODEL [--planner greedy|linear] [--svg FILE] [--json]
      the arena: bytes by kind, and the memory plan as a table, a text picture and an SVG
  bench MODEL [--input FILE]... [--iterations N] [--json] [--kernels K]
      median/min/max invoke time, arena bytes and per-op times
  help
      this text

--kernels reference|optimized: the WebAssembly SIMD kernels (default where the engine has SIMD; bit-identical
results) or the reference TypeScript kernels

exit codes: 0 ok, 1 error, 2 usage, 3 bad model, 4 unsupported op, 5 arena too small, 6 kernel error`;

export function exitCodeOf(e: unknown): number {
  if (e instanceof UsageError) return EXIT.usage;
  if (e instanceof ModelError) return EXIT.model;
  if (e instanceof UnsupportedOpError) return EXIT.unsupported;
  if (e instanceof ArenaError) return EXIT.arena;
  if (e instanceof KernelError) return EXIT.kernel;
  return EXIT.error;
}

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) return await commands.run!([], ctx);
    if (name === 'help' || name === '--help' || name === '-h') {
      ctx.stdout(USAGE + '\n');
      return EXIT.ok;
    }
    const cmd = commands[name];
    if (!cmd) throw new UsageError(`unknown command '${name}' (try 'tflm help')`);
    return await cmd(rest, ctx);
  } catch (e) {
    const msg = e instanceof UnsupportedOpError ? describeMissingOps(e.ops, builtinOperatorName) : e instanceof Error ? e.message : String(e);
    ctx.stderr(`tflm: ${msg.split('\n')[0]}\n`);
    if (e instanceof UsageError) ctx.stderr(`${USAGE.split('\n')[0]}\n`);
    return exitCodeOf(e);
  }
}
