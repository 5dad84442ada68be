// The wallboard's configuration page: status, live screenshot, settings, alert
// acks and identify, all through the board's own API (docs/openapi.yaml).
// The server is the only judge of what is valid: its 422 problems are shown
// next to the field their path names. No framework, no build step.
'use strict';

(function () {
  const STATUS_EVERY_MS = 5000;
  const SCREENSHOT_EVERY_MS = 3000;
  const TOKEN_KEY = 'wallboard.admin-token'; // sessionStorage only: gone when the tab closes

  const TEXT = {
    nl: {
      heading: 'Wallboard',
      'token.heading': 'Beheertoken',
      'token.label': 'Beheertoken (of de koppelcode op het scherm)',
      'token.save': 'Verbinden',
      'token.forget': 'Vergeten',
      'token.hint': 'Alleen bewaard in dit browsertabblad.',
      'token.needed': 'Vul het beheertoken in.',
      'token.rejected': 'Het token klopt niet (meer). Vul het opnieuw in.',
      'token.ok': 'Verbonden.',
      'status.heading': 'Status',
      'status.feed': 'Feed',
      'status.last_success': 'Laatst gelukt',
      'status.last_error': 'Laatste fout',
      'status.data_age': 'Leeftijd gegevens',
      'status.config': 'Instellingen',
      'feed.none': 'geen feed ingesteld',
      'feed.connecting': 'verbinden…',
      'feed.ok': 'in orde',
      'feed.stale': 'verouderd',
      'feed.error': 'fout',
      'config.source.state': 'via deze pagina opgeslagen',
      'config.source.file': 'uit het configuratiebestand',
      'config.source.defaults': 'standaardwaarden',
      never: 'nog nooit',
      nothing: 'geen',
      seconds: (n) => `${n} s`,
      'alerts.heading': 'Meldingen',
      'alerts.none': 'Geen actieve meldingen.',
      'alerts.ack': 'Bevestigen',
      'alerts.acked': 'Bevestigd',
      'alerts.board': 'hele bord',
      'severity.critical': 'Kritiek',
      'severity.warning': 'Waarschuwing',
      'severity.info': 'Info',
      'identify.button': 'Dit scherm aanwijzen',
      'identify.done': (n) => `Het scherm toont ${n} seconden zijn naam en adres.`,
      'screen.heading': 'Nu op het scherm',
      'screen.needs_token': 'Vul het beheertoken in om het scherm te zien.',
      'screen.alt': 'Schermafbeelding van het wallboard',
      'screen.failed': 'Geen schermafbeelding: ',
      'config.heading': 'Instellingen',
      'config.display': 'Scherm',
      'config.title': 'Titel (leeg: de titel uit de feed)',
      'config.language': 'Taal op het scherm',
      'config.rotation': 'Draaiing (graden met de klok mee)',
      'config.theme': 'Thema',
      'config.theme_dark': 'Donker',
      'config.theme_light': 'Licht',
      'config.ticker': 'Toon de ticker met de nieuwste berichten',
      'config.scale': 'Tekstgrootte (0,5 tot 2)',
      'config.channels': 'Kanalen op volgorde, met komma’s (leeg: alle)',
      'config.feed': 'Feed',
      'config.url': 'Feed-URL',
      'config.feed_token': 'Feedtoken (******** houdt het huidige)',
      'config.interval': 'Seconden tussen ophalen (2 tot 3600)',
      'config.sla': 'SLA-timers',
      'config.warn_ratio': 'Oranje vanaf dit deel van de norm (0 tot 1)',
      'config.time_zone': 'Tijdzone van het bord: klok, openingstijden, schermtijden (bijv. Europe/Amsterdam)',
      'config.clock': 'Klok',
      'config.ntp': 'NTP-servers, met komma’s (leeg: die van DHCP)',
      'config.problems': 'Het bord heeft deze instellingen niet aangenomen:',
      'config.save': 'Opslaan',
      'config.reload': 'Opnieuw laden',
      'config.saved': 'Opgeslagen en toegepast.',
      'config.loaded': 'Instellingen geladen.',
      'config.conflict': 'Iemand anders heeft de instellingen intussen gewijzigd. Laad ze opnieuw en breng je wijziging dan nog eens aan.',
      'config.not_loaded': 'De instellingen zijn nog niet geladen.',
      'config.invalid': 'Niet opgeslagen: het bord heeft bezwaar tegen de gemarkeerde invoer.',
      'error.rate': (n) => `Te veel mislukte pogingen. Wacht ${n} seconden.`,
      'error.network': 'Het bord is niet bereikbaar.',
      'error.other': (code, msg) => `Fout ${code}: ${msg}`,
    },
    en: {
      heading: 'Wallboard',
      'token.heading': 'Admin token',
      'token.label': 'Admin token (or the pairing code on the screen)',
      'token.save': 'Connect',
      'token.forget': 'Forget',
      'token.hint': 'Kept in this browser tab only.',
      'token.needed': 'Enter the admin token.',
      'token.rejected': 'The token is wrong (or no longer valid). Please enter it again.',
      'token.ok': 'Connected.',
      'status.heading': 'Status',
      'status.feed': 'Feed',
      'status.last_success': 'Last success',
      'status.last_error': 'Last error',
      'status.data_age': 'Data age',
      'status.config': 'Settings',
      'feed.none': 'no feed configured',
      'feed.connecting': 'connecting…',
      'feed.ok': 'OK',
      'feed.stale': 'stale',
      'feed.error': 'error',
      'config.source.state': 'saved through this page',
      'config.source.file': 'from the config file',
      'config.source.defaults': 'defaults',
      never: 'never',
      nothing: 'none',
      seconds: (n) => `${n} s`,
      'alerts.heading': 'Alerts',
      'alerts.none': 'No active alerts.',
      'alerts.ack': 'Acknowledge',
      'alerts.acked': 'Acknowledged',
      'alerts.board': 'whole board',
      'severity.critical': 'Critical',
      'severity.warning': 'Warning',
      'severity.info': 'Info',
      'identify.button': 'Identify this screen',
      'identify.done': (n) => `The screen shows its name and address for ${n} seconds.`,
      'screen.heading': 'On screen now',
      'screen.needs_token': 'Enter the admin token to see the screen.',
      'screen.alt': 'Screenshot of the wallboard',
      'screen.failed': 'No screenshot: ',
      'config.heading': 'Settings',
      'config.display': 'Display',
      'config.title': 'Title (empty: the feed’s title)',
      'config.language': 'Language on screen',
      'config.rotation': 'Rotation (degrees clockwise)',
      'config.theme': 'Theme',
      'config.theme_dark': 'Dark',
      'config.theme_light': 'Light',
      'config.ticker': 'Show the ticker of latest mentions',
      'config.scale': 'Text size (0.5 to 2)',
      'config.channels': 'Channels in order, comma separated (empty: all)',
      'config.feed': 'Feed',
      'config.url': 'Feed URL',
      'config.feed_token': 'Feed token (******** keeps the current one)',
      'config.interval': 'Seconds between polls (2 to 3600)',
      'config.sla': 'SLA timers',
      'config.warn_ratio': 'Amber from this share of the target (0 to 1)',
      'config.time_zone': 'Time zone of the board: clock, opening hours, screen hours (e.g. Europe/Amsterdam)',
      'config.clock': 'Clock',
      'config.ntp': 'NTP servers, comma separated (empty: the ones DHCP hands out)',
      'config.problems': 'The board did not accept these settings:',
      'config.save': 'Save',
      'config.reload': 'Reload',
      'config.saved': 'Saved and applied.',
      'config.loaded': 'Settings loaded.',
      'config.conflict': 'Someone else changed the settings in the meantime. Reload them, then make your change again.',
      'config.not_loaded': 'The settings have not been loaded yet.',
      'config.invalid': 'Not saved: the board objects to what is marked.',
      'error.rate': (n) => `Too many failed attempts. Wait ${n} seconds.`,
      'error.network': 'The board cannot be reached.',
      'error.other': (code, msg) => `Error ${code}: ${msg}`,
    },
    fr: {
      heading: 'Wallboard',
      'token.heading': 'Jeton d’administration',
      'token.label': 'Jeton d’administration (ou le code d’appairage affiché à l’écran)',
      'token.save': 'Se connecter',
      'token.forget': 'Oublier',
      'token.hint': 'Conservé uniquement dans cet onglet du navigateur.',
      'token.needed': 'Saisissez le jeton d’administration.',
      'token.rejected': 'Le jeton est incorrect (ou n’est plus valable). Saisissez-le à nouveau.',
      'token.ok': 'Connecté.',
      'status.heading': 'État',
      'status.feed': 'Flux',
      'status.last_success': 'Dernier succès',
      'status.last_error': 'Dernière erreur',
      'status.data_age': 'Âge des données',
      'status.config': 'Réglages',
      'feed.none': 'aucun flux configuré',
      'feed.connecting': 'connexion…',
      'feed.ok': 'OK',
      'feed.stale': 'périmé',
      'feed.error': 'erreur',
      'config.source.state': 'enregistrés depuis cette page',
      'config.source.file': 'du fichier de configuration',
      'config.source.defaults': 'valeurs par défaut',
      never: 'jamais',
      nothing: 'aucune',
      seconds: (n) => `${n} s`,
      'alerts.heading': 'Alertes',
      'alerts.none': 'Aucune alerte active.',
      'alerts.ack': 'Acquitter',
      'alerts.acked': 'Acquittée',
      'alerts.board': 'tout l’écran',
      'severity.critical': 'Critique',
      'severity.warning': 'Avertissement',
      'severity.info': 'Info',
      'identify.button': 'Identifier cet écran',
      'identify.done': (n) => `L’écran affiche son nom et son adresse pendant ${n} secondes.`,
      'screen.heading': 'À l’écran maintenant',
      'screen.needs_token': 'Saisissez le jeton d’administration pour voir l’écran.',
      'screen.alt': 'Capture d’écran du wallboard',
      'screen.failed': 'Pas de capture d’écran : ',
      'config.heading': 'Réglages',
      'config.display': 'Écran',
      'config.title': 'Titre (vide : le titre du flux)',
      'config.language': 'Langue à l’écran',
      'config.rotation': 'Rotation (degrés, sens horaire)',
      'config.theme': 'Thème',
      'config.theme_dark': 'Sombre',
      'config.theme_light': 'Clair',
      'config.ticker': 'Afficher le bandeau des dernières mentions',
      'config.scale': 'Taille du texte (0,5 à 2)',
      'config.channels': 'Canaux dans l’ordre, séparés par des virgules (vide : tous)',
      'config.feed': 'Flux',
      'config.url': 'URL du flux',
      'config.feed_token': 'Jeton du flux (******** garde l’actuel)',
      'config.interval': 'Secondes entre deux requêtes (2 à 3600)',
      'config.sla': 'Délais SLA',
      'config.warn_ratio': 'Orange à partir de cette part de l’objectif (0 à 1)',
      'config.time_zone': 'Fuseau horaire de l’écran : horloge, heures d’ouverture, heures d’affichage (p. ex. Europe/Paris)',
      'config.clock': 'Horloge',
      'config.ntp': 'Serveurs NTP, séparés par des virgules (vide : ceux fournis par DHCP)',
      'config.problems': 'L’écran n’a pas accepté ces réglages :',
      'config.save': 'Enregistrer',
      'config.reload': 'Recharger',
      'config.saved': 'Enregistré et appliqué.',
      'config.loaded': 'Réglages chargés.',
      'config.conflict': 'Quelqu’un d’autre a modifié les réglages entre-temps. Rechargez-les, puis refaites votre modification.',
      'config.not_loaded': 'Les réglages ne sont pas encore chargés.',
      'config.invalid': 'Non enregistré : l’écran refuse ce qui est signalé.',
      'error.rate': (n) => `Trop de tentatives échouées. Attendez ${n} secondes.`,
      'error.network': 'L’écran est injoignable.',
      'error.other': (code, msg) => `Erreur ${code} : ${msg}`,
    },
  };

  // The page's language -> the locale its dates are written in. The first of
  // the browser's languages the page has wins; English is the fallback.
  const LOCALES = { nl: 'nl-NL', en: 'en-GB', fr: 'fr-FR' };
  const lang = (navigator.languages || [navigator.language || ''])
    .map((tag) => tag.toLowerCase().split('-')[0])
    .find((code) => code in LOCALES) || 'en';
  // A key missing in one language is a bug: it is logged as an error, which
  // fails the browser tests, and the English text stands in.
  const t = (key, ...args) => {
    let text = TEXT[lang][key];
    if (text === undefined) {
      console.error(`no ${lang} text for "${key}"`);
      text = TEXT.en[key];
    }
    return typeof text === 'function' ? text(...args) : text;
  };
  // The words for a value the server names (a feed state, a severity): the
  // value itself when the page has none, as a newer board may send new ones.
  const word = (prefix, value) => (`${prefix}.${value}` in TEXT.en ? t(`${prefix}.${value}`) : value);
  const $ = (id) => document.getElementById(id);

  const state = {
    token: sessionStorage.getItem(TOKEN_KEY) || '',
    config: null, // the last document GET/PUT returned
    etag: null, // and its ETag, sent back as If-Match
    blockedUntil: 0, // Date.now() before which a 429 told us to wait
    screenshotUrl: null,
  };

  // An answer the page could not use; status 0 is a network failure.
  class ApiError extends Error {
    constructor(status, body, headers) {
      super(body && body.message ? body.message : `HTTP ${status}`);
      this.status = status;
      this.body = body || {};
      this.headers = headers;
    }
  }

  async function api(method, path, { body, auth = true, as = 'json', ifMatch } = {}) {
    const headers = {};
    if (auth && state.token) headers.Authorization = `Bearer ${state.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (ifMatch) headers['If-Match'] = ifMatch;
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, { message: t('error.network') });
    }
    if (!response.ok) {
      let problem = null;
      try {
        problem = await response.json();
      } catch (e) {
        problem = null;
      }
      const error = new ApiError(response.status, problem, response.headers);
      if (response.status === 401) tokenRejected();
      if (response.status === 429) rateLimited(response.headers.get('Retry-After'));
      throw error;
    }
    return { data: as === 'blob' ? await response.blob() : await response.json(), headers: response.headers };
  }

  // One place that turns a failed call into words for the user.
  function describe(error) {
    if (error.status === 0) return t('error.network');
    if (error.status === 401) return t('token.rejected');
    if (error.status === 429) return t('error.rate', secondsLeft());
    return t('error.other', error.status, error.message);
  }

  function notice(text) {
    $('notice').textContent = text;
  }

  // --- texts --------------------------------------------------------------

  function applyLanguage() {
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    $('screenshot').alt = t('screen.alt');
  }

  // --- token --------------------------------------------------------------

  function setToken(token) {
    state.token = token;
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    $('token-forget').hidden = !token;
    $('screenshot-message').hidden = Boolean(token);
    if (!token) {
      $('screenshot').hidden = true;
      $('screenshot-message').textContent = t('screen.needs_token');
    }
  }

  function tokenRejected() {
    setToken('');
    $('token-message').textContent = t('token.rejected');
    $('token-message').classList.add('error');
    $('token').focus();
  }

  function secondsLeft() {
    return Math.max(0, Math.ceil((state.blockedUntil - Date.now()) / 1000));
  }

  function rateLimited(retryAfter) {
    const seconds = Number.parseInt(retryAfter, 10);
    state.blockedUntil = Date.now() + (Number.isFinite(seconds) ? seconds : 60) * 1000;
    const tick = () => {
      const left = secondsLeft();
      notice(left > 0 ? t('error.rate', left) : '');
      if (left > 0) setTimeout(tick, 1000);
    };
    tick();
  }

  async function connect(event) {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) {
      $('token-message').textContent = t('token.needed');
      $('token-message').classList.add('error');
      $('token').focus();
      return;
    }
    setToken(token);
    $('token').value = '';
    $('token-message').classList.remove('error');
    if (await loadConfig()) {
      $('token-message').textContent = t('token.ok');
      refreshScreenshot();
    }
  }

  // --- status -------------------------------------------------------------

  function formatTime(iso) {
    if (!iso) return t('never');
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(LOCALES[lang]);
  }

  async function refreshStatus() {
    let status;
    try {
      status = (await api('GET', '/api/v1/status', { auth: false })).data;
    } catch (error) {
      $('feed-state').textContent = describe(error);
      return;
    }
    $('board-name').textContent = status.name ? `– ${status.name}` : '';
    const feed = status.feed || {};
    $('feed-state').textContent = `${word('feed', feed.state)}${feed.host ? ` (${feed.host})` : ''}`;
    $('feed-state').dataset.state = feed.state || '';
    $('feed-last-success').textContent = formatTime(feed.last_success);
    $('feed-last-error').textContent = feed.last_error || t('nothing');
    $('feed-data-age').textContent = feed.data_age_s == null ? '–' : t('seconds', feed.data_age_s);
    const config = status.config || {};
    $('config-source').textContent = [word('config.source', config.source), config.warning]
      .filter(Boolean).join(' – ');
    renderAlerts(status.alerts || []);
  }

  function renderAlerts(alerts) {
    const list = $('alerts');
    list.replaceChildren();
    $('alerts-empty').hidden = alerts.length > 0;
    for (const alert of alerts) {
      const item = document.createElement('li');
      item.className = `alert ${alert.severity}${alert.acknowledged ? ' acked' : ''}`;
      item.dataset.alertId = alert.id;
      const severity = document.createElement('strong');
      severity.textContent = word('severity', alert.severity);
      const where = document.createElement('span');
      where.className = 'where';
      where.textContent = `${alert.channel || t('alerts.board')} · ${formatTime(alert.since)}`;
      const message = document.createElement('span');
      message.className = 'message';
      message.textContent = alert.message;
      item.append(severity, ' ', where, message);
      if (alert.acknowledged) {
        const mark = document.createElement('span');
        mark.className = 'acked-mark';
        mark.textContent = `✓ ${t('alerts.acked')}`;
        item.append(mark);
      } else {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'ack';
        button.textContent = t('alerts.ack');
        button.setAttribute('aria-label', `${t('alerts.ack')}: ${alert.message}`);
        button.addEventListener('click', () => ack(alert.id, button));
        item.append(button);
      }
      list.append(item);
    }
  }

  async function ack(id, button) {
    if (!needToken()) return;
    button.disabled = true;
    try {
      await api('POST', `/api/v1/alerts/${encodeURIComponent(id)}/ack`);
      await refreshStatus();
    } catch (error) {
      button.disabled = false;
      notice(describe(error));
    }
  }

  async function identify() {
    if (!needToken()) return;
    try {
      const { data } = await api('POST', '/api/v1/identify');
      $('identify-message').textContent = t('identify.done', data.seconds);
    } catch (error) {
      $('identify-message').textContent = describe(error);
    }
  }

  function needToken() {
    if (state.token) return true;
    $('token-message').textContent = t('token.needed');
    $('token-message').classList.add('error');
    $('token').focus();
    return false;
  }

  // --- screenshot ---------------------------------------------------------

  async function refreshScreenshot() {
    if (!state.token || document.hidden || secondsLeft() > 0) return;
    const img = $('screenshot');
    try {
      const { data } = await api('GET', '/api/v1/screenshot.png', { as: 'blob' });
      const url = URL.createObjectURL(data);
      img.onload = () => {
        // the old frame's memory goes only once the new one is showing
        if (state.screenshotUrl && state.screenshotUrl !== url) URL.revokeObjectURL(state.screenshotUrl);
        state.screenshotUrl = url;
        img.dataset.seq = String(Number(img.dataset.seq) + 1);
      };
      img.src = url;
      img.hidden = false;
      $('screenshot-message').hidden = true;
    } catch (error) {
      $('screenshot-message').hidden = false;
      $('screenshot-message').textContent = t('screen.failed') + describe(error);
    }
  }

  // --- config -------------------------------------------------------------

  const fields = () => Array.from(document.querySelectorAll('#config-form [data-path]'));
  const keysOf = (path) => path.replace(/^\$\./, '').split('.');

  function readPath(doc, path) {
    return keysOf(path).reduce((at, key) => (at == null ? undefined : at[key]), doc);
  }

  function writePath(doc, path, value) {
    const keys = keysOf(path);
    const last = keys.pop();
    let at = doc;
    for (const key of keys) {
      if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
      at = at[key];
    }
    at[last] = value;
  }

  function showValue(field, value) {
    if (field.type === 'checkbox') field.checked = Boolean(value);
    else if (field.dataset.type === 'list') field.value = (value || []).join(', ');
    else field.value = value == null ? '' : String(value);
  }

  // What the field says, in the document's types. A number field the browser
  // cannot read gives null, so the server names the problem next to it.
  function fieldValue(field) {
    if (field.type === 'checkbox') return field.checked;
    const raw = field.value.trim();
    switch (field.dataset.type) {
      case 'integer':
      case 'number':
        return raw === '' || Number.isNaN(Number(raw)) ? null : Number(raw);
      case 'list':
        return raw === '' ? [] : raw.split(',').map((s) => s.trim()).filter(Boolean);
      default:
        return field.value;
    }
  }

  function fillForm(doc) {
    for (const field of fields()) showValue(field, readPath(doc, field.dataset.path));
  }

  async function loadConfig() {
    if (!needToken()) return false;
    clearProblems();
    try {
      const { data, headers } = await api('GET', '/api/v1/config');
      state.config = data;
      state.etag = headers.get('ETag');
      fillForm(data);
      $('config-message').textContent = t('config.loaded');
      return true;
    } catch (error) {
      $('config-message').textContent = describe(error);
      return false;
    }
  }

  async function saveConfig(event) {
    event.preventDefault();
    if (!needToken()) return;
    if (!state.config) {
      $('config-message').textContent = t('config.not_loaded');
      return;
    }
    clearProblems();
    // The whole document goes back: keys the form does not show keep their
    // value, and redacted secrets ("********") keep the current secret.
    const doc = JSON.parse(JSON.stringify(state.config));
    for (const field of fields()) writePath(doc, field.dataset.path, fieldValue(field));
    $('config-save').disabled = true;
    try {
      const { data, headers } = await api('PUT', '/api/v1/config', { body: doc, ifMatch: state.etag });
      state.config = data;
      state.etag = headers.get('ETag');
      fillForm(data);
      $('config-message').textContent = t('config.saved');
      refreshStatus();
    } catch (error) {
      const words = { 412: t('config.conflict'), 422: t('config.invalid') };
      if (error.status === 422) showProblems(error.body.problems || []);
      $('config-message').textContent = words[error.status] || describe(error);
      if (error.status === 412) $('config-reload').focus();
    } finally {
      $('config-save').disabled = false;
    }
  }

  // The field a problem belongs to: the one whose path is the problem's path
  // or its closest ancestor ($.display.channels[2] -> $.display.channels).
  function fieldFor(path) {
    let best = null;
    for (const field of fields()) {
      const own = field.dataset.path;
      const matches = path === own || path.startsWith(`${own}.`) || path.startsWith(`${own}[`);
      if (matches && (!best || own.length > best.dataset.path.length)) best = field;
    }
    return best;
  }

  function errorBox(field) {
    return document.getElementById(`${field.id}-error`);
  }

  function clearProblems() {
    for (const field of fields()) {
      field.removeAttribute('aria-invalid');
      const box = errorBox(field);
      box.textContent = '';
      box.hidden = true;
    }
    $('config-problem-list').replaceChildren();
    $('config-problems').hidden = true;
  }

  function showProblems(problems) {
    let first = null;
    for (const problem of problems) {
      const field = fieldFor(problem.path || '');
      if (field) {
        const box = errorBox(field);
        box.textContent = box.textContent ? `${box.textContent} ${problem.message}` : problem.message;
        box.hidden = false;
        field.setAttribute('aria-invalid', 'true');
        first = first || field;
      } else {
        const item = document.createElement('li');
        item.textContent = `${problem.path}: ${problem.message}`;
        $('config-problem-list').append(item);
        $('config-problems').hidden = false;
      }
    }
    if (first) first.focus();
  }

  // Each field gets a message box of its own, announced with the field.
  function addErrorBoxes() {
    for (const field of fields()) {
      const box = document.createElement('p');
      box.id = `${field.id}-error`;
      box.className = 'field-error';
      box.hidden = true;
      field.closest('.field').append(box);
      field.setAttribute('aria-describedby', box.id);
    }
  }

  // --- start --------------------------------------------------------------

  function start() {
    applyLanguage();
    addErrorBoxes();
    setToken(state.token);
    $('token-form').addEventListener('submit', connect);
    $('token-forget').addEventListener('click', () => setToken(''));
    $('config-form').addEventListener('submit', saveConfig);
    $('config-reload').addEventListener('click', loadConfig);
    $('identify').addEventListener('click', identify);
    refreshStatus();
    setInterval(refreshStatus, STATUS_EVERY_MS);
    setInterval(refreshScreenshot, SCREENSHOT_EVERY_MS);
    if (state.token) {
      loadConfig();
      refreshScreenshot();
    }
  }

  start();
})();
