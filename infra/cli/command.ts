import type { CliContext } from './context';
import type { FlagSpecs, FlagValues } from './flags';

/**
 * One verb of the CLI. The dispatcher derives parsing, validation, prompting and
 * help from `flags`, so a verb is one file plus its line in `commands/index.ts`.
 */
export interface CommandDefinition<F extends FlagSpecs> {
  /** The words that name the verb: `['corp', 'add']`. */
  path: readonly string[];
  summary: string;
  /** Extra help paragraphs, one line each. */
  details?: readonly string[];
  flags: F;
  run(ctx: CliContext, flags: FlagValues<F>): Promise<void>;
}

/** A command with its flag types erased, as the dispatcher holds it. */
export interface Command {
  path: readonly string[];
  summary: string;
  details?: readonly string[];
  flags: FlagSpecs;
  run(ctx: CliContext, flags: Record<string, unknown>): Promise<void>;
}

/** Keeps each command's flag names and types checked inside its own `run`. */
export function defineCommand<const F extends FlagSpecs>(definition: CommandDefinition<F>): Command {
  return definition as unknown as Command;
}
