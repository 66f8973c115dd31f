import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { LocalStackError } from '../errors.js';

export interface CommandSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/** `-var name=value` for each variable (the endpoint the stack's provider and functions use). */
const varArgs = (vars: Readonly<Record<string, string>>): string[] => Object.entries(vars).flatMap(([name, value]) => ['-var', `${name}=${value}`]);

/** `terraform init` then `terraform apply` in the synthesized stack's folder (its provider points at LocalStack). */
export function deployCommands(stackDir: string, vars: Readonly<Record<string, string>> = {}): CommandSpec[] {
  return [
    { command: 'terraform', args: ['init', '-input=false', '-no-color'], cwd: stackDir },
    { command: 'terraform', args: ['apply', '-auto-approve', '-input=false', '-no-color', ...varArgs(vars)], cwd: stackDir },
  ];
}

export function outputCommand(stackDir: string): CommandSpec {
  return { command: 'terraform', args: ['output', '-json', '-no-color'], cwd: stackDir };
}

export function destroyCommand(stackDir: string, vars: Readonly<Record<string, string>> = {}): CommandSpec {
  return { command: 'terraform', args: ['destroy', '-auto-approve', '-input=false', '-no-color', ...varArgs(vars)], cwd: stackDir };
}

/** The command as a user would paste it, from the repository root. */
export function shellLine(spec: CommandSpec, cwdShown: string, env: Readonly<Record<string, string>> = {}): string {
  const quote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);
  const prefix = Object.entries(env).map(([name, value]) => `${name}=${quote(value)} `).join('');
  return `(cd ${quote(cwdShown)} && ${prefix}${[spec.command, ...spec.args].map(quote).join(' ')})`;
}

export type CommandRunner = (spec: CommandSpec) => Promise<{ code: number; stdout: string; stderr: string }>;

export const missingTerraformMessage =
  'terraform is not on PATH: install Terraform 1.5 or later (https://developer.hashicorp.com/terraform/install), or run without --target localstack (the embedded emulator needs no terraform)';

/**
 * Runs commands with this environment, appending their output to `logFile` (and streaming stderr
 * when `stream`): terraform's plan and progress stay out of the run's output unless asked for.
 */
export function commandRunner(options: { env?: NodeJS.ProcessEnv; logFile?: string; stream?: boolean } = {}): CommandRunner {
  const log = (text: string): void => {
    if (options.logFile) appendFileSync(options.logFile, text);
  };
  return (spec) =>
    new Promise((resolve, reject) => {
      log(`\n$ ${spec.command} ${spec.args.join(' ')}   (in ${spec.cwd})\n`);
      const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        // `output -json` carries the API key: kept out of the log.
        if (spec.args[0] !== 'output') log(chunk.toString());
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        log(chunk.toString());
        if (options.stream) process.stderr.write(chunk);
      });
      child.on('error', (error: NodeJS.ErrnoException) =>
        reject(new LocalStackError(error.code === 'ENOENT' ? missingTerraformMessage : `cannot run ${spec.command}: ${error.message}`, { cause: error })),
      );
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
}

/** The line of terraform's output that says what went wrong: its first `Error:`, else its last line. */
export function terraformErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.replace(/^[│╷╵\s]+/, '').trim()).filter(Boolean);
  return lines.find((line) => line.startsWith('Error:')) ?? lines.at(-1) ?? 'no output';
}

/** Runs each command in order; the first failure stops with one line: the command, terraform's error, where the whole output is. */
export async function runAll(specs: readonly CommandSpec[], run: CommandRunner = commandRunner(), logFile?: string): Promise<string> {
  let last = '';
  for (const spec of specs) {
    const result = await run(spec);
    if (result.code !== 0) {
      const where = logFile ? `; the whole output is in ${logFile}` : '';
      throw new LocalStackError(`\`${spec.command} ${spec.args[0]}\` failed in ${spec.cwd} (exit ${result.code}): ${terraformErrorLine(result.stderr)}${where}`);
    }
    last = result.stdout;
  }
  return last;
}
