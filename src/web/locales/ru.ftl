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
act-title = Я принял(а) участие
act-intro = Расскажите, что вы сделали для кампании. Мы пришлём вам ссылку по электронной почте: ваше действие будет засчитано, когда вы откроете её и подтвердите в течение 7 дней. Ваш адрес мы храним только до этого момента.
act-has-errors = Исправьте, пожалуйста, отмеченные ниже поля.
act-field-kind = Что вы сделали?
act-field-count = Сколько?
act-field-case = Для кого?
act-field-country = Ваша страна
act-field-group = Ваша группа (необязательно)
act-field-email = Ваш адрес электронной почты
act-email-hint = Мы используем его только для ссылки подтверждения.
act-honeypot = Оставьте это поле пустым
act-submit = Прислать ссылку подтверждения
act-choose-country = Выберите страну
act-kind-appeal = Письма властям
act-kind-solidarity = Письма или открытки заключённому
act-kind-email = Электронные письма
act-kind-fax = Факсы
act-kind-petition = Подписи под петицией
act-kind-social = Публикации в соцсетях
act-kind-event = Публичные акции
act-kind-other = Другое
act-error-kind = Выберите, что вы сделали.
act-error-count = Введите целое число в допустимых пределах.
act-error-case = Выберите одно из дел кампании.
act-error-country = Выберите вашу страну.
act-error-group = Название группы слишком длинное или содержит недопустимые символы.
act-error-email = Введите адрес электронной почты, например name@example.org.
act-closed = Форма сейчас закрыта. Пожалуйста, сообщите о своём действии вашей группе.
act-csrf-title = Срок действия формы истёк
act-csrf = Ради вашей безопасности форму можно отправить только с этого сайта, а проверить это не удалось. Откройте форму заново и отправьте её ещё раз.
act-csrf-confirm = Ради вашей безопасности подтверждение не удалось проверить. Откройте ссылку из письма ещё раз.
act-again = Открыть форму заново
act-confirm-again = Открыть страницу подтверждения заново
act-sent-title = Проверьте почту
act-sent = Если адрес указан верно, ссылка подтверждения уже в пути. Откройте её в течение 7 дней, чтобы ваше действие было засчитано.
act-limit-title = Слишком много попыток
act-limit-ip = Из вашей сети за короткое время отправлено много действий.
act-limit-address = Для этого адреса за короткое время отправлено много действий.
act-limit-daily = Этот адрес сегодня уже получил столько писем подтверждения, сколько мы отправляем за день.
act-limit-wait = Попробуйте снова через { $minutes ->
        [one] { $minutes } минуту
        [few] { $minutes } минуты
       *[other] { $minutes } минут
    }.
act-gone-title = Эта ссылка больше не действует
act-gone = Срок действия ссылки истёк (ссылки действуют 7 дней) или она уже использована. По ней ничего не засчитано.
act-confirm-title = Подтвердите ваше действие
act-confirm-intro = Проверьте, что вы сообщили, и подтвердите:
act-confirm-button = Подтвердить и засчитать
act-thanks-title = Спасибо!
act-thanks = { $count ->
        [one] Ваше действие засчитано.
       *[other] Ваши действия ({ $countText }) засчитаны.
    }
act-mail-subject = Подтвердите ваше действие: { $campaign }
act-mail-body = Спасибо, что выступили в поддержку: { $case }!

    Вы сообщили: { $kind }, { $countText }.

    Чтобы оно было засчитано, откройте эту ссылку и нажмите кнопку подтверждения:
    { $link }

    Ссылка действует до { $expires }

    Если это были не вы, просто проигнорируйте письмо: ничего не будет засчитано, а ваш адрес будет удалён.

    { $campaign }
act-link = Я принял(а) участие: засчитать моё действие

