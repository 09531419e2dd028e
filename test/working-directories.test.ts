/**
 * One Terraform working directory per backend in each stack directory: switching a stack between a
 * local AWS API and AWS (or two endpoints) never finds the other backend in `.terraform`, and
 * nothing is deleted.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWorkingDirectoryOf } from '../modules/endpoint/working-directories';
import { tempDir } from './support/fixtures';

const AWS_BACKEND = { local: { path: '../../../terraform.account-personal.tfstate' } };
const ENDPOINT_BACKEND = { local: { path: '../../../.endpoint-state/127.0.0.1-5000/terraform.account-personal.tfstate' } };

/** `.terraform` as `terraform init` leaves it for a backend, with a marker file to follow it by. */
function initialise(stackDir: string, backend: typeof AWS_BACKEND, marker: string): void {
  mkdirSync(join(stackDir, '.terraform'), { recursive: true });
  writeFileSync(join(stackDir, '.terraform', 'terraform.tfstate'), JSON.stringify({ version: 3, backend: { type: 'local', config: { path: backend.local.path, workspace_dir: null }, hash: 1 } }));
  writeFileSync(join(stackDir, '.terraform', 'marker'), marker);
}

const marker = (stackDir: string) => readFileSync(join(stackDir, '.terraform', 'marker'), 'utf8');
const dataDirs = (stackDir: string) => readdirSync(stackDir).filter((name) => name.startsWith('.terraform')).sort();

test("a stack synthesized for another backend gets its own working directory; the other's is set aside, then comes back", () => {
  const stackDir = tempDir();
  initialise(stackDir, AWS_BACKEND, 'aws');
  expect(useWorkingDirectoryOf(stackDir, AWS_BACKEND)).toBe('unchanged');
  expect(useWorkingDirectoryOf(stackDir, ENDPOINT_BACKEND)).toBe('set aside');
  expect(dataDirs(stackDir)).toEqual([expect.stringMatching(/^\.terraform-backend-[0-9a-f]{12}$/)]);
  initialise(stackDir, ENDPOINT_BACKEND, 'endpoint');
  expect(useWorkingDirectoryOf(stackDir, AWS_BACKEND)).toBe('switched');
  expect(marker(stackDir)).toBe('aws');
  expect(useWorkingDirectoryOf(stackDir, ENDPOINT_BACKEND)).toBe('switched');
  expect(marker(stackDir)).toBe('endpoint');
  expect(dataDirs(stackDir)).toHaveLength(2);
});

test('a directory not initialised yet, or a stack never initialised, is left as it is', () => {
  const stackDir = tempDir();
  expect(useWorkingDirectoryOf(stackDir, AWS_BACKEND)).toBe('unchanged');
  mkdirSync(join(stackDir, '.terraform', 'providers'), { recursive: true });
  expect(useWorkingDirectoryOf(stackDir, ENDPOINT_BACKEND)).toBe('unchanged');
  expect(dataDirs(stackDir)).toEqual(['.terraform']);
});
