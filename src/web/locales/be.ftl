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
act-title = Я ўзяў(ла) удзел
act-intro = Раскажыце, што вы зрабілі для кампаніі. Мы дашлём вам спасылку па электроннай пошце: ваша дзеянне будзе залічана, калі вы адкрыеце яе і пацвердзіце на працягу 7 дзён. Ваш адрас мы захоўваем толькі да гэтага часу.
act-has-errors = Выпраўце, калі ласка, пазначаныя ніжэй палі.
act-field-kind = Што вы зрабілі?
act-field-count = Колькі?
act-field-case = Для каго?
act-field-country = Ваша краіна
act-field-group = Ваша група (неабавязкова)
act-field-email = Ваш адрас электроннай пошты
act-email-hint = Мы выкарыстоўваем яго толькі для спасылкі пацверджання.
act-honeypot = Пакіньце гэтае поле пустым
act-submit = Даслаць спасылку пацверджання
act-choose-country = Абярыце краіну
act-kind-appeal = Лісты ўладам
act-kind-solidarity = Лісты ці паштоўкі вязню
act-kind-email = Электронныя лісты
act-kind-fax = Факсы
act-kind-petition = Подпісы пад петыцыяй
act-kind-social = Допісы ў сацсетках
act-kind-event = Публічныя акцыі
act-kind-other = Іншае
act-error-kind = Абярыце, што вы зрабілі.
act-error-count = Увядзіце цэлы лік у дазволеных межах.
act-error-case = Абярыце адну са спраў кампаніі.
act-error-country = Абярыце вашу краіну.
act-error-group = Назва групы занадта доўгая або мае недапушчальныя знакі.
act-error-email = Увядзіце адрас электроннай пошты, напрыклад name@example.org.
act-closed = Форма зараз закрытая. Калі ласка, паведаміце пра сваё дзеянне вашай групе.
act-csrf-title = Тэрмін дзеяння формы скончыўся
act-csrf = Дзеля вашай бяспекі форму можна даслаць толькі з гэтага сайта, а праверыць гэта не ўдалося. Адкрыйце форму нанова і дашліце яе яшчэ раз.
act-csrf-confirm = Дзеля вашай бяспекі пацверджанне не ўдалося праверыць. Адкрыйце спасылку з ліста яшчэ раз.
act-again = Адкрыць форму нанова
act-confirm-again = Адкрыць старонку пацверджання нанова
act-sent-title = Праверце пошту
act-sent = Калі адрас пазначаны правільна, спасылка пацверджання ўжо ў дарозе. Адкрыйце яе на працягу 7 дзён, каб ваша дзеянне было залічана.
act-limit-title = Занадта шмат спроб
act-limit-ip = З вашай сеткі за кароткі час даслана шмат дзеянняў.
act-limit-address = Для гэтага адраса за кароткі час даслана шмат дзеянняў.
act-limit-daily = Гэты адрас сёння ўжо атрымаў столькі лістоў пацверджання, колькі мы дасылаем за дзень.
act-limit-wait = Паспрабуйце зноў праз { $minutes ->
        [one] { $minutes } хвіліну
        [few] { $minutes } хвіліны
       *[other] { $minutes } хвілін
    }.
act-gone-title = Гэтая спасылка больш не дзейнічае
act-gone = Тэрмін дзеяння спасылкі скончыўся (спасылкі дзейнічаюць 7 дзён) або яна ўжо выкарыстаная. Па ёй нічога не залічана.
act-confirm-title = Пацвердзіце ваша дзеянне
act-confirm-intro = Праверце, што вы паведамілі, і пацвердзіце:
act-confirm-button = Пацвердзіць і залічыць
act-thanks-title = Дзякуй!
act-thanks = { $count ->
        [one] Ваша дзеянне залічана.
       *[other] Вашы дзеянні ({ $countText }) залічаныя.
    }
act-mail-subject = Пацвердзіце ваша дзеянне: { $campaign }
act-mail-body = Дзякуй, што выступілі ў падтрымку: { $case }!

    Вы паведамілі: { $kind }, { $countText }.

    Каб яно было залічана, адкрыйце гэтую спасылку і націсніце кнопку пацверджання:
    { $link }

    Спасылка дзейнічае да { $expires }

    Калі гэта былі не вы, проста праігнаруйце ліст: нічога не будзе залічана, а ваш адрас будзе выдалены.

    { $campaign }
act-link = Я ўзяў(ла) удзел: залічыць маё дзеянне

