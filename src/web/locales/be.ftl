# Тэксты вэб-старонак па-беларуску. Ва ўсіх файлах гэтай папкі аднолькавыя паведамленні.
skip-link = Перайсці да зместу
languages = Мовы
dates = з { $from } па { $to }
headline = { $actions ->
        [one] { $actionsText } дзеянне
        [few] { $actionsText } дзеянні
        [many] { $actionsText } дзеянняў
       *[other] { $actionsText } дзеяння
    } з { $countries ->
        [one] { $countriesText } краіны
        [few] { $countriesText } краін
        [many] { $countriesText } краін
       *[other] { $countriesText } краіны
    }
no-actions-yet = Пакуль не ўлічана ніводнага дзеяння.
cases-heading = Тыя, каму мы пішам
case-actions = { $n ->
        [one] { $nText } дзеянне
        [few] { $nText } дзеянні
        [many] { $nText } дзеянняў
       *[other] { $nText } дзеяння
    }
case-goal = { $nText } з { $goalText } { $goal ->
        [one] дзеяння
       *[other] дзеянняў
    }
progress-label = Рух да мэты: { $case }
per-day-heading = Дзеянні па днях
per-day-summary = Слупковая дыяграма дзеянняў па днях з { $from } па { $to }; найбольш за дзень: { $max }.
figures = Лічбы
col-day = Дзень
col-actions = Дзеянні
col-country = Краіна
countries-heading = Адкуль прыйшлі дзеянні
other-countries = Іншыя краіны
privacy-note = Краіны, адкуль прыйшло толькі некалькі дзеянняў, улічаны разам як «іншыя краіны», каб ніводная лічба не ўказвала на канкрэтных людзей.
embed-heading = Лічыльнік на вашым сайце
embed-help = Скапіруйце гэты код на сваю старонку:
embed-case = Лічыльнік гэтай справы
embed-title = Лічыльнік: { $campaign }
embed-actions = { $n ->
        [one] дзеянне
        [few] дзеянні
        [many] дзеянняў
       *[other] дзеяння
    }
embed-for = для: { $case }
embed-more = Пра кампанію
live-note = Пакуль старонка адкрыта, лічыльнік абнаўляецца сам.
error-title = Нешта пайшло не так
error-not-found = Па гэтым адрасе няма старонкі.
error-bad-request = Не атрымалася зразумець гэты запыт.
error-too-large = Гэты запыт занадта вялікі.
error-timeout = Запыт выконваўся занадта доўга. Паспрабуйце яшчэ раз.
error-server = У нас нешта зламалася. Паспрабуйце пазней.
back-home = Вярнуцца на старонку кампаніі
