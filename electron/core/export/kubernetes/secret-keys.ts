/**
 * Which env values look secret, for the Kubernetes Secret vs ConfigMap split. Pure.
 *
 * A guess, so the output names where each key went and `--secret`/`--plain` move keys.
 */
import type { EnvValues } from '../../env/parse-env';

const SECRET_NAME = /(SECRET|PASSW(OR)?D|TOKEN|PRIVATE|CREDENTIAL|AUTH|(^|_)KEY($|_)|API_?KEY|SALT|SIGNING|CERT)/i;
/** A URL with a password in it: `scheme://user:password@host`. */
const URL_CREDENTIALS = /:\/\/[^/\s:@]*:[^/\s@]+@/;

export function looksSecret(key: string, value: string): boolean {
  return SECRET_NAME.test(key) || URL_CREDENTIALS.test(value);
}

export function splitSecrets(
  env: EnvValues,
  forceSecret: readonly string[],
  forcePlain: readonly string[],
): { plain: Record<string, string>; secret: Record<string, string> } {
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const isSecret = forceSecret.includes(key) || (!forcePlain.includes(key) && looksSecret(key, value));
    (isSecret ? secret : plain)[key] = value;
  }
  return { plain, secret };
}
