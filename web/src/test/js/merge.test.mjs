import assert from 'node:assert/strict';
import test from 'node:test';
import { LIB, msg } from './support/fakes.mjs';

const { DialogLog, mergeDialog } = await import(`${LIB}switchboard/merge.js`);
const seqs = (log) => log.messages.map((m) => m.seq);

test('history then live events form one list in seq order', () => {
  const log = new DialogLog();
  log.addMany([msg(1), msg(2), msg(3)]);
  const r = log.add(msg(4));
  assert.deepEqual(seqs(log), [1, 2, 3, 4]);
  assert.deepEqual(r.added.map((m) => m.seq), [4]);
  assert.equal(log.lastSeq, 4);
});

test('a seq already shown is dropped, however often it is delivered', () => {
  const log = new DialogLog();
  log.addMany([msg(1), msg(2)]);
  const again = log.addMany([msg(2), msg(1), msg(2)]);
  assert.equal(again.duplicate, true);
  assert.deepEqual(again.added, []);
  assert.deepEqual(seqs(log), [1, 2]);
});

test('a catch-up that overlaps the history adds only the new tail', () => {
  const log = new DialogLog();
  log.addMany([msg(1), msg(2), msg(3)]);
  const r = log.addMany([msg(2), msg(3), msg(4), msg(5)]);
  assert.deepEqual(r.added.map((m) => m.seq), [4, 5]);
  assert.deepEqual(seqs(log), [1, 2, 3, 4, 5]);
});

test('a seq jump is held back and reported as a gap, never shown before the missing ones', () => {
  const log = new DialogLog();
  log.addMany([msg(1), msg(2)]);
  const r = log.add(msg(5));
  assert.equal(r.held, true);
  assert.deepEqual(r.added, []);
  assert.deepEqual(r.gap, { afterSeq: 2, untilSeq: 4 });
  assert.deepEqual(seqs(log), [1, 2]);
  assert.equal(log.lastSeq, 2, 'the resume cursor stays below the gap');
});

test('filling the gap releases the held messages in order', () => {
  const log = new DialogLog();
  log.addMany([msg(1), msg(2), msg(5), msg(4)]);
  const r = log.addMany([msg(3), msg(4)]);
  assert.deepEqual(r.added.map((m) => m.seq), [3, 4, 5]);
  assert.equal(r.gap, null);
  assert.deepEqual(seqs(log), [1, 2, 3, 4, 5]);
});

test('messages offered in reverse order end up in seq order', () => {
  const log = new DialogLog();
  log.addMany([msg(4), msg(3), msg(2), msg(1)]);
  assert.deepEqual(seqs(log), [1, 2, 3, 4]);
});

test('a shuffled, repeated delivery of 1..50 shows each message exactly once, in order', () => {
  let state = 42;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const deliveries = [];
  for (let round = 0; round < 3; round += 1) for (let s = 1; s <= 50; s += 1) deliveries.push(msg(s));
  deliveries.sort(() => random() - 0.5);
  const log = new DialogLog();
  const shown = [];
  for (const m of deliveries) shown.push(...log.add(m).added.map((x) => x.seq));
  assert.deepEqual(shown, Array.from({ length: 50 }, (_, i) => i + 1));
});

test('the list is appended to, never replaced: earlier message objects stay', () => {
  const log = new DialogLog();
  const first = msg(1);
  log.add(first);
  log.addMany([msg(1, { text: 'changed by a stale cache' }), msg(2)]);
  assert.equal(log.messages[0], first);
  assert.equal(log.messages[0].text, 'm1');
});

test('messages at or below the window base are ignored', () => {
  const log = new DialogLog({ baseSeq: 10 });
  const r = log.addMany([msg(9), msg(10), msg(11)]);
  assert.deepEqual(r.added.map((m) => m.seq), [11]);
  assert.equal(log.lastSeq, 11);
});

