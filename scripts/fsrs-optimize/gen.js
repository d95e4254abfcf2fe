// Writes ../../srs/fit/testdata/learner-*.json.gz: the review logs of
// simulated learners whose memory follows FSRS-6 with weights unlike the
// defaults, each with what fsrs-rs (the reference optimizer, through the
// npm package @open-spaced-repetition/binding pinned in package.json)
// fits to it and the log loss and RMSE(bins) of its evaluate, so that
// aipm's Go optimizer and calibration can be held to it.
// Run: npm ci && node gen.js
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { FSRSBinding, FSRSBindingItem, FSRSBindingReview, computeParameters } = require('@open-spaced-repetition/binding');

const OUT = path.join(__dirname, '..', '..', 'srs', 'fit', 'testdata');

// mulberry32: a small seeded PRNG, so the files are the same on every run.
function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The learners: each remembers as FSRS-6 with these weights (w17-w19 are
// 0: no same-day reviews), answers each day's due cards and learns a few
// new ones a day.
const LEARNERS = [
  { name: 'learner-a', seed: 11, answers: 2000, newPerDay: 12, easy: 0.10, hard: 0.15,
    w: [0.6, 2.1, 4.5, 14.0, 5.8, 0.6, 2.2, 0.02, 1.55, 0.12, 1.1, 1.8, 0.08, 0.35, 1.2, 0.45, 2.3, 0, 0, 0, 0.25] },
  { name: 'learner-b', seed: 22, answers: 6000, newPerDay: 20, easy: 0.05, hard: 0.25,
    w: [0.1, 0.8, 1.6, 5.0, 7.2, 1.1, 3.6, 0.005, 2.2, 0.22, 0.6, 1.1, 0.04, 0.18, 2.1, 0.75, 1.4, 0, 0, 0, 0.12] },
  { name: 'learner-c', seed: 33, answers: 15000, newPerDay: 30, easy: 0.15, hard: 0.10,
    w: [1.2, 3.0, 6.0, 20.0, 4.9, 0.45, 1.6, 0.05, 1.3, 0.08, 1.4, 2.4, 0.1, 0.45, 0.9, 0.35, 2.8, 0, 0, 0, 0.35] },
  { name: 'learner-d', seed: 44, answers: 50000, newPerDay: 60, easy: 0.08, hard: 0.18,
    w: [0.3, 1.5, 3.2, 11.0, 6.6, 0.75, 2.6, 0.01, 1.75, 0.15, 0.9, 1.5, 0.06, 0.28, 1.6, 0.55, 2.0, 0, 0, 0, 0.18] },
];

function recall(w, days, s) {
  const decay = -w[20];
  const factor = Math.pow(0.9, 1 / decay) - 1;
  return Math.pow(1 + (factor * days) / s, decay);
}

function intervalFor(w, s, retention) {
  const decay = -w[20];
  const factor = Math.pow(0.9, 1 / decay) - 1;
  return Math.max(1, Math.round((s / factor) * (Math.pow(retention, 1 / decay) - 1)));
}

// simulate returns the cards' answers in the order they were given, each
// card as [[rating, day], ...] with day the learner's day number.
function simulate(l) {
  const rand = mulberry32(l.seed);
  const mind = new FSRSBinding(l.w);
  const cards = []; // {mem, last, due, log}
  let answers = 0;
  for (let day = 0; answers < l.answers; day++) {
    for (let i = 0; i < l.newPerDay; i++) cards.push({ mem: null, last: day, due: day, log: [] });
    for (const c of cards) {
      if (c.due !== day || answers >= l.answers) continue;
      const elapsed = day - c.last;
      let rating;
      if (c.mem === null) {
        const x = rand();
        rating = x < 0.25 ? 1 : x < 0.35 ? 2 : x < 0.9 ? 3 : 4;
      } else if (rand() < recall(l.w, elapsed, c.mem.stability)) {
        const x = rand();
        rating = x < l.hard ? 2 : x < 1 - l.easy ? 3 : 4;
      } else {
        rating = 1;
      }
      const next = mind.nextStates(c.mem, 0.9, elapsed);
      c.mem = [null, next.again, next.hard, next.good, next.easy][rating].memory;
      c.log.push([rating, day]);
      c.last = day;
      // The scheduler the learner uses is not the learner's mind: its
      // interval is off by a random factor, so that the log holds a spread
      // of delays, as a real one does.
      const iv = intervalFor(l.w, c.mem.stability, 0.9);
      c.due = day + Math.max(1, Math.round(iv * (0.6 + 0.9 * rand())));
      answers++;
    }
  }
  return cards.filter((c) => c.log.length > 0).map((c) => c.log);
}

// items are fsrs-rs's training items: for every answer after a card's
// first, the card's answers up to it, with days elapsed; in the order the
// answers were given (day, then card), which is the order the recency
// weights of training and evaluate follow.
function items(cards) {
  const out = [];
  cards.forEach((log, ci) => {
    for (let k = 1; k < log.length; k++) out.push({ day: log[k][1], ci, k });
  });
  out.sort((a, b) => a.day - b.day || a.ci - b.ci);
  return out.map(({ ci, k }) => {
    const log = cards[ci];
    const reviews = [];
    for (let j = 0; j <= k; j++) reviews.push(new FSRSBindingReview(log[j][0], j === 0 ? 0 : log[j][1] - log[j - 1][1]));
    return new FSRSBindingItem(reviews);
  });
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const l of LEARNERS) {
    const cards = simulate(l);
    const set = items(cards);
    const t0 = Date.now();
    const fitted = await computeParameters(set, { enableShortTerm: false, numRelearningSteps: 1 });
    const secs = (Date.now() - t0) / 1000;
    const def = new FSRSBinding().evaluate(set);
    const fit = new FSRSBinding(fitted).evaluate(set);
    const answers = cards.reduce((n, c) => n + c.length, 0);
    const doc = {
      about: 'A simulated learner for aipm optimize; written by scripts/fsrs-optimize/gen.js with @open-spaced-repetition/binding 0.5.0 (fsrs-rs 6.5.0). Cards are [[rating 1-4, day], ...] in answer order; items are ordered by (day, card).',
      name: l.name,
      answers,
      true_weights: l.w,
      compute_parameters: { enable_short_term: false, num_relearning_steps: 1 },
      fitted_weights: Array.from(fitted),
      fitted: { log_loss: fit.logLoss, rmse_bins: fit.rmseBins },
      default: { log_loss: def.logLoss, rmse_bins: def.rmseBins },
      cards,
    };
    const file = path.join(OUT, l.name + '.json.gz');
    fs.writeFileSync(file, zlib.gzipSync(JSON.stringify(doc), { level: 9, mtime: 0 }));
    console.log(`${l.name}: ${answers} answers, ${cards.length} cards, ${set.length} items; fit in ${secs}s; default log loss ${def.logLoss.toFixed(5)}, fitted ${fit.logLoss.toFixed(5)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
