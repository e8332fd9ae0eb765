#!/usr/bin/env node
'use strict';
// The CLI is TypeScript; tsx's CommonJS hook compiles it on load, so `npx wecom-admin`
// works from a clone with no build step.
require('tsx/cjs/api').register();

// The AWS SDK prints a multi-line notice about its future Node 22 requirement on
// every --stage run under Node 20; Node versions are a project decision
// (DESIGN.md), not something the admin can act on mid-command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
