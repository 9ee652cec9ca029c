import { execFileSync } from 'node:child_process';

/** The e2e tests drive the built renderer, as start:web serves it: build it once per run. */
export default function globalSetup(): void {
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
}
