#!/usr/bin/env node
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`0bit-launch: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
