// `activate MODEL VERSION` and `rollback MODEL`: change the live version after showing what will
// change and asking, then show before and after.
import type { Command } from 'commander';
import { CliCommand } from '../../lib/core/commands.js';
import type { ModelDetail } from '../../lib/core/model.js';
import type { CliContext, CliRuntime } from '../context.js';
import { CommandFailedError } from '../errors.js';
import { runOnTarget, type WriteTargetOptions, withWriteTargetOption } from '../fleet-write.js';
import { DASH, formatDateTime, formatVersion } from '../format.js';
import { modelArgument } from '../model-argument.js';
import { confirm } from '../prompt.js';
import type { ActivationJson } from '../shapes.js';
import { renderTable } from '../table.js';
import { parseVersion } from '../validate.js';
import { requireModel, requireVersion } from './shared.js';

interface ActivationOptions {
  yes?: boolean;
  json?: boolean;
}

export function renderBeforeAfter(view: ActivationJson): string[] {
  return renderTable(
    [{ header: '' }, { header: 'ACTIVE VERSION' }, { header: 'ACTIVATED AT' }],
    [
      ['before', formatVersion(view.before.activeVersion), formatDateTime(view.before.activatedAt)],
      ['after', formatVersion(view.after.activeVersion), formatDateTime(view.after.activatedAt)],
    ],
  );
}

/** Which version to switch to, how the question names the change, and the command's flags. */
interface SwitchRequest extends ActivationOptions {
  target: number;
  verb: 'activate' | 'roll back to';
}

async function switchVersion(ctx: CliContext, model: ModelDetail, request: SwitchRequest): Promise<void> {
  const { target, verb, ...options } = request;
  const name = model.name;
  const version = await requireVersion(ctx, name, target);
  if (version.status !== 'SUCCESS') {
    throw new CommandFailedError(
      `version ${target} of ${name} is ${version.status}; only a SUCCESS version can be activated`,
    );
  }
  const before = { activeVersion: model.activeVersion, activatedAt: model.activatedAt };
  if (model.activeVersion === target) {
    const view: ActivationJson = { model: name, changed: false, before, after: before };
    if (options.json) ctx.json(view);
    else
      ctx.print(
        `v${target} is already the active version of ${name} (since ${formatDateTime(model.activatedAt)}); nothing changed`,
      );
    return;
  }
  if (!options.yes) {
    ctx.note(
      `${name}: active ${formatVersion(model.activeVersion)} since ${formatDateTime(model.activatedAt)}; ${verb} v${target} (${version.sourceType ?? DASH}, created ${formatDateTime(version.createdAt)})`,
    );
    const question = `${verb === 'roll back to' ? 'Roll back' : 'Activate'} ${name} to v${target}?`;
    if (!(await confirm(question, ctx.io.stdin, ctx.io.stderr))) {
      throw new CommandFailedError('not confirmed; nothing changed (answer y, or pass --yes)');
    }
  }
  await ctx.models.activateVersion(name, target);
  const now = await requireModel(ctx, name);
  const view: ActivationJson = {
    model: name,
    changed: true,
    before,
    after: { activeVersion: now.activeVersion, activatedAt: now.activatedAt },
  };
  if (options.json) ctx.json(view);
  else ctx.print(`${name} is now on ${formatVersion(now.activeVersion)}`, '', ...renderBeforeAfter(view));
}

/** The flags of activate and rollback as commander parsed them. */
type Flags = ActivationOptions & WriteTargetOptions;

export function registerActivation(program: Command, runtime: CliRuntime): void {
  const activate = program
    .command(CliCommand.activate)
    .description('make a version the live one (asks first unless --yes)')
    .argument('<model>', 'model name')
    .argument('<version>', 'model version number')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--json', 'print JSON: { model, changed, before, after }');
  withWriteTargetOption(activate).action(
    (modelArg: string, versionArg: string, flags: Flags, command: Command) => {
      const { name, provider } = modelArgument(command, modelArg);
      const target = parseVersion(versionArg);
      const { target: _, allTargets: __, ...options } = flags;
      return runOnTarget(runtime, command, flags, async (rt) => {
        const ctx = rt.context(command, provider);
        const model = await requireModel(ctx, name);
        await switchVersion(ctx, model, { ...options, target, verb: 'activate' });
      });
    },
  );

  const rollback = program
    .command(CliCommand.rollback)
    .description('go back to the previously active version (asks first unless --yes)')
    .argument('<model>', 'model name')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--json', 'print JSON: { model, changed, before, after }');
  withWriteTargetOption(rollback).action((modelArg: string, flags: Flags, command: Command) => {
    const { name, provider } = modelArgument(command, modelArg);
    const { target: _, allTargets: __, ...options } = flags;
    return runOnTarget(runtime, command, flags, async (rt) => {
      const ctx = rt.context(command, provider);
      const model = await requireModel(ctx, name);
      if (model.previousActiveVersion === null) {
        throw new CommandFailedError(`model ${name} has no previous version to roll back to`);
      }
      await switchVersion(ctx, model, {
        ...options,
        target: model.previousActiveVersion,
        verb: 'roll back to',
      });
    });
  });
}
