import { relative, resolve, sep } from 'node:path';
import { App, LocalBackend, Manifest, type TerraformStack } from 'cdktf';

/**
 * Keeps the stack's state in `<stateDir>/terraform.<stack>.tfstate` (cdktf's default file) with the
 * path written relative to the stack's directory, `cdktf.out/stacks/<stack>`, where terraform and
 * the cdktf CLI run: cdktf's default writes the absolute path of the checkout into cdk.tf.json,
 * which breaks as soon as the project is cloned elsewhere or the JSON is applied on another machine.
 * The state stays outside cdktf.out, so deleting cdktf.out never deletes it.
 */
export function addLocalBackend(stack: TerraformStack, stateDir: string = process.cwd()): LocalBackend {
  const stackDir = resolve(App.of(stack).outdir, Manifest.stacksFolder, stack.node.id);
  const stateFile = resolve(stateDir, `terraform.${stack.node.id}.tfstate`);
  return new LocalBackend(stack, { path: relative(stackDir, stateFile).split(sep).join('/') });
}
