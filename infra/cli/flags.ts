import type { ZodType } from 'zod';
import { UsageError, formatZodError } from './errors';
import type { Prompter } from './prompt';

/** One command-line flag: how it parses, how help describes it, how it is validated and prompted for. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  /** The flag may repeat; its value is then a list. */
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in help, e.g. `ID`. */
  valueName?: string;
  description: string;
  /** Checked for every given or prompted value, before the command touches any store. */
  schema?: ZodType<string>;
  /** Required: asked for on a terminal when missing, a usage error otherwise. */
  required?: { prompt: string; hidden?: boolean };
  /** The value is a secret: it is scrubbed from any error line. */
  secret?: boolean;
}

export type FlagSpecs = Record<string, FlagSpec>;

type FlagValue<S extends FlagSpec> = S extends { type: 'boolean' }
  ? boolean
  : S extends { multiple: true }
    ? string[]
    : S extends { required: object }
      ? string
      : string | undefined;

/** The values a command receives: required flags are present, booleans default to false, lists to []. */
export type FlagValues<F extends FlagSpecs> = { [K in keyof F]: FlagValue<F[K]> };

export type RawFlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** The `node:util` parseArgs option table for a set of flags. */
export function parseArgsOptions(specs: FlagSpecs): Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) };
  }
  return options;
}

/**
 * Validates the given flags, then fills in missing required ones from the prompter
 * (re-asking on an invalid answer) or fails naming the flag. Every given value is
 * checked first, so a bad flag is reported before the admin is asked anything.
 */
export async function resolveFlags(specs: FlagSpecs, raw: RawFlagValues, prompter: Prompter | undefined, warn: (line: string) => void): Promise<Record<string, unknown>> {
  const resolved: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = raw[name];
    if (spec.type === 'boolean') {
      resolved[name] = value === true;
    } else if (spec.multiple) {
      const list = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
      for (const item of list) validateFlag(name, spec, item);
      resolved[name] = list;
    } else if (typeof value === 'string') {
      validateFlag(name, spec, value);
      resolved[name] = value;
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (!spec.required || resolved[name] !== undefined) continue;
    if (!prompter) {
      throw new UsageError(`missing --${name} (prompts run only on a terminal without CI=true; pass it as a flag)`);
    }
    resolved[name] = await promptFlag(name, spec, spec.required, prompter, warn);
  }
  return resolved;
}

async function promptFlag(name: string, spec: FlagSpec, required: NonNullable<FlagSpec['required']>, prompter: Prompter, warn: (line: string) => void): Promise<string> {
  for (;;) {
    const answer = await prompter.ask(`${required.prompt}: `, { hidden: required.hidden === true });
    const problem = answer === '' ? 'a value is required' : flagProblem(spec, answer);
    if (!problem) return answer;
    warn(`--${name}: ${problem}`);
  }
}

function validateFlag(name: string, spec: FlagSpec, value: string): void {
  const problem = flagProblem(spec, value);
  if (problem) throw new UsageError(`--${name}: ${problem}`);
}

function flagProblem(spec: FlagSpec, value: string): string | undefined {
  if (!spec.schema) return undefined;
  const result = spec.schema.safeParse(value);
  return result.success ? undefined : formatZodError(result.error);
}

/** `--corp ID` / `--force` as help shows it. */
export function flagSynopsis(name: string, spec: FlagSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '';
  return spec.type === 'boolean' ? `${short}--${name}` : `${short}--${name} ${spec.valueName ?? 'VALUE'}`;
}
