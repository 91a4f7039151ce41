'use strict';
// The page of one peer: every view reads the peer through its JSON API (docs/WEB.md) and the
// event stream, which sends the peer's state every second and each notice, log line and finished
// download as it comes. Text from the network is only ever set as text, never as markup.

const token = new URLSearchParams(location.search).get('token') || '';
const $ = (id) => document.getElementById(id);
let state = null;
const previousBytes = new Map();
const holders = new Map();

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

function bytes(n) {
  if (n < 0) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + units[i];
}

function duration(seconds) {
  if (!isFinite(seconds)) return '–';
  if (seconds < 60) return Math.ceil(seconds) + ' s';
  if (seconds < 3600) return Math.floor(seconds / 60) + ' min ' + Math.round(seconds % 60) + ' s';
  return Math.floor(seconds / 3600) + ' h ' + Math.round((seconds % 3600) / 60) + ' min';
}

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
}

async function api(method, path, body, raw) {
  const options = { method, headers: { 'X-P2pshare-Token': token } };
  if (raw !== undefined) options.body = raw;
  else if (body !== undefined) {
    options.body = JSON.stringify(body);
    options.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch('/api/' + path, options);
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error || response.statusText);
  showError('');
  return answer;
}

function act(work) {
  return async (event) => {
    if (event) event.preventDefault();
    try { await work(event); } catch (failure) { showError(failure.message); }
  };
}

// Views

function showView(name) {
  for (const button of document.querySelectorAll('#tabs button')) {
    button.classList.toggle('active', button.dataset.view === name);
  }
  for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== 'view-' + name;
  if (name === 'peers') refreshPeers();
  if (name === 'files') refreshHolders();
  if (name === 'messages') $('unread').textContent = '';
  if (name === 'log') refreshLog();
}

function renderFiles() {
  const body = $('files-table').tBodies[0];
  body.replaceChildren(...state.files.map((file) => el('tr', { 'data-id': file.id },
    el('td', {}, file.path),
    el('td', { class: 'num' }, bytes(file.size)),
    el('td', { class: 'num' }, holdersOf(file.id)),
    el('td', { class: 'id wide' }, file.id.slice(0, 12)),
    el('td', { class: 'actions' },
      el('button', { class: 'plain', type: 'button', onclick: act(() => offer(file)) }, 'Offer'), ' ',
      el('button', { class: 'danger', type: 'button', onclick: act(() => unshare(file)) }, 'Stop sharing')))));
  $('files-table').hidden = state.files.length === 0;
  $('files-empty').hidden = state.files.length !== 0;
  $('folder').textContent = state.folder;
}

function holdersOf(id) {
  const known = holders.get(id);
  if (!known || known.sources === undefined) return '–';
  return known.sources + (known.partial ? ' + ' + known.partial + ' partial' : '');
}

async function refreshHolders() {
  try {
    const answer = await api('GET', 'files');
    holders.clear();
    for (const file of answer.files) holders.set(file.id, file);
    if (state) renderFiles();
  } catch (failure) {
    showError(failure.message);
  }
}

async function offer(file) {
  const answer = await api('POST', 'offer', { file: file.id });
  showNote('Offered ' + file.name + ' to ' + answer.reached + (answer.reached === 1 ? ' peer' : ' peers'));
}

async function unshare(file) {
  if (!confirm('Stop sharing ' + file.name + '? It moves to the unshared folder inside .p2pshare; '
      + 'move it back to share it again.')) return;
  await api('POST', 'unshare', { file: file.id });
}