# signup
join-title = Пишите письма вместе с нами
join-intro = Запишитесь, чтобы писать письма политзаключённым. Мы пришлём вам ссылку: запись действует, когда вы откроете её и подтвердите в течение 7 дней. Затем мы подберём вам заключённых, которым вы напишете на знакомом вам языке, и пришлём ссылку на вашу личную страницу.
join-has-errors = Исправьте, пожалуйста, отмеченные поля.
join-field-name = Ваше имя, как вы подпишете письма
join-field-email = Ваш адрес электронной почты
join-field-city = Ваш город
join-field-country = Ваша страна
join-field-languages = Языки, на которых вы можете написать письмо
join-email-hint = Мы используем его, чтобы прислать ссылку для подтверждения, а после подтверждения — ваши письма.
join-submit = Прислать ссылку для подтверждения
join-closed = Запись сейчас закрыта. Обратитесь, пожалуйста, в вашу группу.
join-error-name = Введите имя (не более 100 знаков).
join-error-city = Введите город (не более 100 знаков).
join-error-languages = Выберите хотя бы один язык.
join-limit-ip = С вашей сети за короткое время пришло много записей.
join-sent-title = Проверьте почту
join-sent = Если адрес верен, ссылка для подтверждения уже в пути. Откройте её в течение 7 дней, чтобы завершить запись.
join-gone = Срок действия ссылки истёк (ссылки действуют 7 дней) или она неизвестна. По ней ничего не сохранено.
join-again = Записаться снова
join-confirm-title = Подтвердите запись
join-confirm-intro = Проверьте ваши данные и подтвердите:
join-confirm-button = Подтвердить запись
join-thanks-title = Добро пожаловать!
join-thanks = { $count ->
        [one] Вы записаны, и { $count } заключённый ждёт вашего письма.
        [few] Вы записаны, и { $count } заключённых ждут ваших писем.
       *[other] Вы записаны, и { $count } заключённых ждут ваших писем.
    }
join-thanks-later = Вы записаны. Координатор подберёт вам заключённых.
join-thanks-next = Координатор пришлёт вам ссылку на вашу личную страницу с письмами и адресами.
join-mail-subject = Подтвердите запись: { $campaign }
join-mail-body = Здравствуйте, { $name }!

    Спасибо, что записались писать письма вместе с «{ $campaign }». Подтвердите запись, открыв ссылку:

    { $link }

    Ссылка действует до { $expires }. Если вы не записывались, не обращайте внимания на это письмо: ваш адрес будет удалён.

    { $campaign }
join-link = Пишите письма вместе с нами: записаться
# admin
admin-nav = Координаторы
admin-overview = Обзор
admin-logged-in-as = Вы вошли как { $name }
admin-logout = Выйти
admin-login-title = Вход для координаторов
admin-login-name = Имя
admin-login-password = Пароль
admin-login-button = Войти
admin-login-expired = Сеанс закончился. Войдите снова.
admin-logged-out = Вы вышли.
admin-login-wrong = Неверное имя или пароль.
admin-login-locked = Слишком много неверных паролей. Подождите немного и попробуйте снова.
admin-csrf = Срок действия формы истёк. Попробуйте ещё раз.
admin-volunteers-active = Волонтёры с действиями
admin-groups = Группы
admin-corrections = Исправления
admin-email = Рассылка писем
admin-email-total = { $n ->
        [one] { $nText } письмо по почте
        [few] { $nText } письма по почте
       *[other] { $nText } писем по почте
    }
admin-email-delivered = Доставлено
admin-email-deferred = Отложено (будет повторено)
admin-email-failed = Не доставлено
admin-email-in_doubt = Под вопросом (нет ответа почтового сервера)
admin-email-not_sent = Ещё не отправлено
admin-email-live = Эти цифры обновляются сами, пока страница открыта.
admin-per-day = Действия по дням и видам
admin-per-day-summary = Столбчатая диаграмма действий по дням с { $from } по { $to }; больше всего за день: { $max }.
admin-per-kind = Действия по видам
admin-per-country = Действия по странам
admin-per-case = Действия по делам
admin-col-kind = Вид
admin-col-case = Дело
admin-col-prisoner = Заключённый
admin-col-birthday = День рождения
admin-col-sent = Письма
admin-col-received = Получение подтверждено
admin-col-volunteer = Волонтёр
admin-col-group = Группа
admin-col-prisoners = Назначено заключённых
admin-fewest = Заключённые с наименьшим числом писем
admin-none-received = Ни одно письмо не подтверждено
admin-birthdays = Дни рождения в ближайшие { $days } дней
admin-silent = Волонтёры, которые ещё ничего не сообщили
admin-none = Нет.
admin-csv = Скачать CSV

