// Opens N idle WebSockets to URL (rooms room0..room{R-1}) in batches of 100, holds them HOLD seconds, closes them and
// exits: at most N sockets, a 120 s deadline. Node 20: run with --experimental-websocket.
const [url, nText, roomsText, holdText] = process.argv.slice(2);
const n = Number(nText), rooms = Number(roomsText), hold = Number(holdText);
const sockets = [];
let open = 0, failed = 0;
const deadline = setTimeout(() => { console.log(`deadline: open ${open} failed ${failed}`); process.exit(2); }, 120000);
function connect(i) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url}/ws/room${i % rooms}`);
    ws.onopen = () => { open++; resolve(); };
    ws.onerror = () => { failed++; resolve(); };
    sockets.push(ws);
  });
}
(async () => {
  for (let i = 0; i < n; i += 100) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 100); j++) batch.push(connect(j));
    await Promise.all(batch);
  }
  console.log(`OPEN ${open} failed ${failed}`);
  await new Promise((r) => setTimeout(r, hold * 1000));
  for (const ws of sockets) { try { ws.close(); } catch {} }
  await new Promise((r) => setTimeout(r, 2000));
  clearTimeout(deadline);
  console.log('closed');
  process.exit(0);
})();
