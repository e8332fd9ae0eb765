import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { PromptCancelledError } from './errors';

/** Asks the admin for a missing value. Injected so commands are tested without a terminal. */
export interface Prompter {
  /** The trimmed answer; rejects with PromptCancelledError on Ctrl-C or end of input. */
  ask(question: string, options?: { hidden?: boolean }): Promise<string>;
}

/**
 * Prompts on a terminal. Questions go to `output` (stderr), so stdout carries only
 * the result and `--json` output stays parseable even when something was asked.
 */
export class TerminalPrompter implements Prompter {
  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
  ) {}

  async ask(question: string, options: { hidden?: boolean } = {}): Promise<string> {
    const hidden = options.hidden === true;
    // For a hidden answer readline echoes the keystrokes into a sink, in terminal
    // (raw) mode so the terminal itself does not echo them either: nothing of the
    // secret reaches the screen, with no reliance on readline internals.
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rl = createInterface({ input: this.input, output: hidden ? sink : this.output, terminal: hidden ? true : undefined });
    const abort = new AbortController();
    const cancel = (): void => abort.abort();
    rl.once('SIGINT', cancel);
    rl.once('close', cancel);
    try {
      if (hidden) this.output.write(`${question}(input hidden) `);
      const answer = await rl.question(hidden ? '' : question, { signal: abort.signal });
      return answer.trim();
    } catch (error) {
      if (abort.signal.aborted) throw new PromptCancelledError();
      throw error;
    } finally {
      rl.removeListener('close', cancel);
      rl.close();
      // The Enter key was echoed into the sink; end the line on the real terminal.
      if (hidden) this.output.write('\n');
    }
  }
}
