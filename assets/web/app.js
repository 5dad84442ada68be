// The wallboard's configuration page: status, live screenshot, settings, alert
// acks, identify and software updates, all through the board's own API
// (docs/openapi.yaml).
// The server is the only judge of what is valid: its 422 problems are shown
// next to the field their path names. No framework, no build step.
'use strict';

(function () {
  const STATUS_EVERY_MS = 5000;
  const SCREENSHOT_EVERY_MS = 3000;
  const UPDATE_EVERY_MS = 2000; // while an update is under way; the status poll covers the rest
  // States in which the board is still on its way to an outcome. "installed"
  // and "trial" are among them: the board restarts, then has to prove itself
  // healthy on the new version before it is committed or rolled back.
  const UPDATE_BUSY = new Set(['downloading', 'uploading', 'installing', 'installed', 'trial']);
  // Answers to an upload that get words of their own (0: it broke off).
  const UPLOAD_REFUSED = [0, 401, 409, 413, 507];
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
      'config.privacy': 'Privacy in de ticker',
      'config.privacy_off': 'Alles tonen',
      'config.privacy_names': 'Geen namen of @namen van schrijvers',
      'config.privacy_text': 'Geen berichttekst: alleen tijd, kanaal en sentiment',
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
      'update.heading': 'Software-update',
      'update.running': 'Draait nu',
      'update.other': 'Andere slot',
      'update.state': 'Update',
      'update.last': 'Laatste update',
      'update.in_slot': (version, slot) => `${version} (slot ${slot})`,
      'update.empty': (slot) => `leeg (slot ${slot})`,
      'update.not_bootable': 'niet opstartbaar',
      'update.none': 'nog geen',
      'update.state.idle': 'geen update bezig',
      'update.state.downloading': 'update wordt gedownload…',
      'update.state.uploading': 'upload wordt ontvangen…',
      'update.state.installing': 'wordt geïnstalleerd…',
      'update.state.installed': 'geïnstalleerd; het bord start opnieuw op in de nieuwe versie',
      'update.state.trial': 'nieuwe versie op proef (nog niet definitief)',
      'update.state.committed': 'nieuwe versie draait en blijft',
      'update.state.rolled_back': 'teruggezet naar de vorige versie',
      'update.state.failed': 'update mislukt',
      'update.state.unknown': 'onbekend (het systeem geeft geen update-informatie)',
      'update.source.api': 'geüpload',
      'update.source.pull': 'van de updateserver',
      'update.result.committed': 'geïnstalleerd en behouden',
      'update.result.rolled_back': 'teruggezet',
      'update.result.refused': 'geweigerd',
      'update.result.failed': 'mislukt',
      'update.result.interrupted': 'onderbroken (stroom weg of herstart)',
      'update.last_line': (version, source, result) => `${version}${source ? ` (${source})` : ''}: ${result}`,
      'update.rolled_back_detail': (version, running, reason) =>
        `Versie ${version} startte niet goed op; het bord is vanzelf teruggegaan naar ${running}. Reden: ${reason}`,
      'update.failed_detail': (version, running, reason) =>
        `De update naar ${version} is mislukt; het bord draait nog op ${running}. Reden: ${reason}`,
      'update.file': 'Updatebundel (.raucb-bestand)',
      'update.force': 'Forceren (ook een oudere versie toestaan)',
      'update.force_warning': 'Geforceerd: de controle dat de bundel nieuwer is dan de draaiende versie vervalt. Alleen gebruiken om bewust terug te gaan naar een oudere versie; de handtekening wordt nog steeds gecontroleerd.',
      'update.upload': 'Uploaden en installeren',
      'update.reboot_note': 'Als de installatie lukt, start het bord opnieuw op in de nieuwe versie. Start die niet goed, dan gaat het bord vanzelf terug naar de huidige.',
      'update.choose_file': 'Kies eerst een updatebundel.',
      'update.progress.upload': (pct) => `Uploaden: ${pct} %`,
      'update.progress.installing': (pct) => `Installeren: ${pct} %`,
      'update.progress.downloading': (pct) => `Downloaden: ${pct} %`,
      'update.sent': 'Ontvangen door het bord; de installatie begint.',
      'update.restarting': 'Het bord start opnieuw op in de nieuwe versie…',
      'update.error.0': 'De upload is afgebroken; er is niets geïnstalleerd. Controleer de verbinding en probeer het opnieuw.',
      'update.error.401': 'Niet geïnstalleerd: het beheertoken klopt niet (meer). Vul het hierboven opnieuw in.',
      'update.error.409': 'Niet geïnstalleerd: er wordt al een update geïnstalleerd. Wacht tot die klaar is.',
      'update.error.413': 'Niet geïnstalleerd: het bestand is groter dan het bord aanneemt (update.max_bundle_mb).',
      'update.error.507': 'Niet geïnstalleerd: er is niet genoeg vrije ruimte op de datapartitie van het bord voor dit bestand.',
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
      'config.privacy': 'Privacy in the ticker',
      'config.privacy_off': 'Show everything',
      'config.privacy_names': 'No author names or @handles',
      'config.privacy_text': 'No message text: only time, channel and sentiment',
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
      'update.heading': 'Software update',
      'update.running': 'Running now',
      'update.other': 'Other slot',
      'update.state': 'Update',
      'update.last': 'Last update',
      'update.in_slot': (version, slot) => `${version} (slot ${slot})`,
      'update.empty': (slot) => `empty (slot ${slot})`,
      'update.not_bootable': 'not bootable',
      'update.none': 'none yet',
      'update.state.idle': 'no update under way',
      'update.state.downloading': 'downloading the update…',
      'update.state.uploading': 'receiving the upload…',
      'update.state.installing': 'installing…',
      'update.state.installed': 'installed; the board restarts into the new version',
      'update.state.trial': 'trying the new version (not final yet)',
      'update.state.committed': 'the new version runs and is kept',
      'update.state.rolled_back': 'rolled back to the previous version',
      'update.state.failed': 'the update failed',
      'update.state.unknown': 'unknown (the system gives no update information)',
      'update.source.api': 'uploaded',
      'update.source.pull': 'from the update server',
      'update.result.committed': 'installed and kept',
      'update.result.rolled_back': 'rolled back',
      'update.result.refused': 'refused',
      'update.result.failed': 'failed',
      'update.result.interrupted': 'interrupted (power cut or restart)',
      'update.last_line': (version, source, result) => `${version}${source ? ` (${source})` : ''}: ${result}`,
      'update.rolled_back_detail': (version, running, reason) =>
        `Version ${version} did not start properly; the board went back to ${running} by itself. Reason: ${reason}`,
      'update.failed_detail': (version, running, reason) =>
        `The update to ${version} failed; the board still runs ${running}. Reason: ${reason}`,
      'update.file': 'Update bundle (.raucb file)',
      'update.force': 'Force (allow an older version)',
      'update.force_warning': 'Forced: the check that the bundle is newer than the running version is skipped. Use it only to go back to an older version on purpose; the signature is still checked.',
      'update.upload': 'Upload and install',
      'update.reboot_note': 'When the install succeeds, the board restarts into the new version. If that does not start properly, the board goes back to the current one by itself.',
      'update.choose_file': 'Choose an update bundle first.',
      'update.progress.upload': (pct) => `Uploading: ${pct} %`,
      'update.progress.installing': (pct) => `Installing: ${pct} %`,
      'update.progress.downloading': (pct) => `Downloading: ${pct} %`,
      'update.sent': 'Received by the board; the install is starting.',
      'update.restarting': 'The board is restarting into the new version…',
      'update.error.0': 'The upload broke off; nothing was installed. Check the connection and try again.',
      'update.error.401': 'Not installed: the admin token is wrong (or no longer valid). Enter it again above.',
      'update.error.409': 'Not installed: an update is already being installed. Wait until it has finished.',
      'update.error.413': 'Not installed: the file is larger than the board accepts (update.max_bundle_mb).',
      'update.error.507': 'Not installed: there is not enough free room on the board’s data partition for this file.',
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
      'config.privacy': 'Confidentialité du bandeau',
      'config.privacy_off': 'Tout afficher',
      'config.privacy_names': 'Sans noms ni @pseudos des auteurs',
      'config.privacy_text': 'Sans texte : heure, canal et sentiment seulement',
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
      'update.heading': 'Mise à jour du logiciel',
      'update.running': 'Version active',
      'update.other': 'Autre emplacement',
      'update.state': 'Mise à jour',
      'update.last': 'Dernière mise à jour',
      'update.in_slot': (version, slot) => `${version} (emplacement ${slot})`,
      'update.empty': (slot) => `vide (emplacement ${slot})`,
      'update.not_bootable': 'non amorçable',
      'update.none': 'aucune pour l’instant',
      'update.state.idle': 'aucune mise à jour en cours',
      'update.state.downloading': 'téléchargement de la mise à jour…',
      'update.state.uploading': 'réception de l’envoi…',
      'update.state.installing': 'installation…',
      'update.state.installed': 'installée ; l’écran redémarre sur la nouvelle version',
      'update.state.trial': 'nouvelle version à l’essai (pas encore définitive)',
      'update.state.committed': 'la nouvelle version tourne et est conservée',
      'update.state.rolled_back': 'retour à la version précédente',
      'update.state.failed': 'la mise à jour a échoué',
      'update.state.unknown': 'inconnu (le système ne donne aucune information de mise à jour)',
      'update.source.api': 'envoyée',
      'update.source.pull': 'depuis le serveur de mises à jour',
      'update.result.committed': 'installée et conservée',
      'update.result.rolled_back': 'annulée (retour arrière)',
      'update.result.refused': 'refusée',
      'update.result.failed': 'échouée',
      'update.result.interrupted': 'interrompue (coupure ou redémarrage)',
      'update.last_line': (version, source, result) => `${version}${source ? ` (${source})` : ''} : ${result}`,
      'update.rolled_back_detail': (version, running, reason) =>
        `La version ${version} n’a pas démarré correctement ; l’écran est revenu de lui-même à ${running}. Raison : ${reason}`,
      'update.failed_detail': (version, running, reason) =>
        `La mise à jour vers ${version} a échoué ; l’écran tourne toujours sur ${running}. Raison : ${reason}`,
      'update.file': 'Paquet de mise à jour (fichier .raucb)',
      'update.force': 'Forcer (autoriser une version plus ancienne)',
      'update.force_warning': 'Forcé : la vérification que le paquet est plus récent que la version active est ignorée. À n’utiliser que pour revenir volontairement à une version plus ancienne ; la signature est toujours vérifiée.',
      'update.upload': 'Envoyer et installer',
      'update.reboot_note': 'Si l’installation réussit, l’écran redémarre sur la nouvelle version. Si celle-ci ne démarre pas correctement, l’écran revient de lui-même à la version actuelle.',
      'update.choose_file': 'Choisissez d’abord un paquet de mise à jour.',
      'update.progress.upload': (pct) => `Envoi : ${pct} %`,
      'update.progress.installing': (pct) => `Installation : ${pct} %`,
      'update.progress.downloading': (pct) => `Téléchargement : ${pct} %`,
      'update.sent': 'Reçu par l’écran ; l’installation commence.',
      'update.restarting': 'L’écran redémarre sur la nouvelle version…',
      'update.error.0': 'L’envoi a été interrompu ; rien n’a été installé. Vérifiez la connexion et réessayez.',
      'update.error.401': 'Non installé : le jeton d’administration est incorrect (ou n’est plus valable). Saisissez-le à nouveau ci-dessus.',
      'update.error.409': 'Non installé : une mise à jour est déjà en cours d’installation. Attendez qu’elle soit terminée.',
      'update.error.413': 'Non installé : le fichier dépasse la taille acceptée par l’écran (update.max_bundle_mb).',
      'update.error.507': 'Non installé : pas assez d’espace libre sur la partition de données de l’écran pour ce fichier.',
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
    update: null, // the last update status shown
    updateTimer: null, // the pending fast poll of GET /api/v1/update
    updateWatch: null, // our own upload's install, until it has an outcome
    uploading: false, // the upload's progress owns the progress bar
    restarting: false, // the panel says the board is restarting
  };

  // An answer the page could not use; status 0 is a network failure.
  class ApiError extends Error {
    constructor(status, body) {
      super(body && body.message ? body.message : `HTTP ${status}`);
      this.status = status;
      this.body = body || {};
    }
  }

  // A failed answer after the page-wide reactions to it: a rejected token is
  // forgotten, a 429 starts the countdown.
  function failure(status, problem, retryAfter) {
    if (status === 401) tokenRejected();
    if (status === 429) rateLimited(retryAfter);
    return new ApiError(status, problem);
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
      throw failure(response.status, problem, response.headers.get('Retry-After'));
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
    if (status.update) showUpdate(status.update);
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

  // --- update -------------------------------------------------------------

  function showProgress(text, percent) {
    $('update-progress-box').hidden = false;
    $('update-progress').value = percent;
    $('update-progress-text').textContent = text;
  }

  const percentOf = (value) => Math.max(0, Math.min(100, Math.round(Number(value) || 0)));

  function otherSlot(other) {
    if (!other || !other.slot) return '–';
    const what = other.version ? t('update.in_slot', other.version, other.slot) : t('update.empty', other.slot);
    return other.bootable === false ? `${what} – ${t('update.not_bootable')}` : what;
  }

  function lastUpdate(last) {
    if (!last) return t('update.none');
    // the board sends null for what the image left out
    const line = t('update.last_line', last.version || '?', last.source ? word('update.source', last.source) : '',
      last.result ? word('update.result', last.result) : '?');
    const when = last.finished ? `${line}, ${formatTime(last.finished)}` : line;
    return last.reason ? `${when} – ${last.reason}` : when;
  }

  // What the board tells about its update in words; the message of the image
  // scripts is English only, so it is shown as the detail under them.
  function renderUpdate(u) {
    state.update = u;
    const booted = u.booted || {};
    // No slot while the image has said nothing: then the version alone, the
    // firmware's own (branch h1 also sends it as `version`).
    const version = booted.version || u.version;
    const running = booted.slot ? t('update.in_slot', version, booted.slot) : version;
    $('update-booted').textContent = version ? running : '–';
    $('update-other').textContent = otherSlot(u.other);
    $('update-state').textContent = word('update.state', u.state);
    $('update-state').dataset.state = u.state || '';
    $('update-last').textContent = lastUpdate(u.last);
    // A rollback or failure says in full what happened and what runs now.
    const outcome = { rolled_back: 'update.rolled_back_detail', failed: 'update.failed_detail' }[u.state];
    const last = u.last || {};
    $('update-outcome').hidden = !outcome;
    $('update-outcome').textContent = outcome
      ? t(outcome, last.version || '?', version || '?', last.reason || u.message || '–') : '';
    // the firmware's own last failure (a broken pull, say) comes with it, if any
    const detail = [u.message, u.error && u.error.message].filter(Boolean).join(' – ');
    $('update-detail').hidden = !detail;
    $('update-detail').textContent = detail;
    if (state.uploading) return;
    if (u.state === 'installing' || u.state === 'downloading') {
      const percent = percentOf(u.progress);
      showProgress(t(`update.progress.${u.state}`, percent), percent);
    } else {
      $('update-progress-box').hidden = true;
    }
  }

  // Busy also while the board's request waits for the image (`pending`):
  // the state is then still the image's previous one.
  const updateBusy = (u) => UPDATE_BUSY.has(u.state) || u.pending === true;

  // After our own upload the install is over once the board shows a state
  // that is not busy, having shown a busy one since or a new outcome in
  // `last`: for a moment it may still show the previous update's final state.
  function installOver(u) {
    const watch = state.updateWatch;
    if (updateBusy(u)) {
      watch.seenBusy = true;
      return false;
    }
    return watch.seenBusy || JSON.stringify(u.last ?? null) !== watch.last;
  }

  // Shows an update status and polls fast while an update is under way, here
  // or started elsewhere (another tab, the pull from the update server).
  function showUpdate(u) {
    renderUpdate(u);
    if (state.updateWatch && installOver(u)) {
      state.updateWatch = null;
      $('update-message').textContent = '';
    }
    const busy = updateBusy(u) || Boolean(state.updateWatch);
    $('update-section').setAttribute('aria-busy', String(busy));
    if (busy && !state.updateTimer) state.updateTimer = setTimeout(pollUpdate, UPDATE_EVERY_MS);
  }

  async function pollUpdate() {
    state.updateTimer = null;
    try {
      const { data } = await api('GET', '/api/v1/update', { auth: false });
      if (state.restarting) $('update-message').textContent = '';
      state.restarting = false;
      showUpdate(data);
    } catch (error) {
      // A board that installed a version restarts into it: not answering for
      // a while is expected then, and the poll goes on until it is back.
      state.restarting = error.status === 0 && Boolean(state.update) && state.update.state === 'installed';
      $('update-message').textContent = state.restarting ? t('update.restarting') : describe(error);
      const busy = state.updateWatch || (state.update && updateBusy(state.update));
      if (busy && !state.updateTimer && (error.status === 0 || error.status >= 500)) {
        state.updateTimer = setTimeout(pollUpdate, UPDATE_EVERY_MS);
      }
    }
  }

  // fetch() reports no upload progress, XMLHttpRequest does. The bundle goes
  // as the raw body, not a form: the board streams it to disk as it comes.
  // Resolves with the finished request, or null when it broke off.
  function postFile(path, file, onProgress) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      xhr.setRequestHeader('Authorization', `Bearer ${state.token}`);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.responseType = 'json'; // null when the body is not JSON
      xhr.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(percentOf((100 * e.loaded) / e.total));
      });
      xhr.addEventListener('load', () => resolve(xhr));
      xhr.addEventListener('error', () => resolve(null));
      xhr.addEventListener('abort', () => resolve(null));
      xhr.send(file);
    });
  }

  // A board that refuses a body by its size answers before reading it and
  // may close the connection while the browser still sends: the browser then
  // reports no answer at all. A broken-off upload of a file over the cap the
  // loaded settings name was that 413.
  function overCap(file) {
    const mb = state.config && state.config.update && state.config.update.max_bundle_mb;
    return Number.isFinite(mb) && file.size > mb * 1048576;
  }

  async function uploadBundle(event) {
    event.preventDefault();
    if (!needToken()) return;
    const file = $('update-file').files[0];
    if (!file) {
      $('update-message').textContent = t('update.choose_file');
      return;
    }
    const path = $('update-force').checked ? '/api/v1/update?force=1' : '/api/v1/update';
    $('update-upload').disabled = true;
    $('update-message').textContent = '';
    state.uploading = true;
    const progress = (percent) => showProgress(t('update.progress.upload', percent), percent);
    progress(0);
    const xhr = await postFile(path, file, progress);
    state.uploading = false;
    $('update-upload').disabled = false;
    if (xhr && xhr.status === 202) {
      const u = xhr.response || {};
      state.updateWatch = { last: JSON.stringify(u.last ?? null), seenBusy: false };
      $('update-message').textContent = t('update.sent');
      showUpdate(u);
      return;
    }
    const error = xhr ? failure(xhr.status, xhr.response, xhr.getResponseHeader('Retry-After'))
      : new ApiError(overCap(file) ? 413 : 0, null);
    $('update-message').textContent = UPLOAD_REFUSED.includes(error.status)
      ? t(`update.error.${error.status}`) : describe(error);
    // the bar goes back to what the board is doing, if anything
    if (state.update) renderUpdate(state.update);
    else $('update-progress-box').hidden = true;
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
    $('update-form').addEventListener('submit', uploadBundle);
    $('update-force').addEventListener('change', () => {
      $('update-force-warning').hidden = !$('update-force').checked;
    });
    refreshStatus();
    pollUpdate();
    setInterval(refreshStatus, STATUS_EVERY_MS);
    setInterval(refreshScreenshot, SCREENSHOT_EVERY_MS);
    if (state.token) {
      loadConfig();
      refreshScreenshot();
    }
  }

  start();
})();
