/**
 * The environment formations start with in the desktop app: Procdeck's own until the login
 * shell's arrives (login-shell-env.ts, bounded in time), then that one. When the shell gave
 * none, the reason is said once, in every window.
 */
import type { EnvironmentSource } from '../../shared/environment';
import type { EnvValues } from '../core/env/parse-env';
import type { EnvironmentOutcome, ShellPlatform } from './shell-platform';

export class FormationEnvironment {
  private current: EnvValues;
  private why: string | null = null;
  private from: EnvironmentSource = 'procdeck';
  /** Settles when the login shell answered or gave up; projects open after it. */
  readonly ready: Promise<void>;

  constructor(
    platform: Pick<ShellPlatform, 'processEnv' | 'environment' | 'warn'>,
    onNotice: (notice: string) => void,
  ) {
    this.current = platform.processEnv;
    const use = (outcome: EnvironmentOutcome) => {
      this.current = outcome.env;
      this.why = outcome.notice;
      // The login shell's only when one was asked and it answered (no notice).
      this.from = platform.environment && !outcome.notice ? 'login-shell' : 'procdeck';
      if (!outcome.notice) return;
      platform.warn(outcome.notice);
      onNotice(outcome.notice);
    };
    this.ready = (platform.environment ?? Promise.resolve({ env: platform.processEnv, notice: null })).then(
      use,
      (error: unknown) =>
        use({
          env: platform.processEnv,
          notice: `Could not read your login shell's environment (${String(error)}); processes get Procdeck's own.`,
        }),
    );
  }

  get env(): EnvValues {
    return this.current;
  }

  /** Where `env` came from, for the environment view's origins. */
  get source(): EnvironmentSource {
    return this.from;
  }

  /** Why the formations run with Procdeck's own environment; null when they got the login shell's. */
  get notice(): string | null {
    return this.why;
  }
}
