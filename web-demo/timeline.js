// The demo's timeline: one lane per request or refresh, with a mark for each
// thing that happened to it, scaled to the time span on screen.

const MARK_TITLES = { sent: 'sent', queued: 'queued behind the refresh', retry: 'retried', ok: 'settled',
  failed: 'failed', refresh: 'refresh' };

export class Timeline {
  constructor(container) {
    this.container = container;
    this.lanes = [];
    this.byUrl = new Map();
    this.openRefresh = null;
    this.origin = 0;
    this.scheduled = false;
  }

  clear() {
    this.lanes = [];
    this.byUrl.clear();
    this.openRefresh = null;
    this.render();
  }

  now() {
    return performance.now();
  }

  addRequest(label, url) {
    const lane = { kind: 'request', label, url, start: this.now(), marks: [], outcome: null, end: null };
    if (this.lanes.length === 0) this.origin = lane.start;
    this.lanes.push(lane);
    this.byUrl.set(url, lane);
    this.mark(lane, 'sent');
    return lane;
  }

  mark(lane, type) {
    if (lane) lane.marks.push({ type, at: this.now() });
    this.schedule();
  }

  /** `queued` and `retry` events name the URL; each demo request has its own. */
  markUrl(url, type) {
    this.mark(this.byUrl.get(url), type);
  }

  settle(lane, outcome, ok) {
    lane.end = this.now();
    lane.outcome = outcome;
    this.mark(lane, ok ? 'ok' : 'failed');
  }

  refreshStarted() {
    const lane = { kind: 'refresh', label: 'refresh', start: this.now(), marks: [], outcome: null, end: null };
    if (this.lanes.length === 0) this.origin = lane.start;
    this.lanes.push(lane);
    this.openRefresh = lane;
    this.mark(lane, 'refresh');
  }

  refreshEnded(outcome, ok) {
    const lane = this.openRefresh;
    this.openRefresh = null;
    if (lane) this.settle(lane, outcome, ok);
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    // A page nobody sees gets no animation frames (a background tab); it still keeps its timeline
    // current, on a timer.
    const later = document.visibilityState === 'visible' ? requestAnimationFrame : (work) => setTimeout(work, 50);
    later(() => {
      this.scheduled = false;
      this.render();
    });
  }

  render() {
    if (this.lanes.length === 0) {
      this.container.innerHTML = '<p class="empty">Log in and fire a burst.</p>';
      return;
    }
    const now = this.now();
    const span = Math.max(50, ...this.lanes.map((lane) => (lane.end ?? now) - this.origin));
    const x = (t) => `${(((t - this.origin) / span) * 100).toFixed(2)}%`;
    const width = (lane) => `${((((lane.end ?? now) - lane.start) / span) * 100).toFixed(2)}%`;
    // Refreshes first: they explain the lanes below them.
    const ordered = [...this.lanes.filter((l) => l.kind === 'refresh'), ...this.lanes.filter((l) => l.kind !== 'refresh')];
    const html = ordered.map((lane) => {
      const state = lane.outcome === null ? 'pending' : lane.marks.at(-1).type === 'ok' ? 'ok' : 'failed';
      const marks = lane.marks.map((m) =>
        `<i class="mark ${m.type}" style="left:${x(m.at)}" title="${MARK_TITLES[m.type]} at ${Math.round(m.at - this.origin)} ms"></i>`)
        .join('');
      return `<div class="lane ${lane.kind}" data-state="${state}">
        <span class="name">${escapeHtml(lane.label)}</span>
        <span class="track"><span class="bar" style="left:${x(lane.start)};width:${width(lane)}"></span>${marks}</span>
        <span class="outcome ${state}">${escapeHtml(lane.outcome ?? 'pending…')}</span>
      </div>`;
    });
    this.container.innerHTML = html.join('');
  }
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