function renderTransfers() {
  const downloads = state.downloads;
  const rows = downloads.map((download) => {
    const before = previousBytes.get(download.id);
    const rate = before === undefined ? 0 : Math.max(0, download.bytesHave - before);
    previousBytes.set(download.id, download.bytesHave);
    const running = download.state === 'running' || download.state === 'starting';
    const percent = download.size > 0 ? Math.floor(download.bytesHave * 100 / download.size) : 100;
    const inBackground = state.background.includes(download.id);
    const action = running && inBackground
      ? el('button', { class: 'plain', type: 'button', onclick: act(() => api('POST', 'cancel', { target: download.id })) }, 'Pause')
      : download.state !== 'done' && !running
        ? el('button', { type: 'button', onclick: act(() => api('POST', 'get', { target: download.id })) }, 'Resume')
        : '';
    return el('tr', { 'data-id': download.id },
      el('td', {}, download.name),
      el('td', { class: 'progress' }, el('progress', { max: 100, value: percent }), ' ', percent + '%'),
      el('td', { class: 'num wide' }, running ? bytes(rate) + '/s' : '–'),
      el('td', { class: 'num wide' }, running && rate > 0 ? duration((download.size - download.bytesHave) / rate) : '–'),
      el('td', { class: 'num wide' }, running ? download.sources : '–'),
      el('td', { class: 'state-' + download.state }, download.state
        + (download.state !== 'done' && download.detail ? ': ' + download.detail : '')),
      el('td', { class: 'actions' }, action));
  });
  $('downloads-table').tBodies[0].replaceChildren(...rows);
  $('downloads-table').hidden = downloads.length === 0;
  $('downloads-empty').hidden = downloads.length !== 0;
  const running = downloads.filter((d) => d.state === 'running' || d.state === 'starting').length;
  $('transfer-count').textContent = running ? running : '';
  $('uploads').textContent = state.uploads.connections + ' connections now; ' + bytes(state.uploads.bytes)
    + ' served in ' + state.uploads.chunks + ' chunks';
  $('bans').replaceChildren(...state.bans.map((ban) => el('p', { class: 'state-failed' },
    'Banned ' + ban.name + ' (' + ban.peerId.slice(0, 12) + '): ' + ban.reason)));
}

