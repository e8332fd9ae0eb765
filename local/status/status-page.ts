import type { StatusReport } from './status-report';

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="empty">none yet</p>';
  return `<table><thead><tr>${headers.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The local stack's status page: corps, recent events, and buttons to push sandbox events. */
export function renderStatusPage(report: StatusReport): string {
  const corps = table(
    ['corp', 'agent id', 'callback URL', 'previous callback keys valid until'],
    report.corps.map((c) => [c.sandbox ? `${c.corpId} (sandbox)` : c.corpId, c.agentId ?? '', c.callbackUrl, c.previousCallbackValidUntil ?? '']),
  );
  const events = table(
    ['received', 'corp', 'type', 'event time', 'state'],
    report.events.recent.map((e) => [e.receivedAt, e.corpId, e.type, e.createTime, e.state]),
  );
  const buttons = report.sandbox.samples
    .map((name) => `<button formaction="/sandbox/events?sample=${encodeURIComponent(name)}">${escape(name)}</button>`)
    .join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wecom-connector · local stack</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;font-size:.9rem}code{background:#f4f4f4;padding:0 .2rem}.empty{color:#888}button{margin:.15rem}</style></head>
<body>
<h1>wecom-connector · local stack</h1>
<p>Started ${escape(report.startedAt)} · <code>${escape(report.httpUrl)}</code> · data in <code>${escape(report.dataDir)}</code> · WeCom API <code>${escape(report.wecomApiBase)}</code> · <a href="/status.json">status.json</a></p>
<h2>Corps</h2>${corps}
<h2>Recent events</h2>
<p>${report.events.queued} queued · ${report.events.deadLettered} dead-lettered</p>${events}
<h2>Sandbox</h2>
<p>Push an event from the simulated WeCom to <code>${escape(report.sandbox.corpId)}</code>'s callback URL (encrypted and signed as WeCom does, with its retries):</p>
<form method="post">${buttons}</form>
</body></html>`;
}
