/**
 * Child processes of the lifecycle test: the real cdktf CLI and the project's own npm scripts,
 * each with its output kept in a log file, and a way to interrupt terraform halfway through.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');

export interface ProcessRun {
  readonly command: string;
  readonly code: number;
  /** stdout and stderr, terminal escapes removed. */
  readonly output: string;
  readonly durationMs: number;
  /** Set when the run was interrupted on purpose. */
  readonly interrupted?: { readonly signal: NodeJS.Signals; readonly afterCreated: number };
}

export interface RunOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Output is appended here. */
  readonly logFile: string;
  /**
   * Send `signal` to the terraform process once `afterCreated` resources report "Creation complete".
   * @default - never
   */
  readonly interrupt?: { readonly signal: NodeJS.Signals; readonly afterCreated: number };
  /** @default 30 minutes */
  readonly timeoutMs?: number;
}

// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r/g;

function environment(extra: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', ...extra };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

/** Process IDs of every descendant of `pid`, from /proc (Linux). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const found: number[] = [];
  const visit = (id: number) => {
    for (const child of parents.get(id) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** Runs a command; never throws for its exit code. */
export function runProcess(file: string, args: readonly string[], options: RunOptions): Promise<ProcessRun> {
  const command = [file, ...args].join(' ');
  appendFileSync(options.logFile, `\n$ ${command}\n`);
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(file, [...args], { cwd: PROJECT_ROOT, env: environment(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let created = 0;
    let interrupted: ProcessRun['interrupted'];
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8').replace(ESCAPES, '');
      output += text;
      appendFileSync(options.logFile, text);
      if (!options.interrupt || interrupted) return;
      created += text.match(/Creation complete after/g)?.length ?? 0;
      if (created < options.interrupt.afterCreated) return;
      const terraform = descendants(child.pid!).filter((pid) => {
        const argv = commandLine(pid);
        return argv.length > 1 && argv[0].endsWith('terraform') && argv.includes('apply');
      });
      if (terraform.length === 0) return;
      interrupted = { signal: options.interrupt.signal, afterCreated: created };
      appendFileSync(options.logFile, `\n[lifecycle test: ${options.interrupt.signal} to terraform (pid ${terraform.join(', ')}) after ${created} resources were created]\n`);
      for (const pid of terraform) process.kill(pid, options.interrupt.signal);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      for (const pid of descendants(child.pid!)) process.kill(pid, 'SIGKILL');
      child.kill('SIGKILL');
      output += `\n(killed after ${options.timeoutMs ?? 30 * 60_000} ms)`;
    }, options.timeoutMs ?? 30 * 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ command, code: code ?? 1, output, durationMs: Date.now() - started, interrupted });
    });
  });
}

/** The cdktf CLI of this project (node_modules/.bin/cdktf), run from the project root. */
export function runCdktf(args: readonly string[], options: RunOptions): Promise<ProcessRun> {
  return runProcess(join(PROJECT_ROOT, 'node_modules', '.bin', 'cdktf'), args, options);
}

/** One of the project's TypeScript entry points, started the way its npm script starts it. */
export function runScript(script: string, args: readonly string[], options: RunOptions): Promise<ProcessRun> {
  return runProcess(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), join(PROJECT_ROOT, 'scripts', script), ...args], {
    ...options,
    env: { TS_NODE_PROJECT: join(PROJECT_ROOT, 'tsconfig.json'), ...options.env },
  });
}
