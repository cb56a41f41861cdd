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

# signup
join-title = Pisz z nami listy
join-intro = Zapisz się, aby pisać listy do więźniów politycznych. Wyślemy Ci link: zapis liczy się, gdy go otworzysz i potwierdzisz w ciągu 7 dni. Potem przydzielimy Ci więźniów, do których napiszesz w języku, który znasz, i wyślemy link do Twojej strony.
join-has-errors = Popraw, proszę, zaznaczone pola.
join-field-name = Twoje imię i nazwisko, tak jak podpiszesz listy
join-field-email = Twój adres e-mail
join-field-city = Twoje miasto
join-field-country = Twój kraj
join-field-languages = Języki, w których możesz napisać list
join-email-hint = Użyjemy go, aby wysłać link potwierdzający, a po potwierdzeniu — Twoje listy.
join-submit = Wyślij mi link potwierdzający
join-closed = Zapisy są teraz zamknięte. Zapytaj, proszę, swoją grupę.
join-error-name = Wpisz imię i nazwisko (najwyżej 100 znaków).
join-error-city = Wpisz miasto (najwyżej 100 znaków).
join-error-languages = Wybierz co najmniej jeden język.
join-limit-ip = Z Twojej sieci w krótkim czasie wysłano wiele zapisów.
join-sent-title = Sprawdź pocztę
join-sent = Jeśli adres jest poprawny, link potwierdzający jest już w drodze. Otwórz go w ciągu 7 dni, aby dokończyć zapis.
join-gone = Link wygasł (linki są ważne 7 dni) lub jest nieznany. Nic z niego nie zachowano.
join-again = Zapisz się ponownie
join-confirm-title = Potwierdź zapis
join-confirm-intro = Sprawdź swoje dane i potwierdź:
join-confirm-button = Potwierdzam zapis
join-thanks-title = Witamy!
join-thanks = { $count ->
        [one] Jesteś zapisany/a, a jeden więzień czeka na Twój list.
        [few] Jesteś zapisany/a, a { $count } więźniów czeka na Twoje listy.
       *[other] Jesteś zapisany/a, a { $count } więźniów czeka na Twoje listy.
    }
join-thanks-later = Jesteś zapisany/a. Koordynator przydzieli Ci więźniów.
join-thanks-next = Koordynator wyśle Ci link do Twojej strony z listami i adresami.
join-mail-subject = Potwierdź zapis: { $campaign }
join-mail-body = Dzień dobry, { $name },

    dziękujemy za zapis do pisania listów z { $campaign }. Potwierdź zapis, otwierając link:

    { $link }

    Link jest ważny do { $expires }. Jeśli to nie Ty się zapisałeś/aś, zignoruj tę wiadomość: Twój adres zostanie usunięty.

    { $campaign }
join-link = Pisz z nami listy: zapisz się
# admin
admin-nav = Koordynatorzy
admin-overview = Przegląd
admin-logged-in-as = Zalogowano jako { $name }
admin-logout = Wyloguj
admin-login-title = Logowanie koordynatorów
admin-login-name = Nazwa
admin-login-password = Hasło
admin-login-button = Zaloguj
admin-login-expired = Sesja wygasła. Zaloguj się ponownie.
admin-logged-out = Wylogowano.
admin-login-wrong = Błędna nazwa lub hasło.
admin-login-locked = Zbyt wiele błędnych haseł. Odczekaj chwilę i spróbuj ponownie.
admin-csrf = Formularz wygasł. Spróbuj ponownie.
admin-volunteers-active = Wolontariusze z działaniami
admin-groups = Grupy
admin-corrections = Korekty
admin-email = Wysyłka e-maili
admin-email-total = { $n ->
        [one] { $nText } list e-mailem
        [few] { $nText } listy e-mailem
       *[other] { $nText } listów e-mailem
    }
admin-email-delivered = Dostarczone
admin-email-deferred = Odłożone (zostaną ponowione)
admin-email-failed = Niedostarczone
admin-email-in_doubt = Niepewne (brak odpowiedzi serwera pocztowego)
admin-email-not_sent = Jeszcze niewysłane
admin-email-live = Te liczby aktualizują się same, gdy strona jest otwarta.
admin-per-day = Działania dziennie, według rodzaju
admin-per-day-summary = Skumulowany wykres słupkowy działań dziennie od { $from } do { $to }; najwięcej jednego dnia: { $max }.
admin-per-kind = Działania według rodzaju
admin-per-country = Działania według kraju
admin-per-case = Działania według sprawy
admin-col-kind = Rodzaj
admin-col-case = Sprawa
admin-col-prisoner = Więzień
admin-col-birthday = Urodziny
admin-col-sent = Listy
admin-col-received = Potwierdzone otrzymanie
admin-col-volunteer = Wolontariusz
admin-col-group = Grupa
admin-col-prisoners = Przydzieleni więźniowie
admin-fewest = Więźniowie z najmniejszą liczbą listów
admin-none-received = Żaden list nie potwierdzony
admin-birthdays = Urodziny w ciągu { $days } dni
admin-silent = Wolontariusze, którzy jeszcze nic nie zgłosili
admin-none = Brak.
admin-csv = Pobierz CSV