# steer
work-failed = Что-то пошло не так; ничего не изменено. Подробности в журнале сервера.
work-upload-title = Загрузить отчёт
work-upload-intro = Отчёт группы в CSV, тексте с табуляцией, таблице .xlsx или .ods или JSON, со столбцами `marathon import`. Сначала проверяется каждая строка: если в какой-то строке ошибка, ничего не импортируется.
work-upload-file = Файл отчёта
work-upload-button = Проверить и импортировать
work-upload-unreadable = Не удалось прочитать загрузку; ничего не импортировано.
work-upload-empty = Выберите файл отчёта; ничего не импортировано.
work-upload-nothing = Не удалось прочитать отчёт; ничего не импортировано.
work-rows = { $count ->
        [one] { $text } строка
        [few] { $text } строки
       *[other] { $text } строк
    }
work-actions = { $count ->
        [one] { $text } акция
        [few] { $text } акции
       *[other] { $text } акций
    }
work-entries = { $count ->
        [one] { $text } публичная запись
        [few] { $text } публичные записи
       *[other] { $text } публичных записей
    }
work-upload-done = Импортировано из { $file }: { $rows } ({ $actions }).
work-upload-skipped = Уже были в реестре и не импортированы повторно: { $rows }.
work-upload-refused = { $file }: ошибки в строках ({ $rows }); ничего не импортировано. Исправьте их и загрузите весь файл снова.
work-record-title = Записать акцию
work-record-intro = Одна акция, с проверками `marathon record`. Чтобы исправить запись, укажите её номер: заполненные поля заменят её значения, остальные останутся. Чтобы полностью отозвать запись, укажите номер и отметьте «отозвать».
work-record-corrects = Номер исправляемой записи (пусто для новой акции)
work-record-withdraw = Отозвать эту запись (она внесена по ошибке)
work-record-button = Записать
work-record-nothing = Ничего не записано; см. отмеченные поля ниже.
work-record-done = Записана запись { $entry }: { $count } × { $kind } для { $case }.
work-withdraw-title = Отозвать публичные акции
work-withdraw-intro = Просмотрите акции, подтверждённые через публичную форму за промежуток времени (UTC), из одной сети (префикс IP: /24 или /48) или с одного почтового домена, и отзовите их вместе. Каждый отзыв хранится в реестре с вашим именем и причиной.
work-withdraw-from = Подтверждены с (UTC)
work-withdraw-until = Подтверждены до (UTC)
work-withdraw-ip = Префикс IP, например 203.0.113.0/24
work-withdraw-domain = Почтовый домен, например example.org
work-withdraw-show = Показать акции
work-withdraw-bad-time = Укажите время вида 2026-12-10T09:30.
work-withdraw-bad-ip = Укажите IP-адрес или префикс, например 203.0.113.0/24.
work-withdraw-bad-domain = Укажите домен, например example.org.
work-withdraw-no-condition = Укажите промежуток времени, префикс IP или почтовый домен; ничего не отозвано.
work-withdraw-no-reason = Укажите причину; ничего не отозвано.
work-withdraw-found = { $entries }, { $actions }
work-withdraw-reason = Причина (сохраняется в реестре)
work-withdraw-button = Отозвать: { $entries } ({ $actions })
work-withdraw-done = Отозвано: { $entries } ({ $actions }).
work-col-entry = Запись
work-col-confirmed = Подтверждена (UTC)
work-col-action = Акция
work-col-ip = Префикс IP
work-col-domain = Почтовый домен
# volunteer
invite-mail-subject = Ваши письма: { $campaign }
invite-mail-body = Здравствуйте, { $name }!

    Спасибо, что пишете вместе с нами! Ваши письма, люди, которым вы пишете, и кнопки, чтобы сообщить нам об отправке письма, — на вашей личной странице:
    { $link }

    Эта ссылка только для вас: пожалуйста, не пересылайте её. Она действует до { $expires }.

    { $campaign }
