import { IntervalScheduler, type JobRun } from '../../local/schedules/interval-scheduler';

describe('IntervalScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs a job every interval and records each run', async () => {
    const runs: JobRun[] = [];
    const scheduler = new IntervalScheduler((run) => runs.push(run));
    let count = 0;
    scheduler.schedule({ name: 'tick', everyMs: 1000, run: async () => void (count += 1) });
    await jest.advanceTimersByTimeAsync(3500);
    expect(count).toBe(3);
    expect(runs.map((r) => r.ok)).toEqual([true, true, true]);
    await scheduler.stop();
    await jest.advanceTimersByTimeAsync(3000);
    expect(count).toBe(3);
  });

  it('never overlaps a run with itself', async () => {
    const scheduler = new IntervalScheduler();
    let active = 0;
    let maxActive = 0;
    let started = 0;
    scheduler.schedule({
      name: 'slow',
      everyMs: 100,
      run: async () => {
        started += 1;
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 350));
        active -= 1;
      },
    });
    await jest.advanceTimersByTimeAsync(1000);
    expect(maxActive).toBe(1);
    expect(started).toBeLessThan(10);
    const stopping = scheduler.stop();
    await jest.advanceTimersByTimeAsync(400);
    await stopping;
  });

  it('reports a failing run and keeps the schedule going', async () => {
    const runs: JobRun[] = [];
    const scheduler = new IntervalScheduler((run) => runs.push(run));
    let calls = 0;
    scheduler.schedule({
      name: 'flaky',
      everyMs: 100,
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('first run fails');
      },
    });
    await jest.advanceTimersByTimeAsync(250);
    expect(runs.map((r) => [r.ok, r.error])).toEqual([
      [false, 'first run fails'],
      [true, undefined],
    ]);
    expect(scheduler.lastRun('flaky')?.ok).toBe(true);
    expect(() => scheduler.schedule({ name: 'flaky', everyMs: 1, run: async () => undefined })).toThrow('already scheduled');
    await scheduler.stop();
  });
});
