/**
 * The local stand-in for EventBridge rate schedules: each job runs every `everyMs`,
 * never overlapping itself; a failure is reported and the schedule goes on.
 */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  run: () => Promise<void>;
}

export interface JobRun {
  name: string;
  startedAt: Date;
  ok: boolean;
  error?: string;
}

export class IntervalScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly lastRuns = new Map<string, JobRun>();

  constructor(private readonly onRun: (run: JobRun) => void = () => undefined) {}

  schedule(job: ScheduledJob): void {
    if (this.timers.has(job.name)) throw new Error(`job ${job.name} is already scheduled`);
    const timer = setInterval(() => void this.runNow(job), job.everyMs);
    timer.unref();
    this.timers.set(job.name, timer);
  }

  /** Runs the job unless its previous run is still going (then that run is awaited instead). */
  runNow(job: ScheduledJob): Promise<void> {
    const inFlight = this.running.get(job.name);
    if (inFlight) return inFlight;
    const startedAt = new Date();
    const run = job
      .run()
      .then(
        () => ({ name: job.name, startedAt, ok: true }),
        (error: unknown) => ({ name: job.name, startedAt, ok: false, error: error instanceof Error ? error.message : String(error) }),
      )
      .then((result: JobRun) => {
        this.lastRuns.set(job.name, result);
        this.onRun(result);
      })
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }

  lastRun(name: string): JobRun | undefined {
    return this.lastRuns.get(name);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    await Promise.all(this.running.values());
  }
}
