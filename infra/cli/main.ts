import { parseArgs } from 'node:util';
import { CorpNotFoundError } from '../../shared/corps/corp-registry';
import type { Command } from './command';
import { COMMANDS } from './commands';
import { type CliDeps, type OpenedContext, openContext, resolveTarget } from './context';
import { EXIT_OK, UsageError, describeError, oneLine } from './errors';
import { type FlagSpecs, type RawFlagValues, flagSynopsis, parseArgsOptions, resolveFlags } from './flags';
import { TerminalPrompter } from './prompt';

const BIN = 'wecom-admin';

export const GLOBAL_FLAGS = {
  local: { type: 'boolean', description: 'act on the local stack (secrets file under WECOM_DATA_DIR, default .data)' },
  stage: { type: 'string', valueName: 'NAME', description: 'act on a deployed stage (AWS Secrets Manager)' },
  region: { type: 'string', valueName: 'REGION', description: 'AWS region for --stage (default: AWS_REGION)' },
  json: { type: 'boolean', description: 'print one JSON object on stdout, for scripts' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
} as const satisfies FlagSpecs;

/**
 * Runs one CLI invocation and returns its exit code. Never throws and never
 * prints a stack: every failure becomes one line on stderr.
 */
export async function runCli(argv: readonly string[], deps: CliDeps, commands: readonly Command[] = COMMANDS): Promise<number> {
  let secrets: string[] = [];
  let context: OpenedContext | undefined;
  try {
    // First pass, lenient, with every known flag: only to find the verb (flag
    // values must be consumed so `--corp add` is not mistaken for a verb).
    const loose = parseArgs({ args: [...argv], options: parseArgsOptions(allFlags(commands)), strict: false, allowPositionals: true });
    const command = findCommand(commands, loose.positionals);
    if (loose.values.help === true) {
      deps.stdout.write(`${command ? commandHelp(command) : groupHelp(commands, loose.positionals)}\n`);
      return EXIT_OK;
    }
    if (!command) throw new UsageError(unknownCommandMessage(commands, loose.positionals));

    const specs: FlagSpecs = { ...GLOBAL_FLAGS, ...command.flags };
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: parseArgsOptions(specs), strict: true, allowPositionals: true });
    } catch (error) {
      throw new UsageError(`${describeParseError(error)} (see ${BIN} ${command.path.join(' ')} --help)`);
    }
    const values = parsed.values as RawFlagValues;
    secrets = secretValues(command.flags, values);
    const extra = parsed.positionals.slice(command.path.length);
    if (extra.length > 0) throw new UsageError(`unexpected argument ${describeArgument(extra[0] ?? '')} after '${command.path.join(' ')}'`);

    const target = resolveTarget(
      {
        local: values.local === true,
        ...(typeof values.stage === 'string' ? { stage: values.stage } : {}),
        ...(typeof values.region === 'string' ? { region: values.region } : {}),
      },
      deps,
    );
    const warn = (line: string): void => void deps.stderr.write(`${oneLine(line)}\n`);
    const flags = await resolveFlags(command.flags, values, deps.prompter, warn);
    secrets = [...secrets, ...secretValues(command.flags, flags as RawFlagValues)];

    context = await openContext(target, deps, values.json === true);
    await command.run(context, flags);
    return EXIT_OK;
  } catch (error) {
    const { message, exitCode } = describeError(error);
    const hint = error instanceof CorpNotFoundError && context ? ` in stage ${context.stage} (corp show ${context.targetFlags} lists corps)` : '';
    deps.stderr.write(`${BIN}: error: ${redact(message + hint, secrets)}\n`);
    return exitCode;
  } finally {
    context?.close();
  }
}

/** The entry point of the `wecom-admin` bin: real process streams, a prompter only on a terminal outside CI. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const interactive = process.stdin.isTTY === true && process.env.CI !== 'true';
  return runCli(argv, {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    now: () => new Date(),
    ...(interactive ? { prompter: new TerminalPrompter(process.stdin, process.stderr) } : {}),
  });
}

function allFlags(commands: readonly Command[]): FlagSpecs {
  return Object.assign({}, ...commands.map((command) => command.flags), GLOBAL_FLAGS) as FlagSpecs;
}

/** The command whose path is the longest prefix of the positionals. */
function findCommand(commands: readonly Command[], positionals: readonly string[]): Command | undefined {
  let best: Command | undefined;
  for (const command of commands) {
    const matches = command.path.every((word, i) => positionals[i] === word);
    if (matches && command.path.length > (best?.path.length ?? 0)) best = command;
  }
  return best;
}

