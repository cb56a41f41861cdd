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
