import { PassThrough } from 'node:stream';
import { PromptCancelledError } from '../../../infra/cli/errors';
import { TerminalPrompter } from '../../../infra/cli/prompt';
import { randomAppSecret } from './cli-harness';

/** The real readline prompter over in-memory streams: what the admin sees on the terminal. */
describe('TerminalPrompter', () => {
  function streams(): { input: PassThrough; output: PassThrough; shown: () => string } {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => (shown += chunk.toString('utf8')));
    return { input, output, shown: () => shown };
  }

  it('asks a question and returns the trimmed answer', async () => {
    const { input, output, shown } = streams();
    const prompter = new TerminalPrompter(input, output);

    const answer = prompter.ask('Corp id: ');
    input.write('  ww0123456789  \n');

    await expect(answer).resolves.toBe('ww0123456789');
    expect(shown()).toContain('Corp id: ');
  });

  it('never echoes a hidden answer', async () => {
    // Prepare
    const { input, output, shown } = streams();
    const prompter = new TerminalPrompter(input, output);
    const secret = randomAppSecret();

    // Act
    const answer = prompter.ask('App Secret: ', { hidden: true });
    input.write(`${secret}\r`);

    // Assess
    await expect(answer).resolves.toBe(secret);
    expect(shown()).toContain('App Secret: ');
    expect(shown()).not.toContain(secret);
    expect(shown().endsWith('\n')).toBe(true);
  });

  it('switches a real terminal to raw mode for a hidden answer, so the terminal does not echo it either', async () => {
    // Prepare: a stand-in for a TTY stdin.
    const { input, output } = streams();
    const setRawMode = jest.fn();
    Object.assign(input, { isTTY: true, setRawMode });

    // Act
    const answer = new TerminalPrompter(input, output).ask('App Secret: ', { hidden: true });
    input.write(`${randomAppSecret()}\r`);
    await answer;

    // Assess
    expect(setRawMode).toHaveBeenCalledWith(true);
    expect(setRawMode).toHaveBeenLastCalledWith(false);
  });

  it('rejects with PromptCancelledError at end of input', async () => {
    const { input, output } = streams();
    const answer = new TerminalPrompter(input, output).ask('Corp id: ');
    input.end();
    await expect(answer).rejects.toBeInstanceOf(PromptCancelledError);
  });

  it('rejects with PromptCancelledError on Ctrl-C', async () => {
    const { input, output } = streams();
    const answer = new TerminalPrompter(input, output).ask('App Secret: ', { hidden: true });
    input.write('\x03');
    await expect(answer).rejects.toBeInstanceOf(PromptCancelledError);
  });
});
