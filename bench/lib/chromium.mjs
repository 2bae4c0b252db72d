// Debian's Chromium for the workloads that show the dashboard, tagged with the bench's
// marker so the leftover check finds (and ends) every process it starts.
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';

export async function launchChromium(marker) {
  const { chromium } = await import('@playwright/test');
  const executablePath = chromiumPath();
  const [name, value] = marker.split('=');
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: CHROMIUM_ARGS,
    headless: true,
    env: { ...process.env, [name]: value },
  });
}