function renderSettings() {
  const settings = state.settings;
  const rows = [
    ['Name', settings.name],
    ['Id', el('span', {}, el('code', { id: 'own-id' }, state.peerId), ' ',
      el('button', { class: 'plain', type: 'button', onclick: act(copyId) }, 'Copy'))],
    ['Tracker', settings.tracker + (state.tracker.connected ? ' (connected)' : ' (not connected'
      + (state.tracker.lastError ? ': ' + state.tracker.lastError : '') + ')')],
    ['Tracker id pinned', settings.pinnedTrackerId || 'no: trusted on first contact'],
    ['Folder', state.folder],
    ['Serving on', state.serving],
    ['Upload limit', limitText(settings.uploadLimit)],
    ['Download limit', limitText(settings.downloadLimit)],
    ['Joins and leaves', settings.presenceNotices ? 'shown' : 'hidden (--quiet)'],
  ];
  $('settings').replaceChildren(...rows.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
  if (!limitsShown) {
    showLimits(settings);
    limitsShown = true;
  }
}

function limitText(bytesPerSecond) {
  return bytesPerSecond ? bytes(bytesPerSecond) + '/s' : 'none';
}

const MIB = 1024 * 1024;
// The boxes are filled once, and after each change, not at every state: that would undo typing.
let limitsShown = false;

function showLimits(limits) {
  $('upload-limit').value = limits.uploadLimit ? limits.uploadLimit / MIB : '';
  $('download-limit').value = limits.downloadLimit ? limits.downloadLimit / MIB : '';
}

function limitFrom(input) {
  const mib = input.value.trim() === '' ? 0 : Number(input.value);
  if (!Number.isFinite(mib) || mib < 0) throw new Error('a limit is 0 or more MiB/s, not ' + input.value);
  return Math.round(mib * MIB);
}

async function setLimits() {
  const answer = await api('POST', 'limits',
    { uploadLimit: limitFrom($('upload-limit')), downloadLimit: limitFrom($('download-limit')) });
  showLimits(answer);
  showNote('Upload limit ' + limitText(answer.uploadLimit) + ', download limit ' + limitText(answer.downloadLimit));
}

async function copyId() {
  await navigator.clipboard.writeText(state.peerId);
  showNote('Copied this peer\'s id');
}

let noteTimer = null;
function showNote(text) {
  const note = $('note');
  note.textContent = text;
  note.hidden = false;
  clearTimeout(noteTimer);
  noteTimer = setTimeout(() => { note.hidden = true; }, 5000);
}

function render() {
  $('peer-name').textContent = state.name;
  const badge = $('connection');
  badge.textContent = state.tracker.connected ? 'online' : 'tracker unreachable';
  badge.className = 'badge ' + (state.tracker.connected ? 'ok' : 'down');
  renderFiles();
  renderTransfers();
  renderSettings();
}

async function search(event) {
  const query = $('search-query').value.trim();
  const answer = await api('GET', 'search?q=' + encodeURIComponent(query));
  const rows = answer.hits.map((hit) => el('tr', { 'data-id': hit.id },
    el('td', {}, hit.name),
    el('td', { class: 'num' }, bytes(hit.size)),
    el('td', { class: 'num' }, hit.sources + (hit.partial ? ' + ' + hit.partial + ' partial' : '')),
    el('td', { class: 'id wide' }, hit.id.slice(0, 12)),
    el('td', { class: 'actions' }, el('button', { type: 'button', onclick: act(() => get(hit.id)) }, 'Get'))));
  $('search-table').tBodies[0].replaceChildren(...rows);
  $('search-table').hidden = rows.length === 0;
  $('search-empty').hidden = rows.length !== 0;
  $('search-empty').textContent = 'No file on the network matches “' + query + '”.';
}

async function get(id) {
  const answer = await api('POST', 'get', { target: id });
  showNote('Getting ' + answer.name + ': see Transfers');
}

async function refreshPeers() {
  try {
    const answer = await api('GET', 'peers');
    const others = answer.peers;
    $('peers-table').tBodies[0].replaceChildren(...others.map((peer) => el('tr', { 'data-id': peer.id },
      el('td', {}, peer.name + (peer.you ? ' (you)' : '')),
      el('td', { class: 'id' }, peer.id.slice(0, 12)),
      el('td', { class: 'wide' }, peer.host + ':' + peer.port),
      el('td', { class: 'num' }, peer.files),
      el('td', { class: 'actions' }, peer.you ? '' : el('span', {},
        el('button', { class: 'plain', type: 'button', onclick: act(() => ping(peer)) }, 'Ping'), ' ',
        el('button', { type: 'button', onclick: () => messageTo(peer) }, 'Message'))))));
    $('peers-empty').hidden = others.some((peer) => !peer.you);
    const select = $('message-to');
    const chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, 'Everyone'),
      ...others.filter((peer) => !peer.you).map((peer) => el('option', { value: peer.id },
        peer.name + ' (' + peer.id.slice(0, 8) + ')')));
    select.value = [...select.options].some((option) => option.value === chosen) ? chosen : '';
  } catch (failure) {
    showError(failure.message);
  }
}

async function ping(peer) {
  const answer = await api('POST', 'ping', { peer: peer.id });
  showNote('Pong from ' + answer.peer + ': ' + answer.roundTripMillis.map((ms) => ms.toFixed(2)).join(', ')
    + ' ms (connecting took ' + answer.connectMillis.toFixed(1) + ' ms)');
}

function messageTo(peer) {
  showView('messages');
  $('message-to').value = peer.id;
  $('message-text').focus();
}

async function sendMessage() {
  const text = $('message-text').value.trim();
  if (!text) return;
  const to = $('message-to').value;
  if (to) {
    const answer = await api('POST', 'msg', { to, text });
    addMessage({ event: 'sent', to: answer.to + ' (' + answer.toId.slice(0, 12) + ')', text });
  } else {
    const answer = await api('POST', 'broadcast', { text });
    addMessage({ event: 'sent', to: 'everyone (' + answer.reached + ')', text });
  }
  $('message-text').value = '';
}