# signup
join-title = Пішыце лісты разам з намі
join-intro = Запішыцеся, каб пісаць лісты палітвязням. Мы дашлём вам спасылку: запіс дзейнічае, калі вы адкрыеце яе і пацвердзіце на працягу 7 дзён. Потым мы падбяром вам вязняў, якім вы напішаце на знаёмай вам мове, і дашлём спасылку на вашу асабістую старонку.
join-has-errors = Выпраўце, калі ласка, пазначаныя палі.
join-field-name = Ваша імя, як вы падпішаце лісты
join-field-email = Ваш адрас электроннай пошты
join-field-city = Ваш горад
join-field-country = Ваша краіна
join-field-languages = Мовы, на якіх вы можаце напісаць ліст
join-email-hint = Мы выкарыстоўваем яго, каб даслаць спасылку для пацверджання, а пасля — вашы лісты.
join-submit = Даслаць спасылку для пацверджання
join-closed = Запіс зараз закрыты. Звярніцеся, калі ласка, у вашу групу.
join-error-name = Увядзіце імя (не больш за 100 знакаў).
join-error-city = Увядзіце горад (не больш за 100 знакаў).
join-error-languages = Выберыце хоць адну мову.
join-limit-ip = З вашай сеткі за кароткі час прыйшло шмат запісаў.
join-sent-title = Праверце пошту
join-sent = Калі адрас правільны, спасылка для пацверджання ўжо ў дарозе. Адкрыйце яе на працягу 7 дзён, каб завяршыць запіс.
join-gone = Тэрмін дзеяння спасылкі скончыўся (спасылкі дзейнічаюць 7 дзён) або яна невядомая. Па ёй нічога не захавана.
join-again = Запісацца зноў
join-confirm-title = Пацвердзіце запіс
join-confirm-intro = Праверце вашы даныя і пацвердзіце:
join-confirm-button = Пацвердзіць запіс
join-thanks-title = Вітаем!
join-thanks = { $count ->
        [one] Вы запісаны, і { $count } вязень чакае вашага ліста.
       *[other] Вы запісаны, і { $count } вязняў чакаюць вашых лістоў.
    }
join-thanks-later = Вы запісаны. Каардынатар падбярэ вам вязняў.
join-thanks-next = Каардынатар дашле вам спасылку на вашу асабістую старонку з лістамі і адрасамі.
join-mail-subject = Пацвердзіце запіс: { $campaign }
join-mail-body = Добры дзень, { $name }!

    Дзякуй, што запісаліся пісаць лісты разам з «{ $campaign }». Пацвердзіце запіс, адкрыўшы спасылку:

    { $link }

    Спасылка дзейнічае да { $expires }. Калі вы не запісваліся, не звяртайце ўвагі на гэты ліст: ваш адрас будзе выдалены.

    { $campaign }
join-link = Пішыце лісты разам з намі: запісацца
# admin
admin-nav = Каардынатары
admin-overview = Агляд
admin-logged-in-as = Вы ўвайшлі як { $name }
admin-logout = Выйсці
admin-login-title = Уваход для каардынатараў
admin-login-name = Імя
admin-login-password = Пароль
admin-login-button = Увайсці
admin-login-expired = Сеанс скончыўся. Увайдзіце зноў.
admin-logged-out = Вы выйшлі.
admin-login-wrong = Няправільнае імя або пароль.
admin-login-locked = Занадта шмат няправільных пароляў. Пачакайце і паспрабуйце зноў.
admin-csrf = Тэрмін дзеяння формы скончыўся. Паспрабуйце яшчэ раз.
admin-volunteers-active = Валанцёры з дзеяннямі
admin-groups = Групы
admin-corrections = Выпраўленні
admin-email = Рассылка лістоў
admin-email-total = { $n ->
        [one] { $nText } ліст па пошце
        [few] { $nText } лісты па пошце
       *[other] { $nText } лістоў па пошце
    }
admin-email-delivered = Дастаўлена
admin-email-deferred = Адкладзена (будзе паўторана)
admin-email-failed = Не дастаўлена
admin-email-in_doubt = Пад пытаннем (няма адказу паштовага сервера)
admin-email-not_sent = Яшчэ не адпраўлена
admin-email-live = Гэтыя лічбы абнаўляюцца самі, пакуль старонка адкрыта.
admin-per-day = Дзеянні па днях і відах
admin-per-day-summary = Слупковая дыяграма дзеянняў па днях з { $from } па { $to }; найбольш за дзень: { $max }.
admin-per-kind = Дзеянні па відах
admin-per-country = Дзеянні па краінах
admin-per-case = Дзеянні па справах
admin-col-kind = Від
admin-col-case = Справа
admin-col-prisoner = Зняволены
admin-col-birthday = Дзень нараджэння
admin-col-sent = Лісты
admin-col-received = Атрыманне пацверджана
admin-col-volunteer = Валанцёр
admin-col-group = Група
admin-col-prisoners = Прызначана зняволеных
admin-fewest = Зняволеныя з найменшай колькасцю лістоў
admin-none-received = Ніводзін ліст не пацверджаны
admin-birthdays = Дні нараджэння ў бліжэйшыя { $days } дзён
admin-silent = Валанцёры, якія яшчэ нічога не паведамілі
admin-none = Няма.
admin-csv = Спампаваць CSV

