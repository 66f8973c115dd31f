import { spawn } from 'node:child_process';
import { LocalStackError } from '../errors.js';

export interface CommandSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/** `terraform init` then `terraform apply` in the synthesized stack's folder (its provider points at LocalStack). */
export function deployCommands(stackDir: string): CommandSpec[] {
  return [
    { command: 'terraform', args: ['init', '-input=false', '-no-color'], cwd: stackDir },
    { command: 'terraform', args: ['apply', '-auto-approve', '-input=false', '-no-color'], cwd: stackDir },
  ];
}

export function outputCommand(stackDir: string): CommandSpec {
  return { command: 'terraform', args: ['output', '-json', '-no-color'], cwd: stackDir };
}

export type CommandRunner = (spec: CommandSpec) => Promise<{ code: number; stdout: string; stderr: string }>;

/** Runs a command, streaming its stderr to ours, collecting stdout. */
export const runCommand: CommandRunner = (spec) =>
  new Promise((resolve, reject) => {
    const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', (error) => reject(new LocalStackError(`cannot run ${spec.command}: ${error.message} (is terraform on PATH?)`, { cause: error })));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });

/** Runs each command in order; the first failure stops with its stderr tail. */
export async function runAll(specs: readonly CommandSpec[], run: CommandRunner = runCommand): Promise<string> {
  let last = '';
  for (const spec of specs) {
    const result = await run(spec);
    if (result.code !== 0) {
      throw new LocalStackError(`\`${spec.command} ${spec.args.join(' ')}\` in ${spec.cwd} failed (exit ${result.code}):\n${result.stderr.trim().split('\n').slice(-15).join('\n')}`);
    }
    last = result.stdout;
  }
  return last;
}
