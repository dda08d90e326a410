// Runs once before all tests: checks the credentials are set and waits until the
// server answers its public health check (the server is started outside Playwright
// and `cargo leptos end-to-end` does not wait for it).
import type { FullConfig } from '@playwright/test';

const TIMEOUT_MS = 60_000;
const INTERVAL_MS = 500;

export default async function globalSetup(config: FullConfig): Promise<void> {
  for (const name of ['E2E_ADMIN_EMAIL', 'E2E_ADMIN_PASSWORD']) {
    if (!process.env[name]) throw new Error(`${name} must be set (the first administrator's credentials)`);
  }

  const baseURL = config.projects[0].use.baseURL as string;
  const url = new URL('/api/v1/health', baseURL).toString();
  const deadline = Date.now() + TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = String(err); // connection refused while the server starts
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  throw new Error(`${url} did not answer 200 within ${TIMEOUT_MS / 1000} s (last: ${last})`);
}
