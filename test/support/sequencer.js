// Starts the longest suites first: on 2 workers the lifecycle on the local AWS API and the offline
// plan gate then run side by side from the start, and everything else fills in behind the gate.
// Without it a clean clone (no timing cache) orders suites by file size, and the lifecycle, the
// longest by far, could start last.
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = ['lifecycle.test.ts', 'plan-gate.test.ts'];
const rank = (test) => {
  const index = FIRST.findIndex((name) => test.path.endsWith(name));
  return index < 0 ? FIRST.length : index;
};

class LongestFirst extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