vol-title = Ваши письма
vol-hello = Здравствуйте, { $name }!
vol-prisoners = Кому вы пишете
vol-letters = Ваши письма
vol-letter-to = Кому: { $name }
vol-original = Письмо для отправки
vol-translation = Ваш перевод: оставьте его себе, не вкладывайте в конверт
vol-print = Распечатать это письмо
vol-print-all = Распечатать все ваши бумажные письма
vol-state = Состояние
vol-report = Сообщите, что произошло
vol-date = Дата
vol-do-posted = Отправлено
vol-do-replied = Пришёл ответ
vol-do-returned = Вернулось
vol-appeals = Ваши обращения к властям
vol-history = Ваша история
vol-history-empty = Пока ничего не записано.
vol-recorded = Записано. Спасибо!
vol-bad-date = Дата должна быть днём кампании и не в будущем.
vol-none = Здесь пока ничего нет.
vol-no-session-title = Откройте вашу личную ссылку
vol-no-session = Эта страница открывается по личной ссылке из письма-приглашения. Если не можете её найти, обратитесь к координаторам кампании.
vol-gone-title = Здесь ничего нет
vol-gone = Такой страницы нет. Возможно, ссылка устарела или набрана с ошибкой.
vol-state-none = пока нет сведений
vol-state-sent = отправлено, ответа ещё нет
vol-state-delivered = доставлено
vol-state-deferred = ждёт повторной отправки
vol-state-failed = не удалось доставить
vol-state-posted = отправлено почтой
vol-state-received = получено
vol-state-replied = пришёл ответ
vol-state-returned = вернулось
vol-state-withheld = задержано
vol-limit = С вашего адреса недавно открыли много личных ссылок.
vol-again-title = Прислать мою ссылку ещё раз
vol-again-intro = Укажите адрес, на который пришло приглашение, и мы снова отправим на него вашу личную ссылку.
vol-again-email = Ваш адрес электронной почты
vol-again-button = Прислать ссылку
vol-again-sent = Если этот адрес принадлежит волонтёру кампании, ссылка уже в пути. Проверьте почту через несколько минут.

# letter edit
edit-open = Изменить письмо перед печатью
edit-label = Письмо для отправки, как вы хотите его послать
edit-rules = Проверяется по правилам страны заключённого по мере набора и ещё раз при сохранении. Отклоняется (такое письмо выбросят, поэтому оно не сохраняется): не тот алфавит или язык, текст длиннее предела, пустой текст. Предупреждение (сохраняется, но подумайте ещё раз): слово или тема, из-за которых письмо могут задержать.
edit-save = Сохранить мой текст
edit-revert = Вернуть исходный текст
edit-refused = Отклонено: такое письмо выбросят.
edit-warned = Предупреждение: из-за этого письмо могут задержать.
edit-clean = Правила страны не нашли проблем.
edit-word = «{ $word }» ({ $topic }), строка { $line }
edit-empty = Письмо пустое. Чтобы вернуть созданный текст, нажмите «Вернуть исходный текст».
edit-too-long = Письмо слишком длинное.
edit-limit = За короткое время сохранено много правок.
edit-refused-title = Ваш текст не сохранён
edit-saved = Ваш текст сохранён. Он будет в версии для печати.
edit-yours = (ваш текст)

# admin volunteers
vols-title = Волонтёры и записавшиеся
vols-summary = Адресная книга: { $book } · Записались на сайте: { $signups } (ждут ссылку: { $pending })
vols-caption = Все волонтёры из адресной книги и записавшиеся на сайте. Адреса почты показаны не полностью.
vols-col-name = Имя
vols-col-email = Почта
vols-col-city = Город
vols-col-country = Страна
vols-col-languages = Пишет на
vols-col-state = Откуда, состояние
vols-col-prisoners = Назначенные заключённые
vols-book = адресная книга
vols-book-web = адресная книга (записался на сайте)
vols-web-confirmed = запись на сайте, подтверждена
vols-web-pending = запись на сайте, ждёт ссылку
