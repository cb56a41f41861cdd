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