test('a pending bubble is replaced by the stored message with its client_msg_id: text shown once', () => {
  const log = new DialogLog();
  log.add(msg(1));
  log.addPending({ client_msg_id: 'c-1', text: 'hello' });
  assert.deepEqual(log.view().map((m) => m.text), ['m1', 'hello']);
  const r = log.add(msg(2, { text: 'hello', client_msg_id: 'c-1' }));
  assert.deepEqual(r.reconciled, ['c-1']);
  assert.deepEqual(log.view().map((m) => m.text), ['m1', 'hello']);
  assert.equal(log.pending.length, 0);
  // The REST answer to the same send arrives after the socket echo: still once.
  log.add(msg(2, { text: 'hello', client_msg_id: 'c-1' }));
  assert.deepEqual(log.view().map((m) => m.text), ['m1', 'hello']);
});

test('pending bubbles stay after confirmed messages, in send order', () => {
  const log = new DialogLog();
  log.addPending({ client_msg_id: 'a', text: 'first' });
  log.addPending({ client_msg_id: 'b', text: 'second' });
  log.add(msg(1, { sender: 'operator', text: 'from operator' }));
  assert.deepEqual(log.view().map((m) => m.text), ['from operator', 'first', 'second']);
});

test('a pending bubble is not added again once its message is stored', () => {
  const log = new DialogLog();
  log.add(msg(1, { client_msg_id: 'x' }));
  assert.equal(log.addPending({ client_msg_id: 'x', text: 'm1' }), null);
  assert.equal(log.view().length, 1);
});

test('a failed send keeps its bubble, marked failed, until a retry succeeds', () => {
  const log = new DialogLog();
  log.addPending({ client_msg_id: 'c', text: 'hi' });
  assert.equal(log.failPending('c', new Error('offline')).failed, true);
  assert.equal(log.view()[0].error, 'offline');
  assert.equal(log.retryPending('c').failed, false);
  log.add(msg(1, { client_msg_id: 'c', text: 'hi' }));
  assert.deepEqual(log.view().map((m) => [m.text, !!m.pending]), [['hi', false]]);
});

test('a message without a numeric seq is rejected loudly', () => {
  const log = new DialogLog();
  assert.throws(() => log.add({ text: 'no seq' }), /positive integer seq/);
  assert.throws(() => log.add(msg('3')), /positive integer seq/);
});

test('older pages go in front only as the run of seqs that ends at baseSeq; live messages keep their place', () => {
  const log = new DialogLog({ dialogId: 7, baseSeq: 10 });
  assert.equal(log.hasOlder, true);
  assert.deepEqual(log.prepend([msg(8), msg(10), msg(9)]).map((m) => m.seq), [8, 9, 10]);
  log.add(msg(11));
  assert.equal(log.baseSeq, 7);
  assert.deepEqual(log.prepend([msg(5), msg(9), msg(11)]).map((m) => m.seq), [], 'a hole below 7 or a repeat adds nothing');
  assert.deepEqual(log.prepend([msg(1), msg(2), msg(3), msg(4), msg(5), msg(6), msg(7)]).length, 7);
  assert.equal(log.hasOlder, false);
  assert.deepEqual(log.messages.map((m) => m.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.equal(log.lastSeq, 11);
  assert.equal(log.add(msg(3)).duplicate, true, 'a redelivered old seq is still a duplicate');
  assert.throws(() => log.prepend([{ seq: 0 }]), TypeError);
});

test('an older dialog snapshot never turns the held one back; a newer or equal one wins', () => {
  const taken = { id: 7, last_seq: 5, status: 'operator', assigned_operator_id: 3, unread: 0 };
  // A list answer read before the takeover (seq 5 is its "joined" line) arriving after it.
  const listed = { id: 7, last_seq: 4, status: 'bot', assigned_operator_id: null, unread: 1, guest_context: { locale: 'ru' } };
  assert.deepEqual(mergeDialog(taken, listed), { ...taken, guest_context: { locale: 'ru' } });
  // The same seq with a new read count (a read moves no seq) and a later change both apply.
  assert.deepEqual(mergeDialog(taken, { id: 7, last_seq: 5, unread: 2 }), { ...taken, unread: 2 });
  assert.equal(mergeDialog(taken, { id: 7, last_seq: 6, status: 'bot', assigned_operator_id: null }).status, 'bot');
  // Fields without a seq (presence) always apply; nothing held yet takes the snapshot as it is.
  assert.equal(mergeDialog(taken, { id: 7, guest_online: true }).guest_online, true);
  assert.deepEqual(mergeDialog(undefined, listed), listed);
});
