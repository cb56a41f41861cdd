# Texte der Webseiten auf Deutsch. Jede Datei in diesem Ordner hat dieselben Meldungen.
skip-link = Zum Inhalt springen
languages = Sprachen
dates = { $from } bis { $to }
headline = { $actions ->
        [one] { $actionsText } Aktion
       *[other] { $actionsText } Aktionen
    } aus { $countries ->
        [one] { $countriesText } Land
       *[other] { $countriesText } Ländern
    }
no-actions-yet = Bisher wurde noch keine Aktion gezählt.
cases-heading = Die Menschen, denen wir schreiben
case-actions = { $n ->
        [one] { $nText } Aktion
       *[other] { $nText } Aktionen
    }
case-goal = { $nText } von { $goalText } { $goal ->
        [one] Aktion
       *[other] Aktionen
    }
progress-label = Fortschritt zum Ziel für { $case }
per-day-heading = Aktionen pro Tag
per-day-summary = Balkendiagramm der an jedem Tag gezählten Aktionen vom { $from } bis { $to }; die meisten an einem Tag: { $max }.
figures = Die Zahlen
col-day = Tag
col-actions = Aktionen
col-country = Land
countries-heading = Woher die Aktionen kamen
other-countries = Andere Länder
privacy-note = Länder mit nur wenigen Aktionen zählen wir gemeinsam als „andere Länder“, damit keine Zahl auf einzelne Menschen verweist.
embed-heading = Der Zähler auf Ihrer Website
embed-help = Kopieren Sie diesen Code in Ihre Seite:
embed-case = Der Zähler für diesen Fall
embed-title = Live-Zähler: { $campaign }
embed-actions = { $n ->
        [one] Aktion
       *[other] Aktionen
    }
embed-for = für { $case }
embed-more = Über die Kampagne
live-note = Der Zähler aktualisiert sich selbst, solange diese Seite offen ist.
error-title = Etwas ist schiefgegangen
error-not-found = Unter dieser Adresse gibt es keine Seite.
error-bad-request = Diese Anfrage war nicht verständlich.
error-too-large = Diese Anfrage ist zu groß.
error-timeout = Diese Anfrage hat zu lange gedauert. Bitte versuchen Sie es noch einmal.
error-server = Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es später noch einmal.
back-home = Zurück zur Kampagnenseite
act-title = Ich bin aktiv geworden
act-intro = Erzählen Sie uns, was Sie für die Kampagne getan haben. Wir schicken Ihnen einen Link per E-Mail: Ihre Aktion wird gezählt, wenn Sie ihn innerhalb von 7 Tagen öffnen und bestätigen. Ihre Adresse behalten wir nur bis dahin.
act-has-errors = Bitte korrigieren Sie die unten markierten Felder.
act-field-kind = Was haben Sie getan?
act-field-count = Wie oft?
act-field-case = Für wen?
act-field-country = Ihr Land
act-field-group = Ihre Gruppe (freiwillig)
act-field-email = Ihre E-Mail-Adresse
act-email-hint = Wir nutzen sie nur für den Bestätigungslink.
act-honeypot = Dieses Feld bitte leer lassen
act-submit = Bestätigungslink schicken
act-choose-country = Land wählen
act-kind-appeal = Briefe an die Behörden
act-kind-solidarity = Briefe oder Karten an den Gefangenen
act-kind-email = E-Mails
act-kind-fax = Faxe
act-kind-petition = Unterschriften unter einer Petition
act-kind-social = Beiträge in sozialen Medien
act-kind-event = Öffentliche Veranstaltungen
act-kind-other = Etwas anderes
act-error-kind = Wählen Sie, was Sie getan haben.
act-error-count = Geben Sie eine ganze Zahl im erlaubten Bereich ein.
act-error-case = Wählen Sie einen Fall der Kampagne.
act-error-country = Wählen Sie Ihr Land.
act-error-group = Der Gruppenname ist zu lang oder enthält Zeichen, die wir nicht speichern können.
act-error-email = Geben Sie eine E-Mail-Adresse wie name@example.org ein.
act-closed = Dieses Formular ist zurzeit geschlossen. Bitte melden Sie Ihre Aktion Ihrer Gruppe.
act-csrf-title = Das Formular ist abgelaufen
act-csrf = Zu Ihrer Sicherheit kann dieses Formular nur von dieser Website gesendet werden, und das ließ sich nicht prüfen. Bitte öffnen Sie das Formular erneut und senden Sie es noch einmal.
act-csrf-confirm = Zu Ihrer Sicherheit ließ sich die Bestätigung nicht prüfen. Bitte öffnen Sie den Link aus Ihrer E-Mail erneut.
act-again = Formular erneut öffnen
act-confirm-again = Bestätigungsseite erneut öffnen
act-sent-title = Sehen Sie in Ihr Postfach
act-sent = Wenn die Adresse stimmt, ist ein Bestätigungslink unterwegs. Öffnen Sie ihn innerhalb von 7 Tagen, damit Ihre Aktion gezählt wird.
act-limit-title = Zu viele Versuche
act-limit-ip = Aus Ihrem Netz wurden in kurzer Zeit viele Aktionen gesendet.
act-limit-address = Für diese E-Mail-Adresse wurden in kurzer Zeit viele Aktionen gesendet.
act-limit-daily = Diese E-Mail-Adresse hat heute so viele Bestätigungsmails erhalten, wie wir an einem Tag senden.
act-limit-wait = Bitte versuchen Sie es in { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    } erneut.
act-gone-title = Dieser Link ist nicht mehr gültig
act-gone = Der Link ist abgelaufen (Links gelten 7 Tage) oder wurde schon benutzt. Damit wurde nichts gezählt.
act-confirm-title = Aktion bestätigen
act-confirm-intro = Bitte prüfen Sie Ihre Angaben und bestätigen Sie:
act-confirm-button = Bestätigen und Aktion zählen
act-thanks-title = Vielen Dank!
act-thanks = { $count ->
        [one] Ihre Aktion wurde gezählt.
       *[other] Ihre { $countText } Aktionen wurden gezählt.
    }
