# UI text of the web pages, in English. Every file in this folder has the same messages.
skip-link = Skip to the content
languages = Languages
dates = { $from } to { $to }
headline = { $actions ->
        [one] { $actionsText } action
       *[other] { $actionsText } actions
    } from { $countries ->
        [one] { $countriesText } country
       *[other] { $countriesText } countries
    }
no-actions-yet = No actions have been counted yet.
cases-heading = The people we write for
case-actions = { $n ->
        [one] { $nText } action
       *[other] { $nText } actions
    }
case-goal = { $nText } of { $goalText } { $goal ->
        [one] action
       *[other] actions
    }
progress-label = Progress toward the goal for { $case }
per-day-heading = Actions per day
per-day-summary = Bar chart of the actions counted each day from { $from } to { $to }; the most in one day: { $max }.
figures = The figures
col-day = Day
col-actions = Actions
col-country = Country
countries-heading = Where the actions came from
other-countries = Other countries
privacy-note = Countries with only a few actions are counted together under “other countries”, so that no figure points at the few people behind it.
embed-heading = Put the counter on your site
embed-help = Copy this code into your web page:
embed-case = The counter for this case
embed-title = Live counter: { $campaign }
embed-actions = { $n ->
        [one] action
       *[other] actions
    }
embed-for = for { $case }
embed-more = About the campaign
live-note = The counter updates by itself while this page is open.
error-title = Something went wrong
error-not-found = There is no page at this address.
error-bad-request = This request could not be understood.
error-too-large = This request is too large.
error-timeout = This request took too long. Please try again.
error-server = Something went wrong on our side. Please try again later.
back-home = Back to the campaign page
