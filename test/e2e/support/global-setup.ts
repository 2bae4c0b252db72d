/**
 * Before the specs: out/renderer must be a build with the test hook (a production build
 * has none; `npm test` builds one, `npm run build` does not), else build one.
 */
import { ensureTestHookBuild } from '../../../scripts/test-hook-build.mjs';

export default function globalSetup(): void {
  ensureTestHookBuild();
}
