/**
 * The formation as an export sees it: one value, built once, that every format's writer
 * reads. Pure: the CLI and the dashboard's host gather the inputs, this checks and shapes
 * them.
 *
 * Each instance carries exactly what Procdeck gives it locally: the .env values, PORT by
 * Foreman's rule and PS=web.1 (PROCDECK_TAG is Procdeck's own marker and stays home).
 */
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/contract';
import { instanceId, type ExitPolicy, type InstanceId } from '../../../shared/model';
import type { EnvValues } from '../env/parse-env';
import { describeCycle, startOrder } from '../formation/start-order';
import type { Readiness, TypeSettings } from '../formation/type-settings';
import { isDnsLabel, toDnsLabel } from './export-names';
import { exportProbe, type ExportProbe } from './export-readiness';

export { EXPORT_FORMATS, type ExportFormat };

export function isExportFormat(name: string): name is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(name);
}

/** What a host knows of one process type when it exports. */
export interface ExportTypeInput {
  readonly name: string;
  readonly command: string;
  /** Instances to run; 0 keeps the type defined but stopped. */
  readonly scale: number;
  readonly policy: ExitPolicy;
  /** PORT of instance 1 (base + 100 × the type's Procfile index); instance n adds n − 1. */
  readonly firstPort: number;
  /** What procdeck.yaml says of the type (DEFAULT_TYPE_SETTINGS without one). */
  readonly settings: TypeSettings;
}

export interface ExportInput {
  /** `-a`; null: the project folder's name, normalised. */
  readonly app: string | null;
  readonly projectName: string;
  /** The working directory of every instance (`-d`). */
  readonly root: string;
  /** In Procfile order. */
  readonly types: readonly ExportTypeInput[];
  /** What the env files define, expanded as Procdeck expands them (no PORT, PS or tag). */
  readonly env: EnvValues;
  readonly user: string | null;
  /** `-l`; null: `/var/log/APP`. */
  readonly logDir: string | null;
  readonly graceMs: number;
  readonly stopSignal: NodeJS.Signals;
  /** The container image (`--image`); null: a placeholder the output points out. */
  readonly image: string | null;
  /** Keys that go to the Kubernetes Secret besides the secret-looking ones, and keys kept out of it. */
  readonly secretKeys: readonly string[];
  readonly plainKeys: readonly string[];
  /** systemd: system units (default) or `--user` units. */
  readonly systemdScope: 'system' | 'user';
}

export interface ExportInstance {
  readonly id: InstanceId;
  /** 1-based. */
  readonly index: number;
  readonly port: number;
  /** The whole environment of this instance: the env values, the type's env, then PORT and PS. */
  readonly env: EnvValues;
}

export interface ExportType {
  readonly name: string;
  /** The name as a DNS-1123 label, for engines that need one (`clock_1` → `clock-1`). */
  readonly dnsName: string;
  readonly command: string;
  readonly scale: number;
  readonly policy: ExitPolicy;
  /** PORT of instance 1; engines that give each replica its own network use it for all. */
  readonly port: number;
  /**
   * Whether the type serves on its PORT: its command mentions PORT, or it is `web`
   * (Heroku routes to web only). Listening types get a container port, a probe, a Service.
   */
  readonly listens: boolean;
  readonly instances: readonly ExportInstance[];
  /** procdeck.yaml's `env` for this type (PORT and PS, which Procdeck sets over it, left out). */
  readonly typeEnv: EnvValues;
  /** What every instance of the type shares: the env values with the type's over them (no PORT, PS). */
  readonly env: EnvValues;
  /** Types that must be ready before this one starts (procdeck.yaml `after`), in the file's order. */
  readonly after: readonly string[];
  /** `restart: cascade`: a dependency's restart takes this type down too. */
  readonly cascade: boolean;
  /** Its place in the start order: 0 for types that wait for nobody, then one more per stage. */
  readonly stage: number;
  /** When it counts as ready, as the engines can be told (export-readiness.ts). */
  readonly probe: ExportProbe;
  readonly readiness: Readiness;
  /** The type's own stop (procdeck.yaml `stop`), else the formation's. */
  readonly stopSignal: NodeJS.Signals;
  readonly graceSeconds: number;
}

export interface ExportModel {
  readonly app: string;
  readonly root: string;
  readonly types: readonly ExportType[];
  readonly env: EnvValues;
  readonly user: string | null;
  /** Where logs go: `-l`, else `/var/log/APP`. */
  readonly logDir: string;
  /** `-l` was given (systemd then appends to files instead of the journal). */
  readonly logDirGiven: boolean;
  /** The formation's stop; each type's own is on the type. */
  readonly graceSeconds: number;
  readonly stopSignal: NodeJS.Signals;
  readonly image: string | null;
  readonly secretKeys: readonly string[];
  readonly plainKeys: readonly string[];
  readonly systemdScope: 'system' | 'user';
}

export const PLACEHOLDER_IMAGE = 'REPLACE-ME/app-image:latest';