function addMessage(notice) {
  const time = el('span', { class: 'time' }, new Date().toLocaleTimeString());
  let item;
  if (notice.event === 'message') {
    item = el('li', { class: 'message' }, time, el('span', { class: 'from' }, notice.from), ' ',
      el('span', { class: 'id' }, '(' + notice.fromId.slice(0, 12) + ')'),
      notice.toAll ? ' to everyone' : '', ': ', el('span', { class: 'text' }, notice.text));
  } else if (notice.event === 'offer') {
    item = el('li', { class: 'offer' }, time, el('span', { class: 'from' }, notice.from), ' ',
      el('span', { class: 'id' }, '(' + notice.fromId.slice(0, 12) + ')'), ' offers ', notice.name,
      ' (' + bytes(notice.size) + ') ', el('button', { type: 'button', onclick: act(() => get(notice.id)) }, 'Get'));
  } else if (notice.event === 'joined' || notice.event === 'left') {
    item = el('li', { class: 'presence' }, notice.name + ' (' + notice.id.slice(0, 12) + ') ' + notice.event);
    refreshPeers();
  } else if (notice.event === 'presence') {
    const counts = [notice.joined ? notice.joined + ' joined' : '', notice.left ? notice.left + ' left' : '']
      .filter(Boolean).join(' and ');
    item = el('li', { class: 'presence' }, time, 'Peers: ' + counts + ' in the last second (too many to list); '
      + notice.online + ' online now');
    refreshPeers();
  } else if (notice.event === 'sent') {
    item = el('li', { class: 'sent' }, time, el('span', { class: 'from' }, 'You'), ' to ' + notice.to + ': ',
      el('span', { class: 'text' }, notice.text));
  } else {
    return;
  }
  $('messages').append(item);
  $('messages-empty').hidden = true;
  const messagesShown = !$('view-messages').hidden;
  if (!messagesShown && (notice.event === 'message' || notice.event === 'offer')) {
    $('unread').textContent = String(Number($('unread').textContent || 0) + 1);
  }
}

async function refreshLog() {
  const answer = await api('GET', 'log');
  $('log').textContent = answer.lines.join('\n');
}

async function upload(event) {
  const file = event.target.files[0];
  if (!file) return;
  const answer = await api('POST', 'share?name=' + encodeURIComponent(file.name), undefined, file);
  showNote('Shared ' + answer.name + ' (' + bytes(answer.size) + ')');
  event.target.value = '';
}

function connect() {
  const events = new EventSource('/api/events?token=' + encodeURIComponent(token));
  events.addEventListener('state', (event) => { state = JSON.parse(event.data); render(); });
  events.addEventListener('notice', (event) => addMessage(JSON.parse(event.data)));
  events.addEventListener('log', (event) => {
    const log = $('log');
    log.textContent += (log.textContent ? '\n' : '') + JSON.parse(event.data).line;
  });
  events.addEventListener('ended', (event) => {
    const ended = JSON.parse(event.data);
    showNote(ended.state === 'done' ? 'Got ' + ended.file : ended.state === 'paused'
      ? 'Paused ' + ended.name + '; Resume goes on where it stopped' : 'Could not get ' + ended.name + ': ' + ended.detail);
  });
  events.onerror = () => {
    const badge = $('connection');
    badge.textContent = 'peer not answering';
    badge.className = 'badge down';
  };
}

async function start() {
  for (const button of document.querySelectorAll('#tabs button')) {
    button.addEventListener('click', () => showView(button.dataset.view));
  }
  $('search-form').addEventListener('submit', act(search));
  $('message-form').addEventListener('submit', act(sendMessage));
  $('limits-form').addEventListener('submit', act(setLimits));
  $('upload').addEventListener('change', act(upload));
  $('peers-refresh').addEventListener('click', act(refreshPeers));
  try {
    state = await api('GET', 'state');
    render();
    const history = await api('GET', 'messages');
    history.notices.forEach(addMessage);
    refreshPeers();
    refreshHolders();
    setInterval(() => { if (!$('view-files').hidden) refreshHolders(); }, 15000);
    connect();
  } catch (failure) {
    showError('Cannot reach the peer: ' + failure.message);
  }
}

start();