function unknownCommandMessage(commands: readonly Command[], positionals: readonly string[]): string {
  if (positionals.length === 0) return `no command given; run '${BIN} --help' for the list`;
  const group = commands.filter((command) => command.path[0] === positionals[0]);
  if (group.length === 0) {
    return `unknown command ${describeArgument(positionals[0] ?? '')}; commands: ${[...new Set(commands.map((c) => c.path[0]))].join(', ')} (see ${BIN} --help)`;
  }
  const verbs = group.map((command) => command.path.slice(1).join(' ')).join(', ');
  if (positionals.length === 1) return `'${positionals[0]}' needs a verb: ${verbs}`;
  const verb = positionals[1] ?? '';
  const named = /^[a-z][a-z0-9-]{0,30}$/.test(verb) ? `'${positionals[0]} ${verb}'` : `'${positionals[0]}' ${describeArgument(verb)}`;
  return `unknown command ${named}; ${positionals[0]} verbs: ${verbs}`;
}

/** parseArgs' own messages run over several lines and suggest `--` tricks; keep the first sentence. */
function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = message ?? String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown flag ${/'[^']*'/.exec(text)?.[0] ?? ''}`.trim();
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && text.includes('ambiguous')) {
    const flag = /'(-[^' ]+)'/.exec(text)?.[1] ?? '--flag';
    return `${flag} needs a value; to give one starting with '-', write ${flag}=-…`;
  }
  return oneLine(text);
}

/** Quotes a stray argument only when it looks like a word: it might be a mistyped secret. */
function describeArgument(argument: string): string {
  return /^[a-z][a-z0-9-]{0,30}$/.test(argument) ? `'${argument}'` : '(value not shown)';
}

function secretValues(specs: FlagSpecs, values: RawFlagValues): string[] {
  return Object.entries(specs)
    .filter(([name, spec]) => spec.secret && typeof values[name] === 'string')
    .map(([name]) => values[name] as string);
}

/** Last line of defence: an error message never carries a secret given on the command line. */
function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out;
}

function flagLines(specs: FlagSpecs): string[] {
  const entries = Object.entries(specs).map(([name, spec]) => [flagSynopsis(name, spec), spec.description] as const);
  const width = Math.max(...entries.map(([synopsis]) => synopsis.length)) + 2;
  return entries.map(([synopsis, description]) => `  ${synopsis.padEnd(width)}${description}`);
}

const FOOTER = [
  'Exactly one of --local or --stage NAME is required.',
  'On a terminal, missing required flags are prompted for (the app secret without echo);',
  'with CI=true or without a terminal they are errors.',
  'Exit codes: 0 success, 1 operational error (e.g. corp not found), 2 usage error, 130 cancelled.',
];

export function globalHelp(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((command) => command.path.join(' ').length)) + 2;
  return [
    `Usage: ${BIN} <command> (--local | --stage NAME) [flags]`,
    '',
    'Registers WeCom corps for wecom-connector and manages their secrets, in the local stack',
    'or in a deployed stage. Secret values are printed only when asked for by name.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.path.join(' ').padEnd(width)}${command.summary}`),
    '',
    'Global flags:',
    ...flagLines(GLOBAL_FLAGS),
    '',
    ...FOOTER,
    `Run '${BIN} <command> --help' for a command's flags.`,
  ].join('\n');
}

function groupHelp(commands: readonly Command[], positionals: readonly string[]): string {
  const group = commands.filter((command) => positionals.length > 0 && command.path[0] === positionals[0]);
  return group.length > 0 && positionals.length === 1 ? globalHelp(group) : globalHelp(commands);
}

export function commandHelp(command: Command): string {
  const required = Object.entries(command.flags)
    .filter(([, spec]) => spec.required)
    .map(([name, spec]) => flagSynopsis(name, spec));
  return [
    `Usage: ${BIN} ${command.path.join(' ')} (--local | --stage NAME) ${[...required, '[flags]'].join(' ')}`,
    '',
    command.summary + '.',
    ...(command.details ?? []),
    '',
    'Flags:',
    ...flagLines(command.flags),
    '',
    'Global flags:',
    ...flagLines(GLOBAL_FLAGS),
    '',
    ...FOOTER,
  ].join('\n');
}