# steer
work-failed = Нешта пайшло не так; нічога не зменена. Падрабязнасці ў журнале сервера.
work-upload-title = Загрузіць справаздачу
work-upload-intro = Справаздача групы ў CSV, тэксце з табуляцыяй, табліцы .xlsx ці .ods або JSON, са слупкамі `marathon import`. Спачатку правяраецца кожны радок: калі ў якім-небудзь радку памылка, нічога не імпартуецца.
work-upload-file = Файл справаздачы
work-upload-button = Праверыць і імпартаваць
work-upload-unreadable = Не ўдалося прачытаць загрузку; нічога не імпартавана.
work-upload-empty = Абярыце файл справаздачы; нічога не імпартавана.
work-upload-nothing = Не ўдалося прачытаць справаздачу; нічога не імпартавана.
work-rows = { $count ->
        [one] { $text } радок
        [few] { $text } радкі
       *[other] { $text } радкоў
    }
work-actions = { $count ->
        [one] { $text } акцыя
        [few] { $text } акцыі
       *[other] { $text } акцый
    }
work-entries = { $count ->
        [one] { $text } публічны запіс
        [few] { $text } публічныя запісы
       *[other] { $text } публічных запісаў
    }
work-upload-done = Імпартавана з { $file }: { $rows } ({ $actions }).
work-upload-skipped = Ужо былі ў рэестры і не імпартаваныя паўторна: { $rows }.
work-upload-refused = { $file }: памылкі ў радках ({ $rows }); нічога не імпартавана. Выпраўце іх і загрузіце ўвесь файл зноў.
work-record-title = Запісаць акцыю
work-record-intro = Адна акцыя, з праверкамі `marathon record`. Каб выправіць запіс, пазначце яго нумар: запоўненыя палі заменяць яго значэнні, астатнія застануцца. Каб цалкам адклікаць запіс, пазначце нумар і адзначце «адклікаць».
work-record-corrects = Нумар запісу для выпраўлення (пуста для новай акцыі)
work-record-withdraw = Адклікаць гэты запіс (ён унесены памылкова)
work-record-button = Запісаць
work-record-nothing = Нічога не запісана; гл. адзначаныя палі ніжэй.
work-record-done = Запісаны запіс { $entry }: { $count } × { $kind } для { $case }.
work-withdraw-title = Адклікаць публічныя акцыі
work-withdraw-intro = Праглядзіце акцыі, пацверджаныя праз публічную форму за прамежак часу (UTC), з адной сеткі (прэфікс IP: /24 ці /48) або з аднаго паштовага дамена, і адклічце іх разам. Кожнае адкліканне захоўваецца ў рэестры з вашым імем і прычынай.
work-withdraw-from = Пацверджаныя з (UTC)
work-withdraw-until = Пацверджаныя да (UTC)
work-withdraw-ip = Прэфікс IP, напрыклад 203.0.113.0/24
work-withdraw-domain = Паштовы дамен, напрыклад example.org
work-withdraw-show = Паказаць акцыі
work-withdraw-bad-time = Пазначце час віду 2026-12-10T09:30.
work-withdraw-bad-ip = Пазначце IP-адрас або прэфікс, напрыклад 203.0.113.0/24.
work-withdraw-bad-domain = Пазначце дамен, напрыклад example.org.
work-withdraw-no-condition = Пазначце прамежак часу, прэфікс IP або паштовы дамен; нічога не адклікана.
work-withdraw-no-reason = Пазначце прычыну; нічога не адклікана.
work-withdraw-found = { $entries }, { $actions }
work-withdraw-reason = Прычына (захоўваецца ў рэестры)
work-withdraw-button = Адклікаць: { $entries } ({ $actions })
work-withdraw-done = Адклікана: { $entries } ({ $actions }).
work-col-entry = Запіс
work-col-confirmed = Пацверджаны (UTC)
work-col-action = Акцыя
work-col-ip = Прэфікс IP
work-col-domain = Паштовы дамен
# volunteer
invite-mail-subject = Вашы лісты: { $campaign }
invite-mail-body = Вітаем, { $name }!

    Дзякуй, што пішаце разам з намі! Вашы лісты, людзі, якім вы пішаце, і кнопкі, каб паведаміць нам пра адпраўку ліста, — на вашай асабістай старонцы:
    { $link }

    Гэтая спасылка толькі для вас: калі ласка, не перасылайце яе. Яна дзейнічае да { $expires }.

    { $campaign }
