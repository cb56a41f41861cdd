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
act-title = I took action
act-intro = Tell us what you did for the campaign. We will email you a link: your action is counted when you open it and confirm, within 7 days. We keep your address only until then.
act-has-errors = Please correct the fields marked below.
act-field-kind = What did you do?
act-field-count = How many?
act-field-case = For whom?
act-field-country = Your country
act-field-group = Your group (optional)
act-field-email = Your email address
act-email-hint = We use it only to send the confirmation link.
act-honeypot = Leave this field empty
act-submit = Send me the confirmation link
act-choose-country = Choose your country
act-kind-appeal = Letters to the authorities
act-kind-solidarity = Letters or cards to the prisoner
act-kind-email = Emails
act-kind-fax = Faxes
act-kind-petition = Petition signatures
act-kind-social = Social media posts
act-kind-event = Public events
act-kind-other = Something else
act-error-kind = Choose what you did.
act-error-count = Enter a whole number within the allowed range.
act-error-case = Choose one of the campaign's cases.
act-error-country = Choose your country.
act-error-group = The group name is too long or contains characters we cannot keep.
act-error-email = Enter an email address such as name@example.org.
act-closed = This form is closed for now. Please report your action to your group.
act-csrf-title = The form has expired
act-csrf = For your safety this form can only be sent from this site, and this one could not be checked. Please open the form again and send it once more.
act-csrf-confirm = For your safety the confirmation could not be checked. Please open the link from your email again.
act-again = Open the form again
act-confirm-again = Open the confirmation page again
act-sent-title = Check your email
act-sent = If the address is right, a confirmation link is on its way. Open it within 7 days to have your action counted.
act-limit-title = Too many attempts
act-limit-ip = Many actions were sent from your network in a short time.
act-limit-address = Many actions were sent for this email address in a short time.
act-limit-daily = This email address has received as many confirmation mails today as we send in one day.
act-limit-wait = Please try again in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
act-gone-title = This link is no longer valid
act-gone = The link has expired (links are valid for 7 days) or has been used already. Nothing was counted with it.
act-confirm-title = Confirm your action
act-confirm-intro = Please check what you reported and confirm it:
act-confirm-button = Confirm and count my action
act-thanks-title = Thank you!
act-thanks = { $count ->
        [one] Your action has been counted.
       *[other] Your { $countText } actions have been counted.
    }
act-mail-subject = Please confirm your action: { $campaign }
act-mail-body = Thank you for taking action for { $case }!

    You reported: { $kind }, { $countText }.

    To have it counted, open this link and press the confirm button:
    { $link }

    The link is valid until { $expires }. If you did not send this, ignore this email: nothing will be counted and your address will be deleted.

    { $campaign }
act-link = I took action: count mine

# volunteer
invite-mail-subject = Your letters for { $campaign }
invite-mail-body = Hello { $name },

    Thank you for writing with us! Your letters, the prisoners you write to and the buttons to tell us when a letter is posted are on your own page:
    { $link }

    This link is yours alone: please do not forward it. It works until { $expires }.

    { $campaign }
vol-title = Your letters
vol-hello = Hello, { $name }!
vol-prisoners = The people you write to
vol-letters = Your letters
vol-letter-to = To { $name }
vol-original = The letter to post
vol-translation = Your translation: keep it, do not post it
vol-print = Print this letter
vol-print-all = Print all your post letters
vol-state = State
vol-report = Tell us what happened
vol-date = Date
vol-do-posted = Posted
vol-do-replied = A reply came
vol-do-returned = Returned
vol-appeals = Your appeals to the authorities
vol-history = Your history
vol-history-empty = Nothing recorded yet.
vol-recorded = Recorded. Thank you!
vol-bad-date = The date must be a day of the campaign, not in the future.
vol-none = Nothing here yet.
vol-no-session-title = Open your personal link
vol-no-session = This page opens from the personal link in your invitation email. Ask the campaign's coordinators if you cannot find it.
vol-gone-title = Nothing here
vol-gone = There is no such page. A link may have expired, or been mistyped.
vol-state-none = not reported yet
vol-state-sent = sent, no answer yet
vol-state-delivered = delivered
vol-state-deferred = waiting to be sent again
vol-state-failed = could not be delivered
vol-state-posted = posted
vol-state-received = received
vol-state-replied = a reply came
vol-state-returned = came back
vol-state-withheld = withheld
vol-limit = Many personal links were opened from your network in a short time.
vol-again-title = Email me my link again
vol-again-intro = Give the email address your invitation went to, and we will send your personal link to it again.
vol-again-email = Your email address
vol-again-button = Send my link
vol-again-sent = If this address belongs to a volunteer of the campaign, their link is on its way. Check your inbox in a few minutes.
