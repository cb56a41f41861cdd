# Тексты веб-страниц на русском. Во всех файлах этой папки одни и те же сообщения.
skip-link = Перейти к содержанию
languages = Языки
dates = с { $from } по { $to }
headline = { $actions ->
        [one] { $actionsText } действие
        [few] { $actionsText } действия
        [many] { $actionsText } действий
       *[other] { $actionsText } действия
    } из { $countries ->
        [one] { $countriesText } страны
        [few] { $countriesText } стран
        [many] { $countriesText } стран
       *[other] { $countriesText } страны
    }
no-actions-yet = Пока не учтено ни одного действия.
cases-heading = Те, кому мы пишем
case-actions = { $n ->
        [one] { $nText } действие
        [few] { $nText } действия
        [many] { $nText } действий
       *[other] { $nText } действия
    }
case-goal = { $nText } из { $goalText } { $goal ->
        [one] действия
       *[other] действий
    }
progress-label = Продвижение к цели: { $case }
per-day-heading = Действия по дням
per-day-summary = Столбчатая диаграмма действий по дням с { $from } по { $to }; больше всего за день: { $max }.
figures = Цифры
col-day = День
col-actions = Действия
col-country = Страна
countries-heading = Откуда пришли действия
other-countries = Другие страны
privacy-note = Страны, из которых пришло лишь несколько действий, учтены вместе как «другие страны», чтобы ни одна цифра не указывала на конкретных людей.
embed-heading = Счётчик на вашем сайте
embed-help = Скопируйте этот код на свою страницу:
embed-case = Счётчик этого дела
embed-title = Счётчик: { $campaign }
embed-actions = { $n ->
        [one] действие
        [few] действия
        [many] действий
       *[other] действия
    }
embed-for = для: { $case }
embed-more = О кампании
live-note = Пока страница открыта, счётчик обновляется сам.
error-title = Что-то пошло не так
error-not-found = По этому адресу нет страницы.
error-bad-request = Не удалось понять этот запрос.
error-too-large = Этот запрос слишком велик.
error-timeout = Запрос выполнялся слишком долго. Попробуйте ещё раз.
error-server = У нас что-то сломалось. Попробуйте позже.
back-home = Вернуться на страницу кампании
