/**
 * What is checked before an instance spawns, so that a start that cannot work says why
 * instead of dying mysteriously: its working directory, then whether its PORT is free.
 */
import { workingDirectoryProblem } from '../instance/working-directory';
import { portProblem } from './port-holder';

export async function startProblem(config: {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}): Promise<string | null> {
  return (await workingDirectoryProblem(config.cwd)) ?? (await portProblem(config.env));
}
