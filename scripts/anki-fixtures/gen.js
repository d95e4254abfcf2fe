// Writes ../../anki/testdata/npm-basic.apkg: a legacy Anki package
// (collection.anki2, JSON media map) made by anki-apkg-export 4.0.3, a
// writer independent of aipm. It holds Basic notes with HTML, tags and two
// media files. The Go tests (anki/fixture_test.go) add what this writer
// cannot make (a reversed and a cloze note type, a nested deck, review,
// learning and suspended cards, a revlog) with SQLite, and repackage the
// result as collection.anki2, collection.anki21 and collection.anki21b.
//
// Run: npm ci && npm run fixtures
const fs = require('fs');
const path = require('path');
const AnkiExport = require('anki-apkg-export').default;

const apkg = new AnkiExport('AI PM::Metrics');
// A 1x1 PNG and a few bytes standing in for audio.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64');
apkg.addMedia('recall.png', png);
apkg.addMedia('precision.mp3', Buffer.from('ID3 not really audio'));

apkg.addCard('What is <b>recall</b>?', 'TP / (TP + FN)<br><img src="recall.png">', { tags: ['metrics', 'ml'] });
apkg.addCard('Precision&nbsp;is&hellip;', '<div>TP / (TP + FP)</div><div>[sound:precision.mp3]</div>', { tags: ['metrics'] });
apkg.addCard('F1 score', 'The harmonic mean of precision and recall', { tags: [] });
apkg.addCard('Spaces   and\nlines', '<ul><li>one</li><li>two &amp; three</li></ul>', { tags: ['Format'] });

apkg.save({ type: 'nodebuffer', compression: 'DEFLATE' }).then((zip) => {
  const out = path.join(__dirname, '..', '..', 'anki', 'testdata', 'npm-basic.apkg');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zip);
  console.log('wrote', out, zip.length, 'bytes');
}).catch((err) => { console.error(err); process.exit(1); });