export type ModelResult =
  { readonly ok: true; readonly model: ExportModel } | { readonly ok: false; readonly error: string };

export function buildExportModel(input: ExportInput): ModelResult {
  const app = input.app ?? toDnsLabel(input.projectName);
  if (app === '')
    return {
      ok: false,
      error: `the folder name '${input.projectName}' gives no usable app name; name the app with -a`,
    };
  if (!isDnsLabel(app)) {
    return {
      ok: false,
      error: `app name '${app}' must be a DNS-1123 label: a-z, 0-9 and '-', at most 63, starting and ending alphanumeric`,
    };
  }
  const order = startOrder(input.types.map((t) => ({ name: t.name, after: t.settings.after })));
  if (!order.ok) {
    const problem = order.problems[0];
    return {
      ok: false,
      error:
        problem?.kind === 'unknown'
          ? `${problem.type} starts after '${problem.dependency}', which the formation does not have`
          : `a cycle in after: ${describeCycle(problem?.cycle ?? [])}`,
    };
  }
  const stageOf = new Map(order.stages.flatMap((stage, n) => stage.map((name) => [name, n] as const)));
  const dependedOn = new Set(input.types.flatMap((t) => t.settings.after));
  const formationStop = { signal: input.stopSignal, graceMs: input.graceMs };
  const seen = new Map<string, string>();
  const types: ExportType[] = [];
  for (const type of input.types) {
    const dnsName = toDnsLabel(type.name);
    if (dnsName === '') return { ok: false, error: `process type '${type.name}' has no DNS-1123 form` };
    const other = seen.get(dnsName);
    if (other !== undefined) {
      return {
        ok: false,
        error: `process types '${other}' and '${type.name}' both become '${dnsName}' as DNS-1123 names; rename one`,
      };
    }
    seen.set(dnsName, type.name);
    const place = { dnsName, stage: stageOf.get(type.name) ?? 0, dependedOn: dependedOn.has(type.name) };
    types.push(exportType(type, place, input.env, formationStop));
  }
  for (const key of [...input.secretKeys, ...input.plainKeys]) {
    if (!Object.hasOwn(input.env, key) && !types.some((t) => Object.hasOwn(t.typeEnv, key)))
      return { ok: false, error: `--secret/--plain: neither the env files nor procdeck.yaml define '${key}'` };
  }
  return {
    ok: true,
    model: {
      app,
      root: input.root,
      types,
      env: input.env,
      user: input.user,
      logDir: input.logDir ?? `/var/log/${app}`,
      logDirGiven: input.logDir !== null,
      graceSeconds: Math.ceil(input.graceMs / 1000),
      stopSignal: input.stopSignal,
      image: input.image,
      secretKeys: input.secretKeys,
      plainKeys: input.plainKeys,
      systemdScope: input.systemdScope,
    },
  };
}

/** Where a type sits in the formation: its DNS name, its start stage, whether a type starts after it. */
interface TypePlace {
  readonly dnsName: string;
  readonly stage: number;
  readonly dependedOn: boolean;
}

function exportType(
  type: ExportTypeInput,
  place: TypePlace,
  formationEnv: EnvValues,
  formationStop: { readonly signal: NodeJS.Signals; readonly graceMs: number },
): ExportType {
  // As the supervisor does: the type's env over the formation's, PORT and PS over both.
  const { PORT: _port, PS: _ps, ...typeEnv } = type.settings.env;
  const env = { ...formationEnv, ...typeEnv };
  const instances: ExportInstance[] = [];
  for (let index = 1; index <= type.scale; index++) {
    const id = instanceId(type.name, index);
    const port = type.firstPort + index - 1;
    instances.push({ id, index, port, env: { ...env, PORT: String(port), PS: id } });
  }
  const listens = type.name === 'web' || /\$\{?PORT\b/.test(type.command);
  const stop = type.settings.stop ?? formationStop;
  return {
    name: type.name,
    dnsName: place.dnsName,
    command: type.command,
    scale: type.scale,
    policy: type.policy,
    port: type.firstPort,
    listens,
    instances,
    typeEnv,
    env,
    after: type.settings.after,
    cascade: type.settings.restart === 'cascade',
    stage: place.stage,
    probe: exportProbe(type.settings.ready.check, { listens, dependedOn: place.dependedOn, port: type.firstPort }),
    readiness: type.settings.ready,
    stopSignal: stop.signal,
    graceSeconds: Math.ceil(stop.graceMs / 1000),
  };
}

/** One file an export writes, by its name inside the export folder. */
export interface ExportFile {
  readonly path: string;
  readonly text: string;
}

/** What a writer produced: the files, what the user should know, and how to install them. */
export interface ExportOutput {
  readonly files: readonly ExportFile[];
  /** Facts worth a line: where each key went, what has no equivalent on this engine. */
  readonly notes: readonly string[];
  /** Shell lines that install the files; `DIR` stands for the export folder. */
  readonly install: readonly string[];
}

export type WriterResult =
  { readonly ok: true; readonly output: ExportOutput } | { readonly ok: false; readonly error: string };
