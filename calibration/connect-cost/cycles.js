// What connections cost the chat server, read from its cpuacct group (calibration/connect-cost/measure runs it):
//   node --experimental-websocket cycles.js URL CPUACCT_DIR ROOMS K IDLE_SECONDS CYCLES RATE
// Phases, each timed by the group's cpuacct.usage (ns) at its start and end, printed as one JSON line each:
//   base        no connection open, IDLE_SECONDS: the server's own rate (timers, GC, the shared Redis client)
//   open        K sockets opened one by one at RATE a second (rooms room0..room{ROOMS-1}), until all are open
//   idle        the K held open and silent for IDLE_SECONDS
//   close       the K closed one by one at RATE a second, until every close handshake is answered
//   open_batch  K opened again in batches of 20 (each batch awaited): what opens cost when they come together
//   idle_batch  those K held for IDLE_SECONDS: opened together, their timers (keep-alive pings, Redis heartbeats) fire
//               together
//   close_batch the K closed in batches of 20
//   cycles      CYCLES connect + join + close cycles started at RATE a second (each opens, closes as soon as it is
//               open and waits for the close to complete)
//   base_end    the base again, nothing open: the rate taken off every phase is the mean of the two
// Every phase after the base ends with 2 s for the server's disposals and collections. No message is sent: this is
// not a load test. A 300 s deadline bounds the whole.
const fs = require('fs');
const [url, cpuacct, roomsText, kText, idleText, cyclesText, rateText] = process.argv.slice(2);
const rooms = Number(roomsText), k = Number(kText), idleSeconds = Number(idleText);
const cycles = Number(cyclesText), rate = Number(rateText);
const deadline = setTimeout(() => { console.error('deadline: 300 s'); process.exit(2); }, 300000);
const usage = () => Number(fs.readFileSync(`${cpuacct}/cpuacct.usage`, 'utf8')) / 1e9;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let next = 0, failed = 0;
// Connection-seconds held: an open connection's idle cost runs during the open and close phases too, and is taken
// off them at the idle phase's rate.
let openNow = 0, heldSeconds = 0, changedAt = performance.now();
function opened(delta) {
  const now = performance.now();
  heldSeconds += (openNow * (now - changedAt)) / 1000;
  openNow += delta;
  changedAt = now;
}

function open() {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url}/ws/room${next++ % rooms}`);
    ws.onopen = () => { opened(1); resolve(ws); };
    ws.onerror = () => { failed++; resolve(null); };
  });
}

function close(ws) {
  return new Promise((resolve) => {
    if (ws === null) { resolve(); return; }
    ws.onclose = () => { opened(-1); resolve(); };
    ws.close();
  });
}

// Starts action(i) for i < count at `rate` a second and waits for all of them.
async function paced(count, action) {
  const started = [], start = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    started.push(action(i));
  }
  return Promise.all(started);
}

async function batched(count, action) {
  const results = [];
  for (let i = 0; i < count; i += 20) {
    results.push(...await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => action(i + j))));
  }
  return results;
}

async function phase(name, count, action, settleMs = 2000) {
  opened(0);
  const cpu0 = usage(), t0 = performance.now(), held0 = heldSeconds;
  const result = await action();
  await sleep(settleMs);
  opened(0);
  const cpu = usage() - cpu0, seconds = (performance.now() - t0) / 1000, held = heldSeconds - held0;
  console.log(JSON.stringify(
    { phase: name, cpu_seconds: cpu, wall_seconds: seconds, held_seconds: held, count, failed }));
  return result;
}

(async () => {
  await phase('base', 0, () => sleep(idleSeconds * 1000), 0);
  let held = await phase('open', k, () => paced(k, open));
  await phase('idle', k, () => sleep(idleSeconds * 1000), 0);
  await phase('close', k, () => paced(k, (i) => close(held[i])));
  held = await phase('open_batch', k, () => batched(k, open));
  await phase('idle_batch', k, () => sleep(idleSeconds * 1000), 0);
  await phase('close_batch', k, () => batched(k, (i) => close(held[i])));
  await phase('cycles', cycles, () => paced(cycles, () => open().then(close)));
  await phase('base_end', 0, () => sleep(idleSeconds * 1000), 0);
  clearTimeout(deadline);
  process.exit(failed > 0 ? 1 : 0);
})();