vol-title = Вашы лісты
vol-hello = Вітаем, { $name }!
vol-prisoners = Каму вы пішаце
vol-letters = Вашы лісты
vol-letter-to = Каму: { $name }
vol-original = Ліст для адпраўкі
vol-translation = Ваш пераклад: пакіньце яго сабе, не кладзіце ў канверт
vol-print = Надрукаваць гэты ліст
vol-print-all = Надрукаваць усе вашы папяровыя лісты
vol-state = Стан
vol-report = Паведаміце, што адбылося
vol-date = Дата
vol-do-posted = Адпраўлена
vol-do-replied = Прыйшоў адказ
vol-do-returned = Вярнулася
vol-appeals = Вашы звароты да ўладаў
vol-history = Ваша гісторыя
vol-history-empty = Пакуль нічога не запісана.
vol-recorded = Запісана. Дзякуй!
vol-bad-date = Дата мусіць быць днём кампаніі і не ў будучыні.
vol-none = Тут пакуль нічога няма.
vol-no-session-title = Адкрыйце вашу асабістую спасылку
vol-no-session = Гэтая старонка адкрываецца па асабістай спасылцы з ліста-запрашэння. Калі не можаце яе знайсці, звярніцеся да каардынатараў кампаніі.
vol-gone-title = Тут нічога няма
vol-gone = Такой старонкі няма. Магчыма, спасылка састарэла або набрана з памылкай.
vol-state-none = пакуль няма звестак
vol-state-sent = адпраўлена, адказу яшчэ няма
vol-state-delivered = дастаўлена
vol-state-deferred = чакае паўторнай адпраўкі
vol-state-failed = не ўдалося даставіць
vol-state-posted = адпраўлена поштай
vol-state-received = атрымана
vol-state-replied = прыйшоў адказ
vol-state-returned = вярнулася
vol-state-withheld = затрымана
vol-limit = З вашага адраса нядаўна адкрылі шмат асабістых спасылак.
vol-again-title = Даслаць маю спасылку яшчэ раз
vol-again-intro = Пазначце адрас, на які прыйшло запрашэнне, і мы зноў адправім на яго вашу асабістую спасылку.
vol-again-email = Ваш адрас электроннай пошты
vol-again-button = Даслаць спасылку
vol-again-sent = Калі гэты адрас належыць валанцёру кампаніі, спасылка ўжо ў дарозе. Праверце пошту праз некалькі хвілін.

# letter edit
edit-open = Змяніць ліст перад друкам
edit-label = Ліст для адпраўкі, як вы хочаце яго даслаць
edit-rules = Правяраецца па правілах краіны вязня падчас набору і яшчэ раз пры захаванні. Адхіляецца (такі ліст выкінуць, таму ён не захоўваецца): не той алфавіт або мова, тэкст даўжэйшы за мяжу, пусты тэкст. Папярэджанне (захоўваецца, але падумайце яшчэ раз): слова або тэма, праз якія ліст могуць затрымаць.
edit-save = Захаваць мой тэкст
edit-revert = Вярнуць першапачатковы тэкст
edit-refused = Адхілена: такі ліст выкінуць.
edit-warned = Папярэджанне: праз гэта ліст могуць затрымаць.
edit-clean = Правілы краіны не знайшлі праблем.
edit-word = «{ $word }» ({ $topic }), радок { $line }
edit-empty = Ліст пусты. Каб вярнуць створаны тэкст, націсніце «Вярнуць першапачатковы тэкст».
edit-too-long = Ліст занадта доўгі.
edit-limit = За кароткі час захавана шмат правак.
edit-refused-title = Ваш тэкст не захаваны
edit-saved = Ваш тэкст захаваны. Ён будзе ў версіі для друку.
edit-yours = (ваш тэкст)

# admin volunteers
vols-title = Валанцёры і тыя, хто запісаўся
vols-summary = Адрасная кніга: { $book } · Запісаліся на сайце: { $signups } (чакаюць спасылку: { $pending })
vols-caption = Усе валанцёры з адраснай кнігі і тыя, хто запісаўся на сайце. Адрасы пошты паказаны не цалкам.
vols-col-name = Імя
vols-col-email = Пошта
vols-col-city = Горад
vols-col-country = Краіна
vols-col-languages = Піша на
vols-col-state = Адкуль, стан
vols-col-prisoners = Прызначаныя вязні
vols-book = адрасная кніга
vols-book-web = адрасная кніга (запісаўся на сайце)
vols-web-confirmed = запіс на сайце, пацверджаны
vols-web-pending = запіс на сайце, чакае спасылку
