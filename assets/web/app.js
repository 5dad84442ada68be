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

  // The texts of the page's v2 sections (device, channels, hours, screen
  // schedule, alert rules, feed test, log), one object per language like
  // TEXT's, merged into it.
  const TEXT_V2 = {
    nl: {
      'page.language': 'Taal van deze pagina',
      'device.heading': 'Apparaat',
      'device.name': 'Naam',
      'device.hostname': 'Hostnaam',
      'device.addresses': 'Adressen',
      'device.version': 'Softwareversie',
      'device.uptime': 'Draait sinds',
      'device.time': 'Tijd op het bord',
      'device.uptime_value': (d, h, m) => (d > 0 ? `${d} d ${h} u ${m} min` : `${h} u ${m} min`),
      'device.in_zone': (time, zone) => `${time} (${zone})`,
      'channels.heading': 'Kanalen',
      'channels.hint': 'De kanalen van de feed. Verborgen kanalen staan niet op het scherm; met de pijlen zet je de volgorde. Een lege norm of oranjegrens gebruikt de norm van de feed en de algemene grens.',
      'channels.none': 'De feed heeft nog geen kanalen.',
      'channels.show': 'Tonen',
      'channels.channel': 'Kanaal',
      'channels.order': 'Volgorde',
      'channels.target': 'SLA-norm (minuten)',
      'channels.amber': 'Oranje vanaf (% van de norm)',
      'channels.hours': 'Eigen openingstijden',
      'channels.up': (id) => `${id} omhoog`,
      'channels.down': (id) => `${id} omlaag`,
      'channels.not_in_feed': 'niet in de feed',
      'channels.own_hours': (id) => `Openingstijden van ${id}`,
      'hours.heading': 'Openingstijden (elk kanaal zonder eigen tijden)',
      'hours.always': 'Altijd open (dag en nacht)',
      'hours.day_hint': 'Bijv. 08:00-17:00, 19:00-21:00; leeg: gesloten',
      'schedule.heading': 'Scherm aan',
      'schedule.always': 'Altijd aan',
      'schedule.wake': 'Een kritieke melding zet het scherm aan buiten deze tijden',
      'day.mon': 'maandag',
      'day.tue': 'dinsdag',
      'day.wed': 'woensdag',
      'day.thu': 'donderdag',
      'day.fri': 'vrijdag',
      'day.sat': 'zaterdag',
      'day.sun': 'zondag',
      'config.attainment': 'Behaalde norm (groen en oranje)',
      'config.good_pct': 'Behaalde norm groen vanaf (% vandaag binnen de norm beantwoord)',
      'config.fair_pct': 'Behaalde norm oranje vanaf (%; daaronder rood)',
      'rules.heading': 'Eigen meldingsregels van het bord',
      'rules.none': 'Geen regels: het bord toont alleen de meldingen uit de feed.',
      'rules.add': 'Regel toevoegen',
      'rules.remove': 'Verwijderen',
      'rules.default': 'leeg: de standaardwaarde van het bord',
      'rules.kind': 'Soort regel',
      'rules.channel': 'Kanaal',
      'rules.every_channel': 'elk kanaal',
      'rules.number': (n) => `Regel ${n}`,
      'rule.negative_share': 'Aandeel negatieve berichten',
      'rule.negative_spike': 'Piek in negatieve berichten',
      'rule.influencer': 'Negatief bericht van een invloedrijke schrijver',
      'rule.raise_pct': 'Waarschuwen vanaf dit aandeel negatief in het laatste uur (%)',
      'rule.clear_pct': 'De melding verdwijnt onder dit aandeel (%)',
      'rule.min_mentions': 'Alleen bij minstens zoveel berichten in het laatste uur',
      'rule.raise_factor': 'Kritiek vanaf zoveel keer het gewone aantal negatieve berichten',
      'rule.clear_factor': 'De melding verdwijnt onder zoveel keer het gewone aantal',
      'rule.min_negative': 'Alleen bij minstens zoveel negatieve berichten in het laatste uur',
      'rule.alpha': 'Hoe snel het gewone aantal meebeweegt (0 tot 1)',
      'rule.sample_every_min': 'Het gewone aantal leert hoogstens elke zoveel minuten (0: bij elke ophaalbeurt)',
      'rule.min_followers': 'Waarschuwen bij een negatief bericht van iemand met minstens zoveel volgers',
      'rule.hold_min': 'Een melding blijft minstens zoveel minuten staan',
      'feedtest.button': 'Feed testen',
      'feedtest.running': 'De feed wordt getest…',
      'feedtest.ok': (n, when) => `In orde: ${n} kanalen, gegevens van ${when}.`,
      'feedtest.failed': (message) => `Niet gelukt: ${message}`,
      'feedtest.busy': 'Er loopt al een test. Probeer het zo nog eens.',
      'log.heading': 'Recente logregels',
      'log.refresh': 'Vernieuwen',
      'log.needs_token': 'Vul het beheertoken in om het log te zien.',
      'log.empty': 'Nog geen logregels.',
      'log.count': (n) => `${n} regels, de nieuwste onderaan.`,
      'problem.at': (label, message) => `${label}: ${message}`,
    },
    en: {
      'page.language': 'Language of this page',
      'device.heading': 'Device',
      'device.name': 'Name',
      'device.hostname': 'Host name',
      'device.addresses': 'Addresses',
      'device.version': 'Software version',
      'device.uptime': 'Running for',
      'device.time': 'Time on the board',
      'device.uptime_value': (d, h, m) => (d > 0 ? `${d} d ${h} h ${m} min` : `${h} h ${m} min`),
      'device.in_zone': (time, zone) => `${time} (${zone})`,
      'channels.heading': 'Channels',
      'channels.hint': 'The channels of the feed. Hidden channels are not on the screen; the arrows set the order. An empty target or amber share uses the feed\'s target and the general share.',
      'channels.none': 'The feed has no channels yet.',
      'channels.show': 'Show',
      'channels.channel': 'Channel',
      'channels.order': 'Order',
      'channels.target': 'SLA target (minutes)',
      'channels.amber': 'Amber from (% of target)',
      'channels.hours': 'Own opening hours',
      'channels.up': (id) => `Move ${id} up`,
      'channels.down': (id) => `Move ${id} down`,
      'channels.not_in_feed': 'not in the feed',
      'channels.own_hours': (id) => `Opening hours of ${id}`,
      'hours.heading': 'Opening hours (every channel without its own)',
      'hours.always': 'Always open (day and night)',
      'hours.day_hint': 'E.g. 08:00-17:00, 19:00-21:00; empty: closed',
      'schedule.heading': 'Screen on',
      'schedule.always': 'Always on',
      'schedule.wake': 'A critical alert turns the screen on outside these hours',
      'day.mon': 'Monday',
      'day.tue': 'Tuesday',
      'day.wed': 'Wednesday',
      'day.thu': 'Thursday',
      'day.fri': 'Friday',
      'day.sat': 'Saturday',
      'day.sun': 'Sunday',
      'config.attainment': 'Attainment (green and amber)',
      'config.good_pct': 'Attainment green from (% answered within target today)',
      'config.fair_pct': 'Attainment amber from (%; below it red)',
      'rules.heading': 'Alert rules of the board',
      'rules.none': 'No rules: the board only shows the feed\'s alerts.',
      'rules.add': 'Add a rule',
      'rules.remove': 'Remove',
      'rules.default': 'empty: the board\'s default',
      'rules.kind': 'Kind of rule',
      'rules.channel': 'Channel',
      'rules.every_channel': 'every channel',
      'rules.number': (n) => `Rule ${n}`,
      'rule.negative_share': 'Share of negative mentions',
      'rule.negative_spike': 'Spike in negative mentions',
      'rule.influencer': 'Negative mention by an influential author',
      'rule.raise_pct': 'Warn from this share of negative mentions in the last hour (%)',
      'rule.clear_pct': 'The alert clears below this share (%)',
      'rule.min_mentions': 'Only with at least this many mentions in the last hour',
      'rule.raise_factor': 'Critical from this many times the usual number of negative mentions',
      'rule.clear_factor': 'The alert clears below this many times the usual number',
      'rule.min_negative': 'Only with at least this many negative mentions in the last hour',
      'rule.alpha': 'How fast the usual number follows (0 to 1)',
      'rule.sample_every_min': 'The usual number learns at most every this many minutes (0: every poll)',
      'rule.min_followers': 'Warn on a negative mention by someone with at least this many followers',
      'rule.hold_min': 'An alert stays at least this many minutes',
      'feedtest.button': 'Test the feed',
      'feedtest.running': 'Testing the feed…',
      'feedtest.ok': (n, when) => `OK: ${n} channels, data of ${when}.`,
      'feedtest.failed': (message) => `Failed: ${message}`,
      'feedtest.busy': 'A test is already running. Try again in a moment.',
      'log.heading': 'Recent log',
      'log.refresh': 'Refresh',
      'log.needs_token': 'Enter the admin token to see the log.',
      'log.empty': 'No log lines yet.',
      'log.count': (n) => `${n} lines, the newest at the bottom.`,
      'problem.at': (label, message) => `${label}: ${message}`,
    },
    fr: {
      'page.language': 'Langue de cette page',
      'device.heading': 'Appareil',
      'device.name': 'Nom',
      'device.hostname': 'Nom d’hôte',
      'device.addresses': 'Adresses',
      'device.version': 'Version du logiciel',
      'device.uptime': 'En marche depuis',
      'device.time': 'Heure de l’écran',
      'device.uptime_value': (d, h, m) => (d > 0 ? `${d} j ${h} h ${m} min` : `${h} h ${m} min`),
      'device.in_zone': (time, zone) => `${time} (${zone})`,
      'channels.heading': 'Canaux',
      'channels.hint': 'Les canaux du flux. Les canaux masqués ne sont pas à l’écran ; les flèches fixent l’ordre. Un objectif ou un seuil orange vide reprend l’objectif du flux et le seuil général.',
      'channels.none': 'Le flux n’a pas encore de canaux.',
      'channels.show': 'Afficher',
      'channels.channel': 'Canal',
      'channels.order': 'Ordre',
      'channels.target': 'Objectif SLA (minutes)',
      'channels.amber': 'Orange à partir de (% de l’objectif)',
      'channels.hours': 'Horaires propres',
      'channels.up': (id) => `Monter ${id}`,
      'channels.down': (id) => `Descendre ${id}`,
      'channels.not_in_feed': 'absent du flux',
      'channels.own_hours': (id) => `Horaires de ${id}`,
      'hours.heading': 'Heures d’ouverture (tout canal sans horaires propres)',
      'hours.always': 'Toujours ouvert (jour et nuit)',
      'hours.day_hint': 'P. ex. 08:00-17:00, 19:00-21:00 ; vide : fermé',
      'schedule.heading': 'Écran allumé',
      'schedule.always': 'Toujours allumé',
      'schedule.wake': 'Une alerte critique allume l’écran en dehors de ces heures',
      'day.mon': 'lundi',
      'day.tue': 'mardi',
      'day.wed': 'mercredi',
      'day.thu': 'jeudi',
      'day.fri': 'vendredi',
      'day.sat': 'samedi',
      'day.sun': 'dimanche',
      'config.attainment': 'Objectif atteint (vert et orange)',
      'config.good_pct': 'Objectif atteint vert à partir de (% de réponses dans l’objectif aujourd’hui)',
      'config.fair_pct': 'Objectif atteint orange à partir de (% ; en dessous rouge)',
      'rules.heading': 'Règles d’alerte de l’écran',
      'rules.none': 'Aucune règle : l’écran n’affiche que les alertes du flux.',
      'rules.add': 'Ajouter une règle',
      'rules.remove': 'Supprimer',
      'rules.default': 'vide : la valeur par défaut de l’écran',
      'rules.kind': 'Type de règle',
      'rules.channel': 'Canal',
      'rules.every_channel': 'tous les canaux',
      'rules.number': (n) => `Règle ${n}`,
      'rule.negative_share': 'Part de mentions négatives',
      'rule.negative_spike': 'Pic de mentions négatives',
      'rule.influencer': 'Mention négative d’un auteur influent',
      'rule.raise_pct': 'Avertir à partir de cette part de mentions négatives sur la dernière heure (%)',
      'rule.clear_pct': 'L’alerte disparaît sous cette part (%)',
      'rule.min_mentions': 'Seulement avec au moins autant de mentions sur la dernière heure',
      'rule.raise_factor': 'Critique à partir de tant de fois le nombre habituel de mentions négatives',
      'rule.clear_factor': 'L’alerte disparaît sous tant de fois le nombre habituel',
      'rule.min_negative': 'Seulement avec au moins autant de mentions négatives sur la dernière heure',
      'rule.alpha': 'Vitesse à laquelle le nombre habituel suit (0 à 1)',
      'rule.sample_every_min': 'Le nombre habituel apprend au plus toutes les tant de minutes (0 : à chaque requête)',
      'rule.min_followers': 'Avertir d’une mention négative d’une personne ayant au moins autant d’abonnés',
      'rule.hold_min': 'Une alerte reste affichée au moins tant de minutes',
      'feedtest.button': 'Tester le flux',
      'feedtest.running': 'Test du flux en cours…',
      'feedtest.ok': (n, when) => `Correct : ${n} canaux, données de ${when}.`,
      'feedtest.failed': (message) => `Échec : ${message}`,
      'feedtest.busy': 'Un test est déjà en cours. Réessayez dans un instant.',
      'log.heading': 'Journal récent',
      'log.refresh': 'Actualiser',
      'log.needs_token': 'Saisissez le jeton d’administration pour voir le journal.',
      'log.empty': 'Pas encore de lignes de journal.',
      'log.count': (n) => `${n} lignes, la plus récente en bas.`,
      'problem.at': (label, message) => `${label} : ${message}`,
    },
  };
  for (const code of Object.keys(TEXT_V2)) Object.assign(TEXT[code], TEXT_V2[code]);
  // Where each setting comes from (GET /api/v1/config/sources), and what
  // overrides what (docs/configuration.md), one object per language.
  const TEXT_LAYERS = {
    nl: {
      'layers.order': 'Wat gaat voor wat: standaard < configuratiebestand < startopties < centraal beheer < wijzigingen op dit scherm. Een wijziging hier geldt alleen voor wat je verandert; de rest blijft uit het bestand en het centrale beheer komen. Vergrendelde instellingen kunnen alleen centraal veranderen.',
      'layer.file': 'uit het configuratiebestand',
      'layer.command_line': 'uit de startopties',
      'layer.managed': 'centraal beheerd',
      'layer.device': 'op dit scherm gewijzigd',
      'layer.locked': 'centraal vergrendeld',
    },
    en: {
      'layers.order': 'What overrides what: defaults < config file < start options < central management < changes on this screen. A change here applies only to what you change; everything else keeps coming from the file and central management. Locked settings can only change centrally.',
      'layer.file': 'from the config file',
      'layer.command_line': 'from the start options',
      'layer.managed': 'managed centrally',
      'layer.device': 'changed on this screen',
      'layer.locked': 'locked centrally',
    },
    fr: {
      'layers.order': 'Qui l’emporte : défauts < fichier de configuration < options de démarrage < gestion centrale < changements sur cet écran. Un changement ici ne vaut que pour ce que vous changez ; le reste vient toujours du fichier et de la gestion centrale. Les réglages verrouillés ne changent que depuis la gestion centrale.',
      'layer.file': 'du fichier de configuration',
      'layer.command_line': 'des options de démarrage',
      'layer.managed': 'géré centralement',
      'layer.device': 'changé sur cet écran',
      'layer.locked': 'verrouillé centralement',
    },
  };
  for (const code of Object.keys(TEXT_LAYERS)) Object.assign(TEXT[code], TEXT_LAYERS[code]);

  // The board's validation messages (firmware/core/config) in the page's
  // language: one row per form of message the board writes, English being
  // the board's own. A message no row knows is shown as it came.
  const TYPE_WORDS = {
    nl: { 'a boolean': 'ja/nee', 'a number': 'een getal', 'a string': 'tekst', 'an array': 'een lijst', 'an object': 'een object', null: 'null', 'an integer': 'een geheel getal', 'true or false': 'true of false', 'a whole number': 'een geheel getal' },
    fr: { 'a boolean': 'un booléen', 'a number': 'un nombre', 'a string': 'un texte', 'an array': 'une liste', 'an object': 'un objet', null: 'null', 'an integer': 'un entier', 'true or false': 'true ou false', 'a whole number': 'un nombre entier' },
  };
  const typeWord = (code, w) => TYPE_WORDS[code][w] || w;
  const PROBLEM_FORMS = [
    [/^must be from (\S+) to (\S+)(?: \(got (.+)\))?$/, {
      nl: (a, b, got) => `moet van ${a} tot ${b} zijn${got ? ` (was ${got})` : ''}`,
      fr: (a, b, got) => `doit être de ${a} à ${b}${got ? ` (reçu ${got})` : ''}`,
    }],
    [/^must be greater than (\S+) and at most (\S+)$/, {
      nl: (a, b) => `moet groter dan ${a} en hoogstens ${b} zijn`,
      fr: (a, b) => `doit être supérieur à ${a} et au plus ${b}`,
    }],
    [/^expected (.+?), got (.+)$/, {
      nl: (want, got) => `verwacht ${typeWord('nl', want)}, kreeg ${typeWord('nl', got)}`,
      fr: (want, got) => `attendu ${typeWord('fr', want)}, reçu ${typeWord('fr', got)}`,
    }],
    [/^expected a whole number$/, { nl: () => 'verwacht een geheel getal', fr: () => 'attendu un nombre entier' }],
    [/^unknown key$/, { nl: () => 'onbekende sleutel', fr: () => 'clé inconnue' }],
    [/^duplicate key$/, { nl: () => 'dubbele sleutel', fr: () => 'clé en double' }],
    [/^longer than (\d+) bytes$/, { nl: (n) => `langer dan ${n} bytes`, fr: (n) => `plus de ${n} octets` }],
    [/^not valid UTF-8$/, { nl: () => 'geen geldige UTF-8', fr: () => 'UTF-8 non valide' }],
    [/^must not contain control characters$/, { nl: () => 'mag geen stuurtekens bevatten', fr: () => 'ne doit pas contenir de caractères de contrôle' }],
    [/^(\S+) must not be above (\S+)$/, { nl: (a, b) => `${a} mag niet boven ${b} liggen`, fr: (a, b) => `${a} ne doit pas dépasser ${b}` }],
    [/^at most (\d+) (.+)$/, { nl: (n, what) => `hoogstens ${n} ${what}`, fr: (n, what) => `au plus ${n} ${what}` }],
    [/^is set by the managed config and locked there; change it in the managed document$/, {
      nl: () => 'wordt centraal beheerd en is daar vergrendeld; wijzig het in het centrale document',
      fr: () => 'est géré centralement et verrouillé ; changez-le dans le document central',
    }],
    [/^must be (.+)$/, {
      nl: (what) => `moet ${what.replace(/ or /g, ' of ')} zijn`,
      fr: (what) => `doit être ${what.replace(/ or /g, ' ou ')}`,
    }],
  ];
  function problemWords(message) {
    if (!TYPE_WORDS[lang]) return message; // English: the board's own words
    for (const [form, words] of PROBLEM_FORMS) {
      const m = form.exec(message);
      if (m) return words[lang](...m.slice(1));
    }
    return message;
  }



  // The page's language -> the locale its dates are written in. The one
  // chosen on the page (kept in localStorage) wins, then the board's own
  // display.language once the status names it, and until then the first of
  // the browser's languages the page has; English is the fallback.
  const LOCALES = { nl: 'nl-NL', en: 'en-GB', fr: 'fr-FR' };
  const LANG_KEY = 'wallboard.page-language';
  const chosenLang = () => {
    const stored = localStorage.getItem(LANG_KEY);
    return stored in LOCALES ? stored : null;
  };
  let lang = chosenLang() || (navigator.languages || [navigator.language || ''])
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
    feedChannels: null, // the feed's channel ids, from the last status
    sources: null, // GET /api/v1/config/sources: each key's layer and the locks
    boardLanguage: null, // display.language, from the last status
    status: null, // the last status shown
    log: null, // the last lines of GET /api/v1/log
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
    $('page-language').value = lang;
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    $('screenshot').alt = t('screen.alt');
  }

  // Another language: every text again, the editors rebuilt from what they
  // say now (nothing typed is lost), the status and log in its words.
  function setLanguage(code) {
    if (!(code in LOCALES) || code === lang) return;
    const doc = state.config ? collectDoc() : null;
    lang = code;
    applyLanguage();
    if (doc) for (const editor of editors()) editor.load(doc);
    renderSources();
    if (state.status) showStatus(state.status);
    if (state.log) renderLog();
    if (state.update) renderUpdate(state.update);
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
      refreshLog();
      $('token-message').textContent = t('token.ok');
      refreshScreenshot();
    }
  }

  // --- status -------------------------------------------------------------

  // The board's time zone (sla.time_zone), once the settings are loaded:
  // times are shown as the board shows them, not in the browser's zone.
  const boardZone = () => (state.config && state.config.sla && state.config.sla.time_zone) || '';

  function formatTime(iso) {
    if (!iso) return t('never');
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    try {
      return date.toLocaleString(LOCALES[lang], boardZone() ? { timeZone: boardZone() } : {});
    } catch (e) {
      return date.toLocaleString(LOCALES[lang]); // a zone this browser does not know
    }
  }

  async function refreshStatus() {
    let status;
    try {
      status = (await api('GET', '/api/v1/status', { auth: false })).data;
    } catch (error) {
      $('feed-state').textContent = describe(error);
      return;
    }
    showStatus(status);
  }

  function showStatus(status) {
    state.status = status;
    // Until a language is chosen on the page, the board's own is the default.
    const boardLang = status.display && status.display.language;
    if (boardLang in LOCALES && boardLang !== state.boardLanguage) {
      state.boardLanguage = boardLang;
      if (!chosenLang() && boardLang !== lang) {
        setLanguage(boardLang);
        return;
      }
    }
    // The feed's channels in its order: the keys of trend_hours (one per
    // channel of the snapshot), or a plain list where a board sends one.
    const ids = Array.isArray(status.channels) ? status.channels : Object.keys(status.trend_hours || {});
    if (JSON.stringify(ids) !== JSON.stringify(state.feedChannels)) {
      const doc = state.config ? collectDoc() : null;
      state.feedChannels = ids;
      if (doc) {
        channels.load(doc);
        rules.load(doc);
      }
    }
    renderDevice(status);
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
  // everything a problem can be shown at: the plain fields and the editors' parts
  const targets = () => Array.from(document.querySelectorAll('#config-form [data-path], #config-form [data-ppath]'));
  const pathOf = (node) => node.dataset.path || node.dataset.ppath;
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
    for (const editor of editors()) editor.load(doc);
  }

  // The document as the form says it now: keys the form does not show keep
  // their value, and redacted secrets ("********") keep the current secret.
  function collectDoc() {
    const doc = JSON.parse(JSON.stringify(state.config));
    for (const field of fields()) writePath(doc, field.dataset.path, fieldValue(field));
    for (const editor of editors()) editor.store(doc);
    return doc;
  }

  async function loadConfig() {
    if (!needToken()) return false;
    clearProblems();
    try {
      const { data, headers } = await api('GET', '/api/v1/config');
      state.config = data;
      state.etag = headers.get('ETag');
      fillForm(data);
      await loadSources();
      // the board's zone may be new: its times again
      if (state.status) renderDevice(state.status);
      if (state.log) renderLog();
      $('config-message').textContent = t('config.loaded');
      return true;
    } catch (error) {
      $('config-message').textContent = describe(error);
      return false;
    }
  }

  // "display.title" of "$.display.title" or "$.sla.targets.whatsapp": the
  // key the layers name (a section's direct member).
  const layerKey = (path) => path.replace(/^\$\./, '').split(/[.[]/).slice(0, 2).join('.');

  // A note beside each setting that does not come from the defaults, and
  // locked settings read-only.
  async function loadSources() {
    let sources = null;
    try {
      sources = (await api('GET', '/api/v1/config/sources')).data;
    } catch (error) {
      sources = null; // an older board: no notes
    }
    state.sources = sources;
    renderSources();
  }

  function renderSources() {
    for (const note of document.querySelectorAll('#config-form .layer-note')) note.remove();
    const sources = state.sources;
    if (!sources) return;
    const locked = (key) => sources.locked.some((l) => key === l || key.startsWith(`${l}.`));
    const done = new Set();
    for (const node of targets()) {
      const key = layerKey(pathOf(node));
      const isLocked = locked(key);
      if ('disabled' in node && node.dataset.lockable !== 'no') node.disabled = isLocked;
      const layer = sources.sources[key];
      const holder = node.closest('.field, fieldset, tr, .editor') || node.parentElement;
      if ((!layer && !isLocked) || done.has(holder)) continue;
      done.add(holder);
      const note = document.createElement('span');
      note.className = `layer-note layer-${isLocked ? 'locked' : layer}`;
      note.dataset.layer = isLocked ? 'locked' : layer;
      note.dataset.key = key;
      note.textContent = t(isLocked ? 'layer.locked' : `layer.${layer}`);
      holder.appendChild(note);
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
    // The whole document goes back (collectDoc).
    const doc = collectDoc();
    $('config-save').disabled = true;
    try {
      const { data, headers } = await api('PUT', '/api/v1/config', { body: doc, ifMatch: state.etag });
      state.config = data;
      state.etag = headers.get('ETag');
      fillForm(data);
      loadSources();
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

  // The element a problem belongs to: the one whose path is the problem's
  // path or its closest ancestor ($.display.channels[2] -> $.display.channels).
  function fieldFor(path) {
    let best = null;
    for (const node of targets()) {
      const own = pathOf(node);
      const matches = path === own || path.startsWith(`${own}.`) || path.startsWith(`${own}[`);
      if (matches && (!best || own.length > pathOf(best).length)) best = node;
    }
    return best;
  }

  // What the page calls an element, in its language: its label.
  function labelOf(node) {
    if (node.dataset.label) return node.dataset.label;
    if (node.dataset.labelKey) return t(node.dataset.labelKey);
    const label = node.id && document.querySelector(`label[for="${node.id}"]`);
    return label ? label.textContent : pathOf(node);
  }

  // The element's message box, made the first time a problem needs it.
  function errorBox(node) {
    if (!node.id) node.id = newId('p');
    let box = document.getElementById(`${node.id}-error`);
    if (!box) {
      box = el('p', { id: `${node.id}-error`, className: 'field-error', hidden: true });
      const field = node.closest('.field');
      if (field && node.matches('input, select')) field.append(box);
      else node.after(box);
      node.setAttribute('aria-describedby', box.id);
    }
    return box;
  }

  function clearProblems() {
    for (const node of document.querySelectorAll('#config-form [aria-invalid]')) node.removeAttribute('aria-invalid');
    for (const box of document.querySelectorAll('#config-form .field-error')) {
      box.textContent = '';
      box.hidden = true;
    }
    $('config-problem-list').replaceChildren();
    $('config-problems').hidden = true;
  }

  // Each problem next to its element under the element's label; the message
  // is the board's own (English). One without an element goes to the list.
  function showProblems(problems) {
    let first = null;
    for (const problem of problems) {
      const node = fieldFor(problem.path || '');
      if (node) {
        const box = errorBox(node);
        const line = t('problem.at', labelOf(node), problemWords(problem.message));
        box.textContent = box.textContent ? `${box.textContent} ${line}` : line;
        box.hidden = false;
        node.setAttribute('aria-invalid', 'true');
        first = first || node;
      } else {
        const item = document.createElement('li');
        item.textContent = t('problem.at', problem.path, problemWords(problem.message));
        $('config-problem-list').append(item);
        $('config-problems').hidden = false;
      }
    }
    if (first) {
      // a problem in a channel's own hours opens them
      const hoursRow = first.closest('tr.channel-hours');
      if (hoursRow) hoursRow.hidden = false;
      first.focus();
    }
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

  // --- structured settings: channels, weekly hours, alert rules -----------
  //
  // Each editor reads its part of the config document (load) and writes it
  // back (store); a problem whose path starts with an element's data-ppath
  // is shown next to that element under its label.

  const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  let uid = 0;
  const newId = (prefix) => `${prefix}-${++uid}`;

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key in node && !key.startsWith('aria')) node[key] = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  // A labelled number input with the ppath its problems have.
  function numberField(labelText, value, { min, max, step, ppath }) {
    const id = newId('n');
    const input = el('input', { id, type: 'number', min: String(min), max: String(max), step: String(step) });
    input.value = value == null ? '' : String(value);
    input.dataset.ppath = ppath;
    input.dataset.label = labelText;
    return el('div', { className: 'field' }, el('label', { htmlFor: id }, labelText), input);
  }

  const numberOrNull = (input) => {
    const raw = input.value.trim();
    return raw === '' || Number.isNaN(Number(raw)) ? null : Number(raw);
  };

  // Weekly hours ("always" or {mon: ["08:00-17:00"], …}) as an "always"
  // switch over a grid of the seven days, each a list of intervals.
  function weeklyEditor(box, ppath, alwaysKey, label) {
    box.replaceChildren();
    box.dataset.ppath = ppath;
    box.dataset.label = label;
    box.tabIndex = -1;
    const alwaysId = newId('always');
    const always = el('input', { id: alwaysId, type: 'checkbox', className: 'always' });
    const grid = el('div', { className: 'days' });
    const inputs = {};
    for (const day of DAYS) {
      const id = newId(`day-${day}`);
      const input = el('input', { id, type: 'text', spellcheck: false, placeholder: t('hours.day_hint') });
      input.dataset.day = day;
      input.dataset.ppath = `${ppath}.${day}`;
      input.dataset.label = `${label} – ${t(`day.${day}`)}`;
      inputs[day] = input;
      grid.append(el('label', { htmlFor: id, className: 'day' }, t(`day.${day}`)), input);
    }
    always.addEventListener('change', () => { grid.hidden = always.checked; });
    box.append(el('div', { className: 'field check' }, always, el('label', { htmlFor: alwaysId }, t(alwaysKey))), grid);
    return {
      set(value) {
        always.checked = value === 'always' || value == null;
        grid.hidden = always.checked;
        for (const day of DAYS) {
          const list = value && typeof value === 'object' ? value[day] || [] : [];
          inputs[day].value = list.join(', ');
        }
      },
      get() {
        if (always.checked) return 'always';
        const week = {};
        for (const day of DAYS) week[day] = inputs[day].value.split(/[\s,;]+/).filter(Boolean);
        return week;
      },
    };
  }

  // -- channels --

  // The channels the table lists: the feed's (from the status), then any the
  // config names that the feed does not have now.
  function channelIds(doc) {
    const ids = [...(state.feedChannels || [])];
    const named = [...(doc.display.channels || []), ...Object.keys(doc.sla.targets || {}),
      ...Object.keys(doc.sla.warn_ratios || {}), ...Object.keys(doc.sla.channel_hours || {})];
    for (const id of named) if (!ids.includes(id)) ids.push(id);
    return ids;
  }

  const channels = {
    rows: [], // {id, shown, target, amber, hours (weekly or null), inFeed}
    load(doc) {
      const list = doc.display.channels || [];
      const ids = channelIds(doc);
      // shown ones in their configured order first, then the hidden ones
      const ordered = list.length ? [...list, ...ids.filter((id) => !list.includes(id))] : ids;
      this.rows = ordered.map((id) => ({
        id,
        shown: list.length === 0 || list.includes(id),
        target: doc.sla.targets?.[id] ?? null,
        amber: doc.sla.warn_ratios?.[id] ?? null,
        hours: doc.sla.channel_hours?.[id] ?? null,
        inFeed: (state.feedChannels || []).includes(id),
      }));
      this.render();
    },
    // reads what the inputs say into rows (before a re-render or a save)
    read() {
      for (const row of this.rows) {
        if (!row.inputs) continue;
        row.shown = row.inputs.shown.checked;
        const minutes = numberOrNull(row.inputs.target);
        row.target = minutes == null ? null : Math.round(minutes * 60);
        const pct = numberOrNull(row.inputs.amber);
        row.amber = pct == null ? null : pct / 100;
        row.hours = row.inputs.own.checked ? row.inputs.weekly.get() : null;
      }
    },
    store(doc) {
      this.read();
      const feedOrder = (state.feedChannels || []);
      const shown = this.rows.filter((r) => r.shown).map((r) => r.id);
      // all of the feed's channels in its own order is the default: [] (so a
      // channel the feed adds later shows too)
      const isDefault = shown.length === this.rows.length && shown.length === feedOrder.length
        && shown.every((id, i) => id === feedOrder[i]);
      doc.display.channels = isDefault ? [] : shown;
      doc.sla.targets = {};
      doc.sla.warn_ratios = {};
      doc.sla.channel_hours = {};
      for (const row of this.rows) {
        if (row.target != null) doc.sla.targets[row.id] = row.target;
        if (row.amber != null) doc.sla.warn_ratios[row.id] = row.amber;
        if (row.hours != null) doc.sla.channel_hours[row.id] = row.hours;
      }
    },
    move(index, by) {
      this.read();
      const to = index + by;
      if (to < 0 || to >= this.rows.length) return;
      const [row] = this.rows.splice(index, 1);
      this.rows.splice(to, 0, row);
      this.render();
      const button = document.querySelector(`#channel-rows tr[data-channel="${row.id}"] button.${by < 0 ? 'up' : 'down'}`);
      if (button && !button.disabled) button.focus();
    },
    render() {
      const body = $('channel-rows');
      body.replaceChildren();
      $('channels-empty').hidden = this.rows.length > 0;
      this.rows.forEach((row, index) => {
        const shown = el('input', { type: 'checkbox', className: 'show', checked: row.shown, id: newId('show') });
        shown.setAttribute('aria-label', `${t('channels.show')}: ${row.id}`);
        const up = el('button', { type: 'button', className: 'up', textContent: '↑', disabled: index === 0 });
        up.setAttribute('aria-label', t('channels.up', row.id));
        up.addEventListener('click', () => this.move(index, -1));
        const down = el('button', { type: 'button', className: 'down', textContent: '↓', disabled: index === this.rows.length - 1 });
        down.setAttribute('aria-label', t('channels.down', row.id));
        down.addEventListener('click', () => this.move(index, 1));
        const target = el('input', { type: 'number', className: 'target', min: '0.05', max: '10080', step: 'any', id: newId('target') });
        target.value = row.target == null ? '' : String(Math.round((row.target / 60) * 100) / 100);
        target.setAttribute('aria-label', `${t('channels.target')}: ${row.id}`);
        target.dataset.ppath = `$.sla.targets.${row.id}`;
        target.dataset.label = `${t('channels.target')} – ${row.id}`;
        const amber = el('input', { type: 'number', className: 'amber', min: '1', max: '100', step: '1', id: newId('amber') });
        amber.value = row.amber == null ? '' : String(Math.round(row.amber * 1000) / 10);
        amber.setAttribute('aria-label', `${t('channels.amber')}: ${row.id}`);
        amber.dataset.ppath = `$.sla.warn_ratios.${row.id}`;
        amber.dataset.label = `${t('channels.amber')} – ${row.id}`;
        const own = el('input', { type: 'checkbox', className: 'own-hours', checked: row.hours != null, id: newId('own') });
        own.setAttribute('aria-label', `${t('channels.hours')}: ${row.id}`);
        const name = el('td', { className: 'channel-id' }, row.id);
        if (!row.inFeed) name.append(' ', el('span', { className: 'hint' }, `(${t('channels.not_in_feed')})`));
        const cell = (key, ...content) => el('td', { dataset: { col: t(key) } }, ...content);
        name.dataset.col = t('channels.channel');
        const order = cell('channels.order', up, ' ', down);
        order.className = 'order';
        const tr = el('tr', { dataset: { channel: row.id } },
          cell('channels.show', shown), name, order,
          cell('channels.target', target), cell('channels.amber', amber), cell('channels.hours', own));
        const box = el('div', { className: 'weekly' });
        const weekly = weeklyEditor(box, `$.sla.channel_hours.${row.id}`, 'hours.always', t('channels.own_hours', row.id));
        weekly.set(row.hours || { mon: ['08:00-17:00'], tue: ['08:00-17:00'], wed: ['08:00-17:00'], thu: ['08:00-17:00'], fri: ['08:00-17:00'] });
        const hoursRow = el('tr', { className: 'channel-hours', dataset: { channel: row.id } },
          el('td', { colSpan: 6 }, el('h4', {}, t('channels.own_hours', row.id)), box));
        hoursRow.hidden = row.hours == null;
        own.addEventListener('change', () => { hoursRow.hidden = !own.checked; });
        row.inputs = { shown, target, amber, own, weekly };
        body.append(tr, hoursRow);
      });
    },
  };

  // -- weekly hours of the whole board and of the screen --

  const weeklies = [];
  function addWeekly(boxId, path, alwaysKey) {
    const editor = {
      box: $(boxId),
      widget: null,
      load(doc) {
        this.widget = weeklyEditor(this.box, path, alwaysKey, t(this.box.dataset.labelKey));
        this.widget.set(readPath(doc, path));
      },
      store(doc) { writePath(doc, path, this.widget.get()); },
    };
    weeklies.push(editor);
    return editor;
  }

  // -- alert rules --

  // Each kind's keys in plain words: the schema's ranges (docs/config.schema.json
  // alerts.rules), some shown in minutes where the config counts seconds.
  const RULE_KINDS = {
    negative_share: [
      { key: 'raise_pct', words: 'rule.raise_pct', min: 0.1, max: 100, step: 'any' },
      { key: 'clear_pct', words: 'rule.clear_pct', min: 0.1, max: 100, step: 'any' },
      { key: 'min_mentions', words: 'rule.min_mentions', min: 1, max: 9007199254740991, step: 1 },
      { key: 'hold_s', words: 'rule.hold_min', min: 0, max: 1440, step: 'any', minutes: true },
    ],
    negative_spike: [
      { key: 'raise_factor', words: 'rule.raise_factor', min: 1, max: 1000, step: 'any' },
      { key: 'clear_factor', words: 'rule.clear_factor', min: 1, max: 1000, step: 'any' },
      { key: 'min_negative', words: 'rule.min_negative', min: 1, max: 9007199254740991, step: 1 },
      { key: 'alpha', words: 'rule.alpha', min: 0.01, max: 1, step: 'any' },
      { key: 'sample_every_s', words: 'rule.sample_every_min', min: 0, max: 1440, step: 'any', minutes: true },
      { key: 'hold_s', words: 'rule.hold_min', min: 0, max: 1440, step: 'any', minutes: true },
    ],
    influencer: [
      { key: 'min_followers', words: 'rule.min_followers', min: 1, max: 9007199254740991, step: 1 },
      { key: 'hold_s', words: 'rule.hold_min', min: 0, max: 1440, step: 'any', minutes: true },
    ],
  };

  const rules = {
    list: [], // the rules as the config has them
    load(doc) {
      this.list = JSON.parse(JSON.stringify(doc.alerts.rules || []));
      this.render();
    },
    read() {
      this.list = this.list.map((rule, i) => {
        const item = document.querySelector(`#rules li[data-index="${i}"]`);
        if (!item) return rule;
        const next = { kind: item.querySelector('select.kind').value, channel: item.querySelector('select.channel').value };
        for (const spec of RULE_KINDS[next.kind] || []) {
          const input = item.querySelector(`input[data-key="${spec.key}"]`);
          const value = input ? numberOrNull(input) : null;
          if (value != null) next[spec.key] = spec.minutes ? Math.round(value * 60) : value;
        }
        return next;
      });
    },
    store(doc) {
      this.read();
      doc.alerts.rules = this.list;
    },
    render() {
      const list = $('rules');
      list.replaceChildren();
      $('rules-empty').hidden = this.list.length > 0;
      this.list.forEach((rule, i) => {
        const at = `$.alerts.rules[${i}]`;
        const kindId = newId('kind');
        const kind = el('select', { id: kindId, className: 'kind' },
          ...Object.keys(RULE_KINDS).map((k) => el('option', { value: k, textContent: t(`rule.${k}`) })));
        kind.value = rule.kind in RULE_KINDS ? rule.kind : 'negative_share';
        kind.dataset.ppath = `${at}.kind`;
        kind.dataset.label = `${t('rules.number', i + 1)} – ${t('rules.kind')}`;
        kind.addEventListener('change', () => {
          this.read();
          this.list[i] = { kind: kind.value, channel: this.list[i].channel };
          this.render();
        });
        const channelId = newId('rule-channel');
        const ids = channelIds(state.config);
        if (rule.channel && !ids.includes(rule.channel)) ids.push(rule.channel);
        const channel = el('select', { id: channelId, className: 'channel' },
          el('option', { value: '', textContent: t('rules.every_channel') }),
          ...ids.map((id) => el('option', { value: id, textContent: id })));
        channel.value = rule.channel || '';
        channel.dataset.ppath = `${at}.channel`;
        channel.dataset.label = `${t('rules.number', i + 1)} – ${t('rules.channel')}`;
        const remove = el('button', { type: 'button', className: 'remove', textContent: t('rules.remove') });
        remove.setAttribute('aria-label', `${t('rules.remove')}: ${t('rules.number', i + 1)}`);
        remove.addEventListener('click', () => {
          this.read();
          this.list.splice(i, 1);
          this.render();
        });
        const item = el('li', { className: 'rule', dataset: { index: String(i), ppath: at, label: t('rules.number', i + 1) } },
          el('h4', {}, t('rules.number', i + 1)),
          el('div', { className: 'field' }, el('label', { htmlFor: kindId }, t('rules.kind')), kind),
          el('div', { className: 'field' }, el('label', { htmlFor: channelId }, t('rules.channel')), channel));
        for (const spec of RULE_KINDS[kind.value]) {
          const value = rule[spec.key];
          const shown = value == null ? null : spec.minutes ? Math.round((value / 60) * 100) / 100 : value;
          const field = numberField(t(spec.words), shown, { min: spec.min, max: spec.max, step: spec.step, ppath: `${at}.${spec.key}` });
          const input = field.querySelector('input');
          input.dataset.key = spec.key;
          input.placeholder = t('rules.default');
          item.append(field);
        }
        item.append(el('div', { className: 'row' }, remove));
        list.append(item);
      });
    },
    add() {
      this.read();
      this.list.push({ kind: 'negative_share', channel: '' });
      this.render();
      const inputs = document.querySelectorAll('#rules li:last-child input');
      if (inputs.length) inputs[0].focus();
    },
  };

  const editors = () => [channels, ...weeklies, rules];

  // --- feed test ------------------------------------------------------------

  async function testFeed() {
    if (!needToken()) return;
    const saved = (state.config && state.config.feed) || {};
    const body = {
      url: $('f-url').value.trim(),
      token: $('f-feed-token').value,
      connect_timeout_s: saved.connect_timeout_s,
      timeout_s: saved.timeout_s,
      ca_file: saved.ca_file,
    };
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    const out = $('feed-test-result');
    out.classList.remove('error');
    out.dataset.ok = '';
    out.textContent = t('feedtest.running');
    $('feed-test').disabled = true;
    try {
      const { data } = await api('POST', `/api/v1/feed/test?lang=${lang}`, { body });
      out.dataset.ok = String(data.ok);
      out.textContent = data.ok ? t('feedtest.ok', data.channels, formatTime(data.generated_at))
        : t('feedtest.failed', data.message);
      out.classList.toggle('error', !data.ok);
    } catch (error) {
      out.classList.add('error');
      if (error.status === 422) {
        showProblems(error.body.problems || []);
        out.textContent = t('config.invalid');
      } else out.textContent = error.status === 409 ? t('feedtest.busy') : describe(error);
    } finally {
      $('feed-test').disabled = false;
    }
  }

  // --- log ------------------------------------------------------------------

  async function refreshLog() {
    if (!state.token) {
      $('log-message').textContent = t('log.needs_token');
      return;
    }
    try {
      const { data } = await api('GET', '/api/v1/log');
      state.log = data.lines || [];
      renderLog();
    } catch (error) {
      $('log-message').textContent = describe(error);
    }
  }

  function renderLog() {
    const list = $('log-lines');
    list.replaceChildren();
    const lines = state.log || [];
    $('log-message').textContent = lines.length ? t('log.count', lines.length) : t('log.empty');
    for (const line of lines) {
      list.append(el('li', {}, el('time', { dateTime: line.time, textContent: formatTime(line.time, true) }), ' ', line.text));
    }
  }

  // --- device ---------------------------------------------------------------

  function uptime(seconds) {
    const s = Math.max(0, Math.floor(Number(seconds) || 0));
    return t('device.uptime_value', Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60));
  }

  function renderDevice(status) {
    const device = status.device || {};
    $('dev-name').textContent = device.name || status.name || '–';
    $('dev-hostname').textContent = device.hostname || status.hostname || '–';
    const addresses = (status.addresses || []).map((a) => (typeof a === 'string' ? a : a.address || JSON.stringify(a)));
    $('dev-addresses').textContent = addresses.length ? addresses.join(', ') : '–';
    $('dev-version').textContent = device.version || status.version || '–';
    $('dev-uptime').textContent = status.uptime_s == null ? '–' : uptime(status.uptime_s);
    const zone = boardZone();
    $('dev-time').textContent = t('device.in_zone', formatTime(new Date().toISOString(), true), zone || '–');
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
    addWeekly('hours-editor', '$.sla.hours', 'hours.always');
    addWeekly('schedule-editor', '$.screen.on', 'schedule.always');
    applyLanguage();
    $('page-language').addEventListener('change', () => {
      localStorage.setItem(LANG_KEY, $('page-language').value);
      setLanguage($('page-language').value);
    });
    $('feed-test').addEventListener('click', testFeed);
    $('log-refresh').addEventListener('click', refreshLog);
    $('rule-add').addEventListener('click', () => rules.add());
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
      loadConfig().then(refreshLog);
      refreshScreenshot();
    }
  }

  start();
})();
