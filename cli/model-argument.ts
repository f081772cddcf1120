// A command's model argument, read with the global --provider: which provider, and the model's name there.
import type { Command } from 'commander';
import type { GlobalOptions } from './context.js';
import { type ModelArgument, parseModelArgument, parseProvider } from './provider.js';

export function modelArgument(command: Command, text: string): ModelArgument {
  const explicit = command.optsWithGlobals<GlobalOptions>().provider;
  return parseModelArgument(text, explicit === undefined ? undefined : parseProvider(explicit));
}
