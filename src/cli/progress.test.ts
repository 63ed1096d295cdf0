import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { inStep } from '../model/progress.ts';
import { progressDelay, progressDisplay } from './progress.ts';

test('plain lines: only steps that outlast the delay, each once, nested ones indented', async () => {
  let written = '';
  const { progress } = progressDisplay({ write: (t) => (written += t), terminal: false, afterMs: 40 });
  await inStep(progress, 'quick', () => sleep(1));
  assert.equal(written, '', 'a step that ends sooner prints nothing');
  await inStep(progress, 'spelling the model', async () => {
    await inStep(progress, 'reading the catalog', () => sleep(80));
    await inStep(progress, 'quick inside', () => sleep(1));
  });
  assert.equal(written, 'schemata: spelling the model\nschemata:   reading the catalog\n');
});

test('on a terminal: nothing before the delay; then one line redrawn in place and erased at the end', async () => {
  let written = '';
  const display = progressDisplay({ write: (t) => (written += t), terminal: true, afterMs: 40 });
  await inStep(display.progress, 'quick', () => sleep(1));
  assert.equal(written, '');
  await inStep(display.progress, 'replaying 3 migrations', async (step) => {
    await sleep(150);
    step.advance(2, 3, 'migrations');
    display.around(() => (written += 'a warning\n'));
    await sleep(150);
  });
  assert.match(written, /\r\u001b\[K. schemata: replaying 3 migrations/);
  assert.match(written, /2\/3 migrations/);
  assert.match(
    written,
    /\r\u001b\[Ka warning\n\r\u001b\[K. schemata: replaying/,
    'other output goes past it',
  );
  assert.ok(written.endsWith('\r\u001b[K'), 'erased at the end');
});

test('SCHEMATA_PROGRESS_AFTER_MS sets the delay, for tests', () => {
  assert.equal(progressDelay({}), 1000);
  assert.equal(progressDelay({ SCHEMATA_PROGRESS_AFTER_MS: '0' }), 0);
  assert.equal(progressDelay({ SCHEMATA_PROGRESS_AFTER_MS: 'soon' }), 1000);
});
