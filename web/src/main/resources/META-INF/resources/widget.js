/*
 * Switchboard chat widget loader. Embed with one tag:
 *
 *   <script src="https://chat.example.com/widget.js" data-site-token="st_..." async></script>
 *
 * Optional attributes: data-assistant-id (instead of a site token), data-title,
 * data-open="true" (open on load), data-position="left", data-transports="sse,poll" and
 * data-probe-ms (diagnostics). The iframe is loaded from the origin this script came from, so
 * the page never needs to know a port, and only after the launcher is first clicked (a
 * visitor who never opens the chat never opens a socket). A reload keeps the chat open.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) {
    var candidates = document.querySelectorAll('script[src*="widget.js"]');
    script = candidates[candidates.length - 1];
  }
  if (!script || window.__switchboardWidget) return;
  var siteToken = script.getAttribute('data-site-token');
  var assistantId = script.getAttribute('data-assistant-id');
  if (!siteToken && !assistantId) {
    console.error('[switchboard] widget.js needs data-site-token="..." (or data-assistant-id) on its <script> tag');
    return;
  }
  var origin = new URL(script.src, location.href).origin;
  var left = script.getAttribute('data-position') === 'left';
  var openKey = 'switchboard.widget.open';

  var query = new URLSearchParams();
  if (siteToken) query.set('site_token', siteToken);
  else query.set('assistant_id', assistantId);
  query.set('parent_origin', location.origin);
  ['transports', 'probe-ms'].forEach(function (name) {
    var value = script.getAttribute('data-' + name);
    if (value) query.set(name.replace('-', '_'), value);
  });
  var frameUrl = origin + '/widget/frame.html?' + query.toString();

  var state = { open: false, iframe: null, unread: 0 };
  var root, panel, launcher, badge;

  function style(el, css) {
    for (var key in css) el.style[key] = css[key];
    return el;
  }

  function build() {
    root = style(document.createElement('div'), {
      position: 'fixed', bottom: '20px', zIndex: '2147483000', fontFamily: 'system-ui, sans-serif',
    });
    root.style[left ? 'left' : 'right'] = '20px';
    root.setAttribute('data-testid', 'sb-widget-root');

    panel = style(document.createElement('div'), {
      position: 'absolute', bottom: '72px', width: '370px', height: '560px', maxWidth: 'calc(100vw - 40px)',
      maxHeight: 'calc(100vh - 110px)', borderRadius: '14px', overflow: 'hidden', display: 'none',
      boxShadow: '0 12px 40px rgba(0,0,0,.18)', background: '#fff',
    });
    panel.style[left ? 'left' : 'right'] = '0';

    launcher = style(document.createElement('button'), {
      width: '56px', height: '56px', borderRadius: '50%', border: '0', cursor: 'pointer',
      background: '#2563eb', color: '#fff', fontSize: '26px', lineHeight: '56px', padding: '0',
      boxShadow: '0 6px 20px rgba(37,99,235,.45)', position: 'relative',
    });
    launcher.type = 'button';
    launcher.setAttribute('data-testid', 'sb-launcher');
    launcher.setAttribute('aria-label', script.getAttribute('data-title') || 'Open chat');
    launcher.textContent = '\u{1F4AC}';
    launcher.addEventListener('click', function () { setOpen(!state.open); });

    badge = style(document.createElement('span'), {
      position: 'absolute', top: '-2px', right: '-2px', minWidth: '20px', height: '20px', borderRadius: '10px',
      background: '#dc2626', color: '#fff', fontSize: '12px', lineHeight: '20px', padding: '0 5px', display: 'none',
    });
    badge.setAttribute('data-testid', 'sb-launcher-badge');
    launcher.appendChild(badge);

    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(root);
  }

  var REFUSALS = {
    domain_not_allowed: function () { return 'This site (' + location.hostname + ') is not one of the chat\'s allowed domains.'; },
    revoked: function () { return 'This chat was switched off: its site token was revoked.'; },
    domains_changed: function () { return 'The chat\'s allowed domains changed: this site needs the new embed snippet.'; },
    unknown_token: function () { return 'The chat\'s site token is unknown.'; },
  };

  // The iframe only renders inside the token's allowed domains (the server sends
  // Content-Security-Policy: frame-ancestors). On any other page the browser would show an empty,
  // broken frame, so the loader asks first and says why instead.
  function ensureFrame() {
    if (state.iframe || state.checking || state.refused) return;
    if (!siteToken || location.origin === origin || !window.fetch) {
      createFrame();
      return;
    }
    state.checking = true;
    fetch(origin + '/api/validate-widget-token', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: siteToken, domain: location.hostname }),
    }).then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; })
      .then(function (verdict) {
        state.checking = false;
        if (verdict && verdict.valid === false) refuse(verdict.reason);
        else createFrame();
      });
  }

  function refuse(reason) {
    var text = (REFUSALS[reason] || function () { return 'The chat cannot start (' + reason + ').'; })();
    console.error('[switchboard] chat unavailable on ' + location.hostname + ': ' + text);
    state.refused = true;
    var box = style(document.createElement('div'), {
      padding: '18px', font: '14px/1.45 system-ui, sans-serif', color: '#111827', height: '100%', boxSizing: 'border-box',
    });
    box.setAttribute('data-testid', 'sb-unavailable');
    box.setAttribute('role', 'alert');
    var title = style(document.createElement('strong'), { display: 'block', marginBottom: '6px' });
    title.textContent = 'Chat unavailable';
    var body = document.createElement('div');
    body.textContent = text;
    box.appendChild(title);
    box.appendChild(body);
    panel.style.height = 'auto';
    panel.appendChild(box);
  }

  function createFrame() {
    var iframe = style(document.createElement('iframe'), { width: '100%', height: '100%', border: '0', display: 'block' });
    iframe.src = frameUrl;
    iframe.title = script.getAttribute('data-title') || 'Chat';
    iframe.setAttribute('data-testid', 'sb-frame');
    iframe.setAttribute('allow', 'clipboard-write');
    iframe.addEventListener('load', tellFrame);
    panel.appendChild(iframe);
    state.iframe = iframe;
  }

  function tellFrame() {
    if (state.iframe && state.iframe.contentWindow) {
      state.iframe.contentWindow.postMessage({ type: 'sb:visibility', open: state.open }, origin);
    }
  }

  function setOpen(open) {
    state.open = open;
    if (open) ensureFrame();
    panel.style.display = open ? 'block' : 'none';
    launcher.textContent = open ? '\u00D7' : '\u{1F4AC}';
    launcher.appendChild(badge);
    launcher.setAttribute('aria-expanded', String(open));
    try { sessionStorage.setItem(openKey, open ? '1' : '0'); } catch (e) { /* storage blocked */ }
    tellFrame();
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== origin || !state.iframe || event.source !== state.iframe.contentWindow) return;
    var data = event.data || {};
    if (data.type === 'sb:close') setOpen(false);
    if (data.type === 'sb:unread') {
      state.unread = Number(data.count) || 0;
      badge.textContent = String(state.unread);
      badge.style.display = state.unread > 0 && !state.open ? 'block' : 'none';
    }
  });

  function init() {
    build();
    var wasOpen = false;
    try { wasOpen = sessionStorage.getItem(openKey) === '1'; } catch (e) { /* storage blocked */ }
    if (wasOpen || script.getAttribute('data-open') === 'true') setOpen(true);
  }

  window.__switchboardWidget = {
    open: function () { setOpen(true); },
    close: function () { setOpen(false); },
    toggle: function () { setOpen(!state.open); },
  };
  if (document.body) init();
  else document.addEventListener('DOMContentLoaded', init);
})();
