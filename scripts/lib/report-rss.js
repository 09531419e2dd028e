/**
 * Preloaded by `npm run bench` into each process it measures (`node -r`): writes the process's
 * peak resident memory, in KB, to the file BENCH_RSS_FILE names when it exits.
 */
'use strict';
const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS)));
