// Two clients of a third-party WebSocket implementation (the npm "ws" package, as Debian ships it)
// join one room; the first sends a message; each prints what it received, one line per message.
'use strict';
let WebSocket;
for (const candidate of ['ws', '/usr/share/nodejs/ws', '/usr/lib/nodejs/ws']) {
  try { WebSocket = require(candidate); break; } catch (e) { /* try the next location */ }
}
if (!WebSocket) {
  console.log('error: the ws module is not installed (apt-get install -y node-ws)');
  process.exit(4);
}

const [url, text] = process.argv.slice(2);
const a = new WebSocket(url);
const b = new WebSocket(url);
const received = [];
let opened = 0;

const timer = setTimeout(() => {
  console.log('TIMEOUT');
  process.exit(2);
}, 8000);

function onOpen() {
  opened += 1;
  if (opened === 2) {
    a.send(text);
  }
}

function onMessage(name) {
  return (data, isBinary) => {
    received.push(`${name}:${isBinary ? 'binary' : 'text'}:${data.toString()}`);
    if (received.length === 2) {
      received.sort().forEach((line) => console.log(line));
      clearTimeout(timer);
      a.close(1000);
      b.close(1000);
    }
  };
}

for (const [name, ws] of [['a', a], ['b', b]]) {
  ws.on('open', onOpen);
  ws.on('message', onMessage(name));
  ws.on('close', (code) => console.log(`${name}:closed:${code}`));
  ws.on('error', (err) => {
    console.log(`${name}:error:${err.message}`);
    process.exit(3);
  });
}