# steer
work-failed = Coś poszło nie tak; nic nie zostało zmienione. Szczegóły są w dzienniku serwera.
work-upload-title = Prześlij raport
work-upload-intro = Raport grupy jako CSV, tekst rozdzielany tabulatorami, arkusz .xlsx lub .ods albo JSON, z kolumnami `marathon import`. Najpierw sprawdzany jest każdy wiersz: jeśli którykolwiek ma błąd, nic nie zostaje zaimportowane.
work-upload-file = Plik raportu
work-upload-button = Sprawdź i zaimportuj
work-upload-unreadable = Nie udało się odczytać przesłanego pliku; nic nie zaimportowano.
work-upload-empty = Wybierz plik raportu; nic nie zaimportowano.
work-upload-nothing = Nie udało się odczytać raportu; nic nie zaimportowano.
work-rows = { $count ->
        [one] { $text } wiersz
        [few] { $text } wiersze
       *[other] { $text } wierszy
    }
work-actions = { $count ->
        [one] { $text } akcja
        [few] { $text } akcje
       *[other] { $text } akcji
    }
work-entries = { $count ->
        [one] { $text } publiczny wpis
        [few] { $text } publiczne wpisy
       *[other] { $text } publicznych wpisów
    }
work-upload-done = Zaimportowano z { $file }: { $rows } ({ $actions }).
work-upload-skipped = Były już w rejestrze i nie zostały zaimportowane ponownie: { $rows }.
work-upload-refused = { $file }: błędy w wierszach ({ $rows }); nic nie zaimportowano. Popraw je i prześlij cały plik ponownie.
work-record-title = Zapisz akcję
work-record-intro = Jedna akcja, ze sprawdzeniem jak w `marathon record`. Aby poprawić wpis, podaj jego numer: wypełnione pola zastąpią jego wartości, pozostałe zostaną. Aby całkowicie wycofać wpis, podaj numer i zaznacz „wycofaj”.
work-record-corrects = Numer poprawianego wpisu (puste dla nowej akcji)
work-record-withdraw = Wycofaj ten wpis (został zapisany przez pomyłkę)
work-record-button = Zapisz
work-record-nothing = Nic nie zapisano; zobacz zaznaczone pola poniżej.
work-record-done = Zapisano wpis { $entry }: { $count } × { $kind } dla { $case }.
work-withdraw-title = Wycofaj publiczne akcje
work-withdraw-intro = Zobacz akcje potwierdzone w formularzu publicznym w danym przedziale czasu (UTC), z jednej sieci (prefiks IP: /24 lub /48) albo z jednej domeny e-mail, i wycofaj je razem. Każde wycofanie zostaje w rejestrze z Twoim imieniem i powodem.
work-withdraw-from = Potwierdzone od (UTC)
work-withdraw-until = Potwierdzone przed (UTC)
work-withdraw-ip = Prefiks IP, np. 203.0.113.0/24
work-withdraw-domain = Domena e-mail, np. example.org
work-withdraw-show = Pokaż akcje
work-withdraw-bad-time = Podaj czas w postaci 2026-12-10T09:30.
work-withdraw-bad-ip = Podaj adres lub prefiks IP, np. 203.0.113.0/24.
work-withdraw-bad-domain = Podaj domenę, np. example.org.
work-withdraw-no-condition = Podaj przedział czasu, prefiks IP lub domenę e-mail; nic nie wycofano.
work-withdraw-no-reason = Podaj powód; nic nie wycofano.
work-withdraw-found = { $entries }, { $actions }
work-withdraw-reason = Powód (zostaje w rejestrze)
work-withdraw-button = Wycofaj: { $entries } ({ $actions })
work-withdraw-done = Wycofano: { $entries } ({ $actions }).
work-col-entry = Wpis
work-col-confirmed = Potwierdzony (UTC)
work-col-action = Akcja
work-col-ip = Prefiks IP
work-col-domain = Domena e-mail
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

# letter edit
edit-open = Popraw ten list przed wydrukiem
edit-label = List do wysłania, tak jak chcesz go wysłać
edit-rules = Sprawdzany według zasad kraju więźnia podczas pisania i ponownie przy zapisie. Odrzucane (taki list zostałby wyrzucony, więc nie jest zapisywany): zły alfabet lub język, tekst dłuższy niż limit, pusty tekst. Ostrzeżenie (zapisywane, ale zastanów się): słowo lub temat, przez które list może zostać zatrzymany.
edit-save = Zapisz mój tekst
edit-revert = Przywróć oryginał
edit-refused = Odrzucone: taki list zostałby wyrzucony.
edit-warned = Ostrzeżenie: przez to list może zostać zatrzymany.
edit-clean = Zasady kraju nie wykryły problemów.
edit-word = «{ $word }» ({ $topic }), wiersz { $line }
edit-empty = List jest pusty. Aby wrócić do wygenerowanego tekstu, użyj „Przywróć oryginał”.
edit-too-long = List jest o wiele za długi.
edit-limit = W krótkim czasie zapisano wiele poprawek.
edit-refused-title = Twój tekst nie został zapisany
edit-saved = Twój tekst jest zapisany. Widok do druku go pokazuje.
edit-yours = (twój tekst)

# admin volunteers
vols-title = Wolontariusze i zgłoszenia
vols-summary = Książka adresowa: { $book } · Zgłoszenia przez stronę: { $signups } (czekają na link: { $pending })
vols-caption = Wszyscy wolontariusze z książki adresowej i zgłoszeń przez stronę. Adresy e-mail są częściowo ukryte.
vols-col-name = Imię i nazwisko
vols-col-email = E-mail
vols-col-city = Miasto
vols-col-country = Kraj
vols-col-languages = Pisze po
vols-col-state = Skąd, stan
vols-col-prisoners = Przydzieleni więźniowie
vols-book = książka adresowa
vols-book-web = książka adresowa (zgłoszenie przez stronę)
vols-web-confirmed = zgłoszenie przez stronę, potwierdzone
vols-web-pending = zgłoszenie przez stronę, czeka na link
