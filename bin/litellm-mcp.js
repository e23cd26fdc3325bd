#!/usr/bin/env node
import module from 'node:module';

// Node 22.1 and later can keep V8's compiled code of dist/ on disk (in the OS temp folder), so that the
// next start reads it instead of parsing the bundle again; it checks each file's content, and a folder it
// cannot write only turns the cache off. Older Node has no such function and compiles as before.
if (typeof module.enableCompileCache === 'function') module.enableCompileCache();

// Imported once the cache is on: a static import would be loaded before this module's own code runs.
const { main } = await import('../dist/cli.js');

// The exit code is decided once, here. Exiting explicitly matters after an interrupt: the task that was
// cut short may still hold a socket (a Docker event stream, a database connection) that would keep
// Node alive. stdout and stderr are synchronous for files and pipes on POSIX, so nothing is lost.
process.exit(await main(process.argv));
