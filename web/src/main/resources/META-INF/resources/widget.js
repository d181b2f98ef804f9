/*
 * Switchboard chat widget loader. Embed with one tag:
 *
 *   <script src="https://chat.example.com/widget.js" data-site-token="st_..." async></script>
 *
 * Optional attributes (docs/clients.md, "Embedding the widget"):
 *   data-assistant-id     instead of a site token
 *   data-locale           "ru", "en", … (else the browser's languages)
 *   data-color            brand colour, #rgb or #rrggbb (text on it is white or dark by luminance)
 *   data-title            the chat's title; data-greeting its first line; data-launcher-label
 *                         a text on the launcher button
 *   data-position         bottom-right (default) or bottom-left
 *   data-sound="true"     a short sound for an operator's reply (off by default)
 *   data-open="true"      open on load
 *   data-debug="true"     transport names and close codes in the status line; data-transports,
 *                         data-probe-ms for diagnostics
 *
 * The iframe is loaded from the origin this script came from, so the page never needs to know a
 * port. A visitor who never opened the chat opens no socket: the frame is created on the first
 * click, or at once (hidden) when this browser has an active conversation, so the launcher's
 * badge counts replies across page loads. A reload keeps the chat open. Every word comes from the
 * message catalogue (js/ui/i18n.js), imported from the same origin.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) {
    var candidates = document.querySelectorAll('script[src*="widget.js"]');
    script = candidates[candidates.length - 1];
  }
  if (!script || window.__switchboardWidget) return;
  var attr = function (name) {
    var value = script.getAttribute('data-' + name);
    return value === null ? null : value.trim();
  };
  var flag = function (name) {
    var value = attr(name);
    return value !== null && value !== 'false' && value !== '0';
  };
  var siteToken = attr('site-token');
  var assistantId = attr('assistant-id');
  if (!siteToken && !assistantId) {
    console.error('[switchboard] widget.js needs data-site-token="..." (or data-assistant-id) on its <script> tag');
    return;
  }
  var origin = new URL(script.src, location.href).origin;
  var position = attr('position');
  var left = position === 'bottom-left' || position === 'left';
  var debug = flag('debug');
  var sound = flag('sound');
  var storageKey = siteToken ? 'site.' + siteToken : 'assistant.' + assistantId;
  var openKey = 'switchboard.widget.open';
  var activeKey = 'switchboard.widget.active.' + storageKey;
  var DEFAULT_COLOR = '#2563eb';
  window.__switchboardWidget = { pending: true };

  // ---- colour: a valid brand colour, and text on it with at least 4.5:1 contrast -------------

  function parseHex(value) {
    var m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value || '');
    if (!m) return null;
    var hex = m[1].length === 3 ? m[1].replace(/(.)/g, '$1$1') : m[1];
    return '#' + hex.toLowerCase();
  }

  function luminance(hex) {
    var channels = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }

  function contrast(a, b) {
    var la = luminance(a);
    var lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /** White text when it reaches 4.5:1 on the colour, else dark ink (else black, which always does). */
  function inkFor(color) {
    if (contrast(color, '#ffffff') >= 4.5) return '#ffffff';
    if (contrast(color, '#111827') >= 4.5) return '#111827';
    return '#000000';
  }

  var color = parseHex(attr('color'));
  if (attr('color') && !color) {
    console.warn('[switchboard] data-color="' + attr('color') + '" is not a #rgb or #rrggbb colour; using ' + DEFAULT_COLOR);
  }
  color = color || DEFAULT_COLOR;
  var ink = inkFor(color);

  // ---- the frame's address -------------------------------------------------------------------

  function frameUrl(locale) {
    var query = new URLSearchParams();
    if (siteToken) query.set('site_token', siteToken);
    else query.set('assistant_id', assistantId);
    query.set('parent_origin', location.origin);
    query.set('locale', locale);
    query.set('color', color);
    query.set('ink', ink);
    if (attr('title')) query.set('title', attr('title'));
    if (attr('greeting') !== null) query.set('greeting', attr('greeting'));
    // The page the visitor is on, for the operators (guest context); the frame cannot see it.
    query.set('page_url', location.href.slice(0, 2000));
    if (debug) query.set('debug', '1');
    ['transports', 'probe-ms'].forEach(function (name) {
      var value = attr(name);
      if (value) query.set(name.replace('-', '_'), value);
    });
    return origin + '/widget/frame.html?' + query.toString();
  }

  function store(kind, key, value) {
    try {
      if (value === null) window[kind].removeItem(key);
      else window[kind].setItem(key, value);
    } catch (e) { /* storage blocked */ }
  }

  function read(kind, key) {
    try {
      return window[kind].getItem(key);
    } catch (e) {
      return null;
    }
  }

  function style(el, css) {
    for (var key in css) el.style[key] = css[key];
    return el;
  }

  function start(i18n) {
    // The catalogue's language without touching the host page's own <html lang>.
    var html = document.documentElement;
    var pageLang = html.getAttribute('lang');
    var locale = i18n.setLocale(i18n.pickLocale(attr('locale'), navigator.languages, navigator.language));
    if (pageLang === null) html.removeAttribute('lang');
    else html.setAttribute('lang', pageLang);
    var t = i18n.t;
    var title = attr('title') || t('widget.title');
    var launcherLabel = attr('launcher-label');

    var state = { open: false, iframe: null, unread: 0, checking: false, refused: false };
    var root, panel, launcher, icon, label, badge;
    var phone = window.matchMedia ? window.matchMedia('(max-width: 479.98px)') : { matches: false };

    function build() {
      root = style(document.createElement('div'), {
        position: 'fixed', bottom: '20px', zIndex: '2147483000', fontFamily: 'system-ui, sans-serif',
      });
      root.style[left ? 'left' : 'right'] = '20px';
      root.setAttribute('data-testid', 'sb-widget-root');

      panel = document.createElement('div');
      panel.id = 'sb-widget-panel-' + Math.random().toString(36).slice(2, 8);
      panel.setAttribute('role', 'dialog');
      panel.setAttribute('aria-label', title);
      panel.setAttribute('data-testid', 'sb-panel');

      launcher = style(document.createElement('button'), {
        height: '56px', minWidth: '56px', borderRadius: '28px', border: '0', cursor: 'pointer',
        background: color, color: ink, fontSize: '16px', lineHeight: '56px', padding: launcherLabel ? '0 20px 0 16px' : '0',
        boxShadow: '0 6px 20px rgba(0,0,0,.25)', position: 'relative', display: 'flex', alignItems: 'center',
        justifyContent: 'center', gap: '8px', fontFamily: 'inherit', fontWeight: '600',
      });
      launcher.type = 'button';
      launcher.setAttribute('data-testid', 'sb-launcher');
      launcher.setAttribute('aria-controls', panel.id);
      launcher.setAttribute('aria-expanded', 'false');
      icon = style(document.createElement('span'), { display: 'flex', lineHeight: '0' });
      icon.setAttribute('aria-hidden', 'true');
      launcher.appendChild(icon);
      if (launcherLabel) {
        label = document.createElement('span');
        label.setAttribute('data-testid', 'sb-launcher-label');
        label.textContent = launcherLabel;
        launcher.appendChild(label);
      }
      launcher.addEventListener('click', function () { setOpen(!state.open); });

      badge = style(document.createElement('span'), {
        position: 'absolute', top: '-4px', right: '-4px', minWidth: '22px', height: '22px', borderRadius: '11px',
        background: '#b91c1c', color: '#fff', fontSize: '13px', lineHeight: '22px', padding: '0 6px', display: 'none',
        fontWeight: '700', boxShadow: '0 0 0 2px #fff',
      });
      badge.setAttribute('data-testid', 'sb-launcher-badge');
      badge.setAttribute('aria-hidden', 'true');
      launcher.appendChild(badge);

      root.appendChild(panel);
      root.appendChild(launcher);
      document.body.appendChild(root);
      layout();
      if (phone.addEventListener) phone.addEventListener('change', layout);
      renderLauncher();
    }

    /** Desktop: a 370×560 panel above the launcher. Under 480 px: full screen, clear of notches. */
    function layout() {
      var full = phone.matches;
      style(panel, {
        position: full ? 'fixed' : 'absolute', overflow: 'hidden', background: '#fff',
        display: state.open ? 'block' : 'none', boxSizing: 'border-box',
        width: full ? '100%' : '370px', height: full ? '100%' : '560px',
        maxWidth: full ? 'none' : 'calc(100vw - 40px)', maxHeight: full ? 'none' : 'calc(100vh - 110px)',
        top: full ? '0' : '', bottom: full ? '0' : '72px', left: full || left ? '0' : '', right: full || !left ? '0' : '',
        borderRadius: full ? '0' : '14px', boxShadow: full ? 'none' : '0 12px 40px rgba(0,0,0,.18)',
        paddingTop: full ? 'env(safe-area-inset-top)' : '0', paddingRight: full ? 'env(safe-area-inset-right)' : '0',
        paddingBottom: full ? 'env(safe-area-inset-bottom)' : '0', paddingLeft: full ? 'env(safe-area-inset-left)' : '0',
      });
      if (state.refused) panel.style.height = 'auto';
      // Full screen: the frame's own close button closes it, the launcher would cover the input.
      launcher.style.display = full && state.open ? 'none' : 'flex';
    }

    var SVG = 'http://www.w3.org/2000/svg';
    var ICONS = {
      // A speech bubble, and a cross while the chat is open (drawn, so no emoji font is needed).
      chat: 'M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z',
      close: 'M6 6l12 12M18 6L6 18',
    };
    function drawIcon(name) {
      var svg = document.createElementNS(SVG, 'svg');
      svg.setAttribute('viewBox', '0 0 24 24');
      svg.setAttribute('width', '26');
      svg.setAttribute('height', '26');
      svg.setAttribute('focusable', 'false');
      var path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', ICONS[name]);
      if (name === 'close') {
        path.setAttribute('fill', 'none');
        path.setAttribute('stroke', 'currentColor');
        path.setAttribute('stroke-width', '2.5');
        path.setAttribute('stroke-linecap', 'round');
      } else {
        path.setAttribute('fill', 'currentColor');
      }
      svg.appendChild(path);
      while (icon.firstChild) icon.removeChild(icon.firstChild);
      icon.appendChild(svg);
      icon.setAttribute('data-icon', name);
    }

    function renderLauncher() {
      var iconName = state.open ? 'close' : 'chat';
      if (icon.getAttribute('data-icon') !== iconName) drawIcon(iconName);
      var showBadge = state.unread > 0 && !state.open;
      badge.textContent = String(state.unread);
      badge.style.display = showBadge ? 'block' : 'none';
      var unread = t('widget.launcher.unread', { count: state.unread });
      var name;
      if (launcherLabel) {
        // The visible label starts the accessible name (WCAG 2.5.3); aria-expanded says open or closed.
        name = showBadge ? launcherLabel + ', ' + unread : launcherLabel;
      } else if (state.open) {
        name = t('widget.launcher.close');
      } else {
        name = showBadge ? t('widget.launcher.openWithUnread', { unread: unread }) : t('widget.launcher.open');
      }
      launcher.setAttribute('aria-label', name);
      launcher.setAttribute('aria-expanded', String(state.open));
    }

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
      var key = 'widget.refusal.' + reason;
      var text = t(key) === key ? t('widget.refusal.other', { reason: reason }) : t(key, { domain: location.hostname });
      console.error('[switchboard] chat unavailable on ' + location.hostname + ': ' + reason);
      state.refused = true;
      store('localStorage', activeKey, null);
      var box = style(document.createElement('div'), {
        padding: '18px', font: '14px/1.45 system-ui, sans-serif', color: '#111827', height: '100%', boxSizing: 'border-box',
      });
      box.setAttribute('data-testid', 'sb-unavailable');
      box.setAttribute('role', 'alert');
      var heading = style(document.createElement('strong'), { display: 'block', marginBottom: '6px' });
      heading.textContent = t('widget.refusal.title');
      var body = document.createElement('div');
      body.textContent = text;
      box.appendChild(heading);
      box.appendChild(body);
      panel.appendChild(box);
      layout();
    }

    function createFrame() {
      var iframe = style(document.createElement('iframe'), { width: '100%', height: '100%', border: '0', display: 'block' });
      iframe.src = frameUrl(locale);
      iframe.title = title;
      iframe.setAttribute('data-testid', 'sb-frame');
      iframe.setAttribute('allow', 'clipboard-write');
      iframe.addEventListener('load', tellFrame);
      panel.appendChild(iframe);
      state.iframe = iframe;
    }

    function tellFrame() {
      if (state.iframe && state.iframe.contentWindow) {
        state.iframe.contentWindow.postMessage({ type: 'sb:visibility', open: state.open }, origin);
        if (state.open) state.iframe.focus();
      }
    }

    function setOpen(open, focusLauncher) {
      state.open = open;
      if (open) {
        ensureFrame();
        unlockSound();
      }
      layout();
      renderLauncher();
      store('sessionStorage', openKey, open ? '1' : '0');
      tellFrame();
      if (!open && focusLauncher) launcher.focus();
    }

    // ---- an operator's reply: a sound (data-sound) and, while the page is hidden, the title ----

    var audio = null;
    function unlockSound() {
      if (!sound) return;
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      try {
        if (!audio) audio = new Ctx();
        if (audio.state === 'suspended') audio.resume();
      } catch (e) { audio = null; }
    }

    function chime() {
      unlockSound();
      if (!audio || audio.state !== 'running') return;
      [880, 1320].forEach(function (hz, i) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        var at = audio.currentTime + i * 0.14;
        osc.frequency.value = hz;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.12, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
        osc.connect(gain).connect(audio.destination);
        osc.start(at);
        osc.stop(at + 0.2);
      });
      window.__switchboardWidget.chimes = (window.__switchboardWidget.chimes || 0) + 1;
    }

    var blink = { timer: null, title: null, count: 0 };
    function startBlink() {
      blink.count += 1;
      if (blink.timer) return;
      blink.title = document.title;
      var on = false;
      blink.timer = setInterval(function () {
        on = !on;
        document.title = on ? t('widget.blink', { count: blink.count }) : blink.title;
      }, 1000);
    }
    function stopBlink() {
      if (!blink.timer) return;
      clearInterval(blink.timer);
      blink.timer = null;
      blink.count = 0;
      document.title = blink.title;
    }
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') stopBlink();
    });
    if (sound) {
      // Browsers let a page play sound after the visitor interacted with it.
      ['pointerdown', 'keydown'].forEach(function (type) {
        document.addEventListener(type, unlockSound, { capture: true, passive: true });
      });
    }

    window.addEventListener('message', function (event) {
      if (event.origin !== origin || !state.iframe || event.source !== state.iframe.contentWindow) return;
      var data = event.data || {};
      if (data.type === 'sb:close') setOpen(false, true);
      if (data.type === 'sb:unread') {
        state.unread = Number(data.count) || 0;
        renderLauncher();
      }
      if (data.type === 'sb:dialog') store('localStorage', activeKey, data.active ? '1' : null);
      if (data.type === 'sb:reply') {
        if (sound) chime();
        if (document.visibilityState === 'hidden') startBlink();
      }
    });

    // Esc on the page closes the chat too (inside the frame, the frame reports it).
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && state.open) setOpen(false, true);
    });

    build();
    window.__switchboardWidget = {
      open: function () { setOpen(true); },
      close: function () { setOpen(false); },
      toggle: function () { setOpen(!state.open); },
      locale: locale,
    };
    var wasOpen = read('sessionStorage', openKey) === '1';
    if (wasOpen || flag('open')) setOpen(true);
    else if (read('localStorage', activeKey) === '1') ensureFrame();
  }

  // The catalogue is an ES module on Switchboard's origin (readable from any page, CORS). The query
  // gives the loader a module instance of its own: a Switchboard page that uses i18n.js itself (the
  // dashboard) keeps its language when it embeds the widget.
  import(origin + '/js/ui/i18n.js?widget-loader').then(function (i18n) {
    if (document.body) start(i18n);
    else document.addEventListener('DOMContentLoaded', function () { start(i18n); });
  }, function (err) {
    window.__switchboardWidget = null;
    console.error('[switchboard] the chat could not load from ' + origin + ': ' + err);
  });
})();
