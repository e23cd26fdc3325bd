#!/usr/bin/env node
import { main } from '../dist/cli.js';

// The exit code is decided once, here. Exiting explicitly matters after an interrupt: the task that was
// cut short may still hold a socket (a Docker event stream, a database connection) that would keep
// Node alive. stdout and stderr are synchronous for files and pipes on POSIX, so nothing is lost.
process.exit(await main(process.argv));