act-mail-subject = Bitte bestätigen Sie Ihre Aktion: { $campaign }
act-mail-body = Danke, dass Sie sich für { $case } eingesetzt haben!

    Ihre Angabe: { $kind }, { $countText }.

    Damit sie gezählt wird, öffnen Sie diesen Link und klicken Sie auf „Bestätigen“:
    { $link }

    Der Link gilt bis { $expires }. Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Es wird nichts gezählt und Ihre Adresse wird gelöscht.

    { $campaign }
act-link = Ich bin aktiv geworden: meine Aktion zählen

# signup
join-title = Schreiben Sie mit uns Briefe
join-intro = Melden Sie sich an, um politischen Gefangenen zu schreiben. Wir senden Ihnen einen Link: Die Anmeldung gilt, wenn Sie ihn innerhalb von 7 Tagen öffnen und bestätigen. Dann teilen wir Ihnen Gefangene zu, denen Sie in einer Sprache schreiben, die Sie beherrschen, und senden Ihnen den Link zu Ihrer persönlichen Seite.
join-has-errors = Bitte korrigieren Sie die markierten Felder.
join-field-name = Ihr Name, wie Sie Ihre Briefe unterschreiben
join-field-email = Ihre E-Mail-Adresse
join-field-city = Ihre Stadt
join-field-country = Ihr Land
join-field-languages = Sprachen, in denen Sie einen Brief schreiben können
join-email-hint = Wir nutzen sie für den Bestätigungslink und, nach der Bestätigung, für Ihre Briefe.
join-submit = Bestätigungslink senden
join-closed = Die Anmeldung ist gerade geschlossen. Bitte fragen Sie Ihre Gruppe.
join-error-name = Geben Sie Ihren Namen ein (höchstens 100 Zeichen).
join-error-city = Geben Sie Ihre Stadt ein (höchstens 100 Zeichen).
join-error-languages = Wählen Sie mindestens eine Sprache.
join-limit-ip = Aus Ihrem Netz kamen in kurzer Zeit viele Anmeldungen.
join-sent-title = Sehen Sie in Ihr Postfach
join-sent = Wenn die Adresse stimmt, ist ein Bestätigungslink unterwegs. Öffnen Sie ihn innerhalb von 7 Tagen, um die Anmeldung abzuschließen.
join-gone = Der Link ist abgelaufen (Links gelten 7 Tage) oder unbekannt. Nichts davon wurde behalten.
join-again = Erneut anmelden
join-confirm-title = Anmeldung bestätigen
join-confirm-intro = Bitte prüfen Sie Ihre Angaben und bestätigen Sie:
join-confirm-button = Anmeldung bestätigen
join-thanks-title = Willkommen!
join-thanks = { $count ->
        [one] Sie sind angemeldet, und ein Gefangener wartet auf Ihren Brief.
       *[other] Sie sind angemeldet, und { $count } Gefangene warten auf Ihre Briefe.
    }
