import type { Command } from '../command';
import { corpAdd } from './corp-add';
import { corpRotateCallback } from './corp-rotate-callback';
import { corpShow } from './corp-show';

/** Every verb of the CLI, in help order. A new verb is its own file plus one line here. */
export const COMMANDS: readonly Command[] = [corpAdd, corpShow, corpRotateCallback];
