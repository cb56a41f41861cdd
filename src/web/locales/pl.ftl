# Teksty stron internetowych po polsku. Każdy plik w tym folderze ma te same komunikaty.
skip-link = Przejdź do treści
languages = Języki
dates = od { $from } do { $to }
headline = { $actions ->
        [one] { $actionsText } akcja
        [few] { $actionsText } akcje
        [many] { $actionsText } akcji
       *[other] { $actionsText } akcji
    } z { $countries ->
        [one] { $countriesText } kraju
        [few] { $countriesText } krajów
        [many] { $countriesText } krajów
       *[other] { $countriesText } kraju
    }
no-actions-yet = Nie policzono jeszcze żadnej akcji.
cases-heading = Osoby, do których piszemy
case-actions = { $n ->
        [one] { $nText } akcja
        [few] { $nText } akcje
        [many] { $nText } akcji
       *[other] { $nText } akcji
    }
case-goal = { $nText } z { $goalText } { $goal ->
        [one] akcji
       *[other] akcji
    }
progress-label = Postęp w stronę celu: { $case }
per-day-heading = Akcje dzień po dniu
per-day-summary = Wykres słupkowy akcji policzonych każdego dnia od { $from } do { $to }; najwięcej jednego dnia: { $max }.
figures = Liczby
col-day = Dzień
col-actions = Akcje
col-country = Kraj
countries-heading = Skąd pochodzą akcje
other-countries = Inne kraje
privacy-note = Kraje, z których przyszło tylko kilka akcji, liczymy razem jako „inne kraje”, aby żadna liczba nie wskazywała na konkretne osoby.
embed-heading = Licznik na Twojej stronie
embed-help = Skopiuj ten kod na swoją stronę:
embed-case = Licznik tej sprawy
embed-title = Licznik: { $campaign }
embed-actions = { $n ->
        [one] akcja
        [few] akcje
        [many] akcji
       *[other] akcji
    }
embed-for = dla: { $case }
embed-more = O kampanii
live-note = Licznik aktualizuje się sam, dopóki strona jest otwarta.
error-title = Coś poszło nie tak
error-not-found = Pod tym adresem nie ma strony.
error-bad-request = Nie udało się zrozumieć tego żądania.
error-too-large = To żądanie jest za duże.
error-timeout = To żądanie trwało za długo. Spróbuj ponownie.
error-server = Coś się u nas zepsuło. Spróbuj później.
back-home = Wróć do strony kampanii