join-thanks-later = Sie sind angemeldet. Eine Koordinatorin oder ein Koordinator teilt Ihnen Gefangene zu.
join-thanks-next = Sie erhalten einen Link zu Ihrer persönlichen Seite mit den Briefen und Adressen.
join-mail-subject = Bitte bestätigen Sie Ihre Anmeldung: { $campaign }
join-mail-body = Hallo { $name },

    danke, dass Sie mit { $campaign } Briefe schreiben möchten. Bitte bestätigen Sie Ihre Anmeldung mit diesem Link:

    { $link }

    Der Link gilt bis { $expires }. Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail: Ihre Adresse wird gelöscht.

    { $campaign }
join-link = Schreiben Sie mit uns Briefe: anmelden
# admin
admin-nav = Koordination
admin-overview = Überblick
admin-logged-in-as = Angemeldet als { $name }
admin-logout = Abmelden
admin-login-title = Anmeldung für die Koordination
admin-login-name = Name
admin-login-password = Passwort
admin-login-button = Anmelden
admin-login-expired = Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.
admin-logged-out = Sie sind abgemeldet.
admin-login-wrong = Falscher Name oder falsches Passwort.
admin-login-locked = Zu viele falsche Passwörter. Bitte warten Sie eine Weile.
admin-csrf = Dieses Formular ist abgelaufen. Bitte versuchen Sie es erneut.
admin-volunteers-active = Freiwillige mit Aktionen
admin-groups = Gruppen
admin-corrections = Korrekturen
admin-email = E-Mail-Versand
admin-email-total = { $n ->
        [one] { $nText } Brief per E-Mail
       *[other] { $nText } Briefe per E-Mail
    }
admin-email-delivered = Zugestellt
admin-email-deferred = Zurückgestellt (wird wiederholt)
admin-email-failed = Fehlgeschlagen
admin-email-in_doubt = Ungewiss (keine Antwort des Mailservers)
admin-email-not_sent = Noch nicht gesendet
admin-email-live = Diese Zahlen aktualisieren sich, solange die Seite offen ist.
admin-per-day = Aktionen pro Tag, nach Art
admin-per-day-summary = Gestapeltes Balkendiagramm der Aktionen pro Tag vom { $from } bis { $to }; die meisten an einem Tag: { $max }.
admin-per-kind = Aktionen nach Art
admin-per-country = Aktionen nach Land
admin-per-case = Aktionen nach Fall
admin-col-kind = Art
admin-col-case = Fall
admin-col-prisoner = Gefangene Person
admin-col-birthday = Geburtstag
admin-col-sent = Briefe
admin-col-received = Empfang bestätigt
admin-col-volunteer = Freiwillige Person
admin-col-group = Gruppe
admin-col-prisoners = Zugeteilte Gefangene
admin-fewest = Gefangene mit den wenigsten Briefen
admin-none-received = Kein Brief als empfangen bestätigt
admin-birthdays = Geburtstage in den nächsten { $days } Tagen
admin-silent = Freiwillige, die noch nichts gemeldet haben
admin-none = Keine.
admin-csv = Als CSV herunterladen

# steer
work-failed = Etwas ist schiefgegangen; nichts wurde geändert. Das Protokoll des Servers sagt mehr.
work-upload-title = Bericht hochladen
work-upload-intro = Der Bericht einer Gruppe als CSV, tabulatorgetrennter Text, .xlsx- oder .ods-Tabelle oder JSON, mit den Spalten von `marathon import`. Zuerst wird jede Zeile geprüft: hat eine Zeile einen Fehler, wird nichts importiert.
work-upload-file = Berichtsdatei
work-upload-button = Prüfen und importieren
work-upload-unreadable = Die hochgeladene Datei ließ sich nicht lesen; nichts wurde importiert.
work-upload-empty = Wählen Sie eine Berichtsdatei; nichts wurde importiert.
work-upload-nothing = Der Bericht ließ sich nicht lesen; nichts wurde importiert.
work-rows = { $count ->
        [one] { $text } Zeile
       *[other] { $text } Zeilen
    }
