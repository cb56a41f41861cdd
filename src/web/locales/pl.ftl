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
act-title = Wziąłem/wzięłam udział w akcji
act-intro = Napisz nam, co zrobiłeś dla kampanii. Wyślemy Ci link e-mailem: Twoja akcja zostanie policzona, gdy otworzysz go i potwierdzisz w ciągu 7 dni. Twój adres przechowujemy tylko do tego czasu.
act-has-errors = Popraw pola zaznaczone poniżej.
act-field-kind = Co zrobiłeś?
act-field-count = Ile?
act-field-case = Dla kogo?
act-field-country = Twój kraj
act-field-group = Twoja grupa (opcjonalnie)
act-field-email = Twój adres e-mail
act-email-hint = Używamy go tylko do wysłania linku potwierdzającego.
act-honeypot = Zostaw to pole puste
act-submit = Wyślij mi link potwierdzający
act-choose-country = Wybierz kraj
act-kind-appeal = Listy do władz
act-kind-solidarity = Listy lub kartki do więźnia
act-kind-email = E-maile
act-kind-fax = Faksy
act-kind-petition = Podpisy pod petycją
act-kind-social = Wpisy w mediach społecznościowych
act-kind-event = Wydarzenia publiczne
act-kind-other = Coś innego
act-error-kind = Wybierz, co zrobiłeś.
act-error-count = Wpisz liczbę całkowitą z dozwolonego zakresu.
act-error-case = Wybierz jedną ze spraw kampanii.
act-error-country = Wybierz swój kraj.
act-error-group = Nazwa grupy jest za długa lub zawiera znaki, których nie możemy zapisać.
act-error-email = Wpisz adres e-mail, np. imie@example.org.
act-closed = Formularz jest teraz zamknięty. Zgłoś swoją akcję swojej grupie.
act-csrf-title = Formularz wygasł
act-csrf = Dla Twojego bezpieczeństwa formularz można wysłać tylko z tej strony, a tego nie udało się sprawdzić. Otwórz formularz ponownie i wyślij go jeszcze raz.
act-csrf-confirm = Dla Twojego bezpieczeństwa nie udało się sprawdzić potwierdzenia. Otwórz ponownie link z e-maila.
act-again = Otwórz formularz ponownie
act-confirm-again = Otwórz stronę potwierdzenia ponownie
act-sent-title = Sprawdź skrzynkę
act-sent = Jeśli adres jest poprawny, link potwierdzający jest w drodze. Otwórz go w ciągu 7 dni, aby Twoja akcja została policzona.
act-limit-title = Zbyt wiele prób
act-limit-ip = Z Twojej sieci wysłano w krótkim czasie wiele akcji.
act-limit-address = Dla tego adresu e-mail wysłano w krótkim czasie wiele akcji.
act-limit-daily = Ten adres e-mail otrzymał dziś tyle e-maili potwierdzających, ile wysyłamy w ciągu dnia.
act-limit-wait = Spróbuj ponownie za { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
       *[other] { $minutes } minut
    }.
act-gone-title = Ten link jest już nieważny
act-gone = Link wygasł (linki są ważne 7 dni) albo został już użyty. Nic nie zostało przez niego policzone.
act-confirm-title = Potwierdź swoją akcję
act-confirm-intro = Sprawdź, co zgłosiłeś, i potwierdź:
act-confirm-button = Potwierdź i policz moją akcję
act-thanks-title = Dziękujemy!
act-thanks = { $count ->
        [one] Twoja akcja została policzona.
       *[other] Twoje akcje ({ $countText }) zostały policzone.
    }
act-mail-subject = Potwierdź swoją akcję: { $campaign }
act-mail-body = Dziękujemy za działanie na rzecz: { $case }!

    Zgłoszenie: { $kind }, { $countText }.

    Aby została policzona, otwórz ten link i naciśnij przycisk potwierdzenia:
    { $link }

    Link jest ważny do { $expires }

    Jeśli to nie Ty, zignoruj tę wiadomość: nic nie zostanie policzone, a Twój adres zostanie usunięty.

    { $campaign }
act-link = Wziąłem/wzięłam udział: policz moją akcję

# volunteer
invite-mail-subject = Twoje listy: { $campaign }
invite-mail-body = Dzień dobry, { $name }!

    Dziękujemy, że piszesz z nami! Twoje listy, osoby, do których piszesz, i przyciski, którymi dasz nam znać o wysłaniu listu, są na Twojej stronie:
    { $link }

    Ten link jest tylko dla Ciebie: prosimy go nie przekazywać. Działa do { $expires }.

    { $campaign }
vol-title = Twoje listy
vol-hello = Dzień dobry, { $name }!
vol-prisoners = Osoby, do których piszesz
vol-letters = Twoje listy
vol-letter-to = Do: { $name }
vol-original = List do wysłania
vol-translation = Twoje tłumaczenie: zachowaj je, nie wkładaj do koperty
vol-print = Drukuj ten list
vol-print-all = Drukuj wszystkie listy papierowe
vol-state = Stan
vol-report = Daj nam znać, co się stało
vol-date = Data
vol-do-posted = Wysłany
vol-do-replied = Przyszła odpowiedź
vol-do-returned = Wrócił
vol-appeals = Twoje apele do władz
vol-history = Twoja historia
vol-history-empty = Nic jeszcze nie zapisano.
vol-recorded = Zapisano. Dziękujemy!
vol-bad-date = Data musi być dniem kampanii, nie z przyszłości.
vol-none = Nic tu jeszcze nie ma.
vol-no-session-title = Otwórz swój osobisty link
vol-no-session = Ta strona otwiera się z osobistego linku w mailu z zaproszeniem. Jeśli nie możesz go znaleźć, napisz do koordynatorów kampanii.
vol-gone-title = Nic tu nie ma
vol-gone = Nie ma takiej strony. Link mógł wygasnąć albo zawierać literówkę.
vol-state-none = jeszcze bez wieści
vol-state-sent = wysłany, bez odpowiedzi serwera
vol-state-delivered = doręczony
vol-state-deferred = czeka na ponowne wysłanie
vol-state-failed = nie udało się doręczyć
vol-state-posted = wysłany pocztą
vol-state-received = odebrany
vol-state-replied = przyszła odpowiedź
vol-state-returned = wrócił
vol-state-withheld = zatrzymany
vol-limit = Z Twojej sieci otwarto w krótkim czasie wiele osobistych linków.
vol-again-title = Wyślij mi link jeszcze raz
vol-again-intro = Podaj adres, na który przyszło zaproszenie, a wyślemy na niego Twój osobisty link jeszcze raz.
vol-again-email = Twój adres e-mail
vol-again-button = Wyślij link
vol-again-sent = Jeśli ten adres należy do wolontariusza kampanii, link jest już w drodze. Sprawdź skrzynkę za kilka minut.
