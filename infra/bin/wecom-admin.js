#!/usr/bin/env node
'use strict';
// The CLI is TypeScript; tsx's CommonJS hook compiles it on load, so `npx wecom-admin`
// works from a clone with no build step.
require('tsx/cjs/api').register();

const { main } = require('../cli/main.ts');

main().then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    // runCli reports its own errors; this only guards against a bug escaping it.
    process.stderr.write('wecom-admin: error: unexpected failure\n');
    process.exitCode = 1;
  },
);