work-actions = { $count ->
        [one] { $text } Aktion
       *[other] { $text } Aktionen
    }
work-entries = { $count ->
        [one] { $text } öffentlicher Eintrag
       *[other] { $text } öffentliche Einträge
    }
work-upload-done = Aus { $file } importiert: { $rows } ({ $actions }).
work-upload-skipped = Schon im Register und nicht erneut importiert: { $rows }.
work-upload-refused = { $file }: Fehler in Zeilen ({ $rows }); nichts wurde importiert. Korrigieren Sie sie und laden Sie die ganze Datei erneut hoch.
work-record-title = Aktion erfassen
work-record-intro = Eine Aktion, mit den Prüfungen von `marathon record`. Um einen Eintrag zu korrigieren, geben Sie seine Nummer an: die ausgefüllten Felder ersetzen seine Werte, die übrigen bleiben. Um einen Eintrag ganz zurückzuziehen, geben Sie die Nummer an und kreuzen Sie „zurückziehen“ an.
work-record-corrects = Nummer des zu korrigierenden Eintrags (leer für eine neue Aktion)
work-record-withdraw = Diesen Eintrag zurückziehen (er wurde irrtümlich erfasst)
work-record-button = Erfassen
work-record-nothing = Nichts wurde erfasst; siehe die markierten Felder unten.
work-record-done = Eintrag { $entry } erfasst: { $count } × { $kind } für { $case }.
work-withdraw-title = Öffentliche Aktionen zurückziehen
work-withdraw-intro = Sehen Sie die über das öffentliche Formular bestätigten Aktionen eines Zeitraums (UTC), eines Netzes (IP-Präfix: /24 oder /48) oder einer E-Mail-Domain an und ziehen Sie sie gemeinsam zurück. Jede Rücknahme bleibt mit Ihrem Namen und dem Grund im Register.
work-withdraw-from = Bestätigt ab (UTC)
work-withdraw-until = Bestätigt vor (UTC)
work-withdraw-ip = IP-Präfix, z. B. 203.0.113.0/24
work-withdraw-domain = E-Mail-Domain, z. B. example.org
work-withdraw-show = Aktionen zeigen
work-withdraw-bad-time = Geben Sie eine Zeit wie 2026-12-10T09:30 an.
work-withdraw-bad-ip = Geben Sie eine IP-Adresse oder ein Präfix an, z. B. 203.0.113.0/24.
work-withdraw-bad-domain = Geben Sie eine Domain an, z. B. example.org.
work-withdraw-no-condition = Geben Sie einen Zeitraum, ein IP-Präfix oder eine E-Mail-Domain an; nichts wurde zurückgezogen.
work-withdraw-no-reason = Geben Sie einen Grund an; nichts wurde zurückgezogen.
work-withdraw-found = { $entries }, { $actions }
work-withdraw-reason = Grund (bleibt im Register)
work-withdraw-button = Zurückziehen: { $entries } ({ $actions })
work-withdraw-done = Zurückgezogen: { $entries } ({ $actions }).
work-col-entry = Eintrag
work-col-confirmed = Bestätigt (UTC)
work-col-action = Aktion
work-col-ip = IP-Präfix
work-col-domain = E-Mail-Domain
# volunteer
invite-mail-subject = Deine Briefe: { $campaign }
invite-mail-body = Hallo { $name },

    danke, dass du mit uns schreibst! Deine Briefe, die Menschen, denen du schreibst, und die Knöpfe, mit denen du uns sagst, dass ein Brief abgeschickt ist, findest du auf deiner eigenen Seite:
    { $link }

    Dieser Link gehört nur dir: bitte leite ihn nicht weiter. Er gilt bis { $expires }.

    { $campaign }
