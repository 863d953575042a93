import { EXIT, type CliIO } from './io.js';

/** `0bit-launch init`: scaffolds the launch gate into an existing project (being built). */
export function runInit(args: string[], io: CliIO): number {
  if (args.length > 0) {
    io.err(`0bit-launch init: takes no arguments, got ${args.join(' ')}`);
    return EXIT.usage;
  }
  io.err('0bit-launch init: not available yet');
  return EXIT.usage;
}
