// Writes ../../srs/testdata/fsrs_vectors.json: random answer sequences
// scheduled by ts-fsrs (the reference FSRS-6 implementation, pinned in
// package.json) with enable_short_term false and enable_fuzz false, so that
// aipm's Go FSRS can be held to it. Run: npm ci && node gen.js
'use strict';

const fs = require('fs');
const path = require('path');
const { fsrs, createEmptyCard, Rating, default_w, FSRSVersion } = require('ts-fsrs');

const SEED = 20261201;
const DAY = 24 * 60 * 60 * 1000;
const START = Date.UTC(2024, 0, 1, 12, 0, 0); // noon UTC: whole days only
const RECALL_DAYS = [0, 1, 7, 30, 365];
const OUT = path.join(__dirname, '..', '..', 'srs', 'testdata', 'fsrs_vectors.json');

// mulberry32: a small seeded PRNG, so the file is the same on every run.
function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

// aipm grades 0-5 map to ratings: 0-2 Again, 3 Hard, 4 Good, 5 Easy.
function rating(grade) {
  if (grade >= 5) return Rating.Easy;
  if (grade === 4) return Rating.Good;
  if (grade === 3) return Rating.Hard;
  return Rating.Again;
}

function randomGrade() {
  const x = rand();
  if (x < 0.2) return int(0, 2); // a lapse
  if (x < 0.35) return 3;
  if (x < 0.85) return 4;
  return 5;
}

function randomGap() {
  const x = rand();
  if (x < 0.15) return 0; // same day
  if (x < 0.55) return int(1, 10);
  if (x < 0.8) return int(11, 100);
  if (x < 0.9) return int(101, 365);
  return int(366, 1500); // over a year
}

// Non-default weights, each inside the range ts-fsrs clamps to
// (enable_short_term false, one relearning step).
const OTHER_W = [
  0.4, 0.9, 3.1, 15.7, 7.2, 0.5, 1.4, 0.005, 1.5, 0.12, 1.0, 1.9, 0.1, 0.3,
  2.1, 0.25, 2.9, 0.6, 0.2, 0.1, 0.3,
];

// Initial stabilities out of order (w0 > w1 > w2 > w3), so that the
// ordering of the four intervals (again < hard < good < easy) binds.
const UNORDERED_W = [
  6.5, 3.2, 2.0, 1.1, 5.0, 1.2, 2.2, 0.05, 2.3, 0.3, 0.6, 2.4, 0.2, 0.5,
  1.0, 0.8, 1.2, 1.1, 0.4, 0.5, 0.5,
];

// Initial stabilities under 0.1, which ts-fsrs raises to 0.1.
const LOW_W = [0.01, 0.05, 0.5, 3.0, ...default_w.slice(4)];

// Weights with more decimals than ts-fsrs rounds to, as a fitted set may
// have: the initial stability keeps them all.
const LONG_W = default_w.map((w, i) => (i === 20 ? w : +(w * (1 + 0.0123456789 * (1 + (i % 5)))).toFixed(12)));

const PARAMS = [
  { count: 300, w: [...default_w], r: 0.9 },
  { count: 15, w: [...default_w], r: 0.8 },
  { count: 15, w: [...default_w], r: 0.95 },
  { count: 10, w: OTHER_W, r: 0.7 },
  { count: 10, w: OTHER_W, r: 0.99 },
  { count: 10, w: UNORDERED_W, r: 0.85 },
  { count: 10, w: LOW_W, r: 0.9 },
  { count: 10, w: LONG_W, r: 0.9 },
];

function sequence(name, w, retention) {
  const f = fsrs({
    w,
    request_retention: retention,
    maximum_interval: 36500,
    enable_fuzz: false,
    enable_short_term: false,
  });
  const steps = [];
  let now = START;
  let card = createEmptyCard(new Date(now));
  const n = int(1, 25);
  for (let i = 0; i < n; i++) {
    const elapsed = i === 0 ? 0 : randomGap();
    now += elapsed * DAY;
    const grade = randomGrade();
    const preview = f.repeat(card, new Date(now));
    const item = f.next(card, new Date(now), rating(grade));
    card = item.card;
    const recall = RECALL_DAYS.map((d) => ({
      days: d,
      r: f.get_retrievability(card, new Date(now + d * DAY), false),
    }));
    steps.push({
      grade,
      elapsed,
      stability: card.stability,
      difficulty: card.difficulty,
      interval: card.scheduled_days,
      preview: [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy].map(
        (r) => preview[r].card.scheduled_days,
      ),
      recall,
    });
  }
  return { name, weights: [...f.parameters.w], desired_retention: retention, steps };
}

const sequences = [];
for (const p of PARAMS) {
  for (let i = 0; i < p.count; i++) {
    sequences.push(sequence(`r${p.r}-${sequences.length + 1}`, p.w, p.r));
  }
}

const out = {
  generator: `ts-fsrs ${FSRSVersion}, enable_short_term false, enable_fuzz false, maximum_interval 36500, seed ${SEED}`,
  sequences,
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
// One step a line: small diffs when ts-fsrs or the generator changes.
const lines = [];
lines.push('{');
lines.push(` "generator": ${JSON.stringify(out.generator)},`);
lines.push(' "sequences": [');
sequences.forEach((s, i) => {
  lines.push('  {');
  lines.push(`   "name": ${JSON.stringify(s.name)},`);
  lines.push(`   "weights": ${JSON.stringify(s.weights)},`);
  lines.push(`   "desired_retention": ${JSON.stringify(s.desired_retention)},`);
  lines.push('   "steps": [');
  s.steps.forEach((st, j) => {
    lines.push(`    ${JSON.stringify(st)}${j < s.steps.length - 1 ? ',' : ''}`);
  });
  lines.push('   ]');
  lines.push(`  }${i < sequences.length - 1 ? ',' : ''}`);
});
lines.push(' ]');
lines.push('}');
const text = lines.join('\n') + '\n';
JSON.parse(text); // the file must be valid JSON
fs.writeFileSync(OUT, text);
console.log(`wrote ${sequences.length} sequences to ${path.relative(process.cwd(), OUT)}`);