vol-title = Deine Briefe
vol-hello = Hallo, { $name }!
vol-prisoners = Die Menschen, denen du schreibst
vol-letters = Deine Briefe
vol-letter-to = An { $name }
vol-original = Der Brief zum Abschicken
vol-translation = Deine Übersetzung: behalte sie, nicht in den Umschlag legen
vol-print = Diesen Brief drucken
vol-print-all = Alle deine Briefe auf Papier drucken
vol-state = Stand
vol-report = Sag uns, was passiert ist
vol-date = Datum
vol-do-posted = Abgeschickt
vol-do-replied = Antwort kam
vol-do-returned = Zurückgekommen
vol-appeals = Deine Appelle an die Behörden
vol-history = Dein Verlauf
vol-history-empty = Noch nichts erfasst.
vol-recorded = Erfasst. Danke!
vol-bad-date = Das Datum muss ein Tag der Kampagne sein, nicht in der Zukunft.
vol-none = Hier ist noch nichts.
vol-no-session-title = Öffne deinen persönlichen Link
vol-no-session = Diese Seite öffnet sich über den persönlichen Link in deiner Einladungsmail. Wenn du ihn nicht findest, frag die Koordination der Kampagne.
vol-gone-title = Hier ist nichts
vol-gone = Diese Seite gibt es nicht. Ein Link ist vielleicht abgelaufen oder vertippt.
vol-state-none = noch nichts gemeldet
vol-state-sent = gesendet, noch ohne Antwort
vol-state-delivered = zugestellt
vol-state-deferred = wird erneut gesendet
vol-state-failed = nicht zustellbar
vol-state-posted = abgeschickt
vol-state-received = angekommen
vol-state-replied = Antwort kam
vol-state-returned = zurückgekommen
vol-state-withheld = zurückgehalten
vol-limit = Aus deinem Netz wurden in kurzer Zeit viele persönliche Links geöffnet.
vol-again-title = Meinen Link noch einmal schicken
vol-again-intro = Gib die Adresse an, an die deine Einladung ging, und wir schicken deinen persönlichen Link noch einmal dorthin.
vol-again-email = Deine E-Mail-Adresse
vol-again-button = Link schicken
vol-again-sent = Wenn diese Adresse einer Person aus der Kampagne gehört, ist ihr Link unterwegs. Schau in ein paar Minuten in dein Postfach.

# letter edit
edit-open = Diesen Brief vor dem Drucken bearbeiten
edit-label = Der Brief, wie Sie ihn abschicken möchten
edit-rules = Beim Tippen und noch einmal beim Speichern nach den Regeln des Landes geprüft, in dem die Person in Haft ist. Abgelehnt (der Brief würde weggeworfen, daher wird er nicht gespeichert): falsches Alphabet oder falsche Sprache, ein Text über der Längengrenze, ein leerer Text. Warnung (gespeichert, aber überlegen Sie noch einmal): ein Wort oder Thema, wegen dessen der Brief zurückgehalten werden kann.
edit-save = Meinen Text speichern
edit-revert = Zum Original zurück
edit-refused = Abgelehnt: dieser Brief würde weggeworfen.
edit-warned = Warnung: deswegen kann der Brief zurückgehalten werden.
edit-clean = Die Regeln des Landes finden kein Problem.
edit-word = „{ $word }“ ({ $topic }), Zeile { $line }
edit-empty = Der Brief ist leer. Um zum erzeugten Text zurückzukehren, nutzen Sie „Zum Original zurück“.
edit-too-long = Der Brief ist viel zu lang.
edit-limit = In kurzer Zeit wurden viele Änderungen gespeichert.
edit-refused-title = Ihr Text wurde nicht gespeichert
edit-saved = Ihr Text ist gespeichert. Die Druckansicht zeigt ihn.
edit-yours = (Ihr Text)

# admin volunteers
vols-title = Freiwillige und Anmeldungen
vols-summary = Adressbuch: { $book } · Anmeldungen im Web: { $signups } (warten auf ihren Link: { $pending })
vols-caption = Alle Freiwilligen aus dem Adressbuch und den Anmeldungen im Web. E-Mail-Adressen sind gekürzt.
vols-col-name = Name
vols-col-email = E-Mail
vols-col-city = Ort
vols-col-country = Land
vols-col-languages = Schreibt
vols-col-state = Herkunft, Stand
vols-col-prisoners = Zugewiesene Gefangene
vols-book = Adressbuch
vols-book-web = Adressbuch (im Web angemeldet)
vols-web-confirmed = Anmeldung im Web, bestätigt
vols-web-pending = Anmeldung im Web, wartet auf den Link
