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

# signup
join-title = Write letters with us
join-intro = Sign up to write letters to political prisoners. We will email you a link: your sign-up counts when you open it and confirm, within 7 days. Then we give you prisoners to write to, in a language you write, and send you your personal page.
join-has-errors = Please correct the fields marked below.
join-field-name = Your name, as you will sign your letters
join-field-email = Your email address
join-field-city = Your city
join-field-country = Your country
join-field-languages = Languages you can write a letter in
join-email-hint = We use it to send the confirmation link and, once you are confirmed, your letters.
join-submit = Send me the confirmation link
join-closed = Sign-up is closed for now. Please ask your group.
join-error-name = Enter your name (at most 100 characters).
join-error-city = Enter your city (at most 100 characters).
join-error-languages = Choose at least one language you write.
join-limit-ip = Many sign-ups were sent from your network in a short time.
join-sent-title = Check your email
join-sent = If the address is right, a confirmation link is on its way. Open it within 7 days to complete your sign-up.
join-gone = The link has expired (links are valid for 7 days) or is not known. Nothing was kept from it.
join-again = Sign up again
join-confirm-title = Confirm your sign-up
join-confirm-intro = Please check your details and confirm:
join-confirm-button = Confirm my sign-up
join-thanks-title = Welcome!
join-thanks = { $count ->
        [one] You are signed up, and one prisoner is waiting for your letter.
       *[other] You are signed up, and { $count } prisoners are waiting for your letters.
    }
join-thanks-later = You are signed up. A coordinator will give you prisoners to write to.
join-thanks-next = A coordinator will send you a link to your personal page with the letters and the addresses.
join-mail-subject = Please confirm your sign-up: { $campaign }
join-mail-body = Hello { $name },

    thank you for signing up to write letters with { $campaign }. Please confirm your sign-up by opening this link:

    { $link }

    The link is valid until { $expires }. If you did not sign up, ignore this email: your address will be deleted.

    { $campaign }
join-link = Write letters with us: sign up
# admin
admin-nav = Coordinators
admin-overview = Overview
admin-logged-in-as = Logged in as { $name }
admin-logout = Log out
admin-login-title = Coordinators' login
admin-login-name = Name
admin-login-password = Password
admin-login-button = Log in
admin-login-expired = Your session has ended. Please log in again.
admin-logged-out = You are logged out.
admin-login-wrong = Wrong name or password.
admin-login-locked = Too many wrong passwords. Please wait a while before trying again.
admin-csrf = This form has expired. Please try again.
admin-volunteers-active = Volunteers with actions
admin-groups = Groups
admin-corrections = Corrections
admin-email = Email run
admin-email-total = { $n ->
        [one] { $nText } email letter
       *[other] { $nText } email letters
    }
admin-email-delivered = Delivered
admin-email-deferred = Deferred (will be retried)
admin-email-failed = Failed
admin-email-in_doubt = In doubt (no answer from the mail server)
admin-email-not_sent = Not sent yet
admin-email-live = These figures update by themselves while the page is open.
admin-per-day = Actions per day, by kind
admin-per-day-summary = Stacked bar chart of the actions counted each day from { $from } to { $to }; the most in one day: { $max }.
admin-per-kind = Actions by kind
admin-per-country = Actions by country
admin-per-case = Actions by case
admin-col-kind = Kind
admin-col-case = Case
admin-col-prisoner = Prisoner
admin-col-birthday = Birthday
admin-col-sent = Letters
admin-col-received = Confirmed received
admin-col-volunteer = Volunteer
admin-col-group = Group
admin-col-prisoners = Prisoners given
admin-fewest = Prisoners with the fewest letters
admin-none-received = No letter confirmed received
admin-birthdays = Birthdays in the next { $days } days
admin-silent = Volunteers who have reported nothing yet
admin-none = None.
admin-csv = Download as CSV

# steer
work-failed = Something went wrong; nothing was changed. The server's log says more.
work-upload-title = Upload a report
work-upload-intro = A group's report as CSV, tab-separated text, an .xlsx or .ods sheet, or JSON, with the columns of `marathon import`. Every row is checked first: if any row has a problem, nothing is imported.
work-upload-file = Report file
work-upload-button = Check and import
work-upload-unreadable = The upload could not be read; nothing was imported.
work-upload-empty = Choose a report file to upload; nothing was imported.
work-upload-nothing = The report could not be read; nothing was imported.
work-rows = { $count ->
        [one] { $text } row
       *[other] { $text } rows
    }
work-actions = { $count ->
        [one] { $text } action
       *[other] { $text } actions
    }
work-entries = { $count ->
        [one] { $text } public entry
       *[other] { $text } public entries
    }
work-upload-done = Imported { $rows } ({ $actions }) from { $file }.
work-upload-skipped = Already in the ledger and not imported again: { $rows }.
work-upload-refused = { $count ->
        [one] { $file }: { $rows } has a problem; nothing was imported. Correct it and upload the whole file again.
       *[other] { $file }: { $rows } have problems; nothing was imported. Correct them and upload the whole file again.
    }
work-record-title = Record an action
work-record-intro = One action, with the checks of `marathon record`. To correct an entry, give its number: the fields you fill replace its values, the others stay. To take an entry back entirely, give its number and tick "withdraw".
work-record-corrects = Correct entry number (empty for a new action)
work-record-withdraw = Withdraw that entry (it was recorded by mistake)
work-record-button = Record
work-record-nothing = Nothing was recorded; see the fields marked below.
work-record-done = Recorded entry { $entry }: { $count } { $kind } for { $case }.
work-withdraw-title = Withdraw public actions
work-withdraw-intro = Look at the actions confirmed on the public form in a time window (UTC), from one network (an IP prefix: /24 or /48) or from one email domain, and withdraw them together. Each withdrawal is kept in the ledger with your name and the reason.
work-withdraw-from = Confirmed from (UTC)
work-withdraw-until = Confirmed before (UTC)
work-withdraw-ip = IP prefix, e.g. 203.0.113.0/24
work-withdraw-domain = Email domain, e.g. example.org
work-withdraw-show = Show the actions
work-withdraw-bad-time = Give a time like 2026-12-10T09:30.
work-withdraw-bad-ip = Give an IP address or prefix, like 203.0.113.0/24.
work-withdraw-bad-domain = Give a domain, like example.org.
work-withdraw-no-condition = Give a time window, an IP prefix or an email domain; nothing was withdrawn.
work-withdraw-no-reason = Give a reason; nothing was withdrawn.
work-withdraw-found = { $entries }, { $actions }
work-withdraw-reason = Reason (kept in the ledger)
work-withdraw-button = { $count ->
        [one] Withdraw this entry ({ $actions })
       *[other] Withdraw these { $entries } ({ $actions })
    }
work-withdraw-done = Withdrew { $entries } ({ $actions }).
work-col-entry = Entry
work-col-confirmed = Confirmed (UTC)
work-col-action = Action
work-col-ip = IP prefix
work-col-domain = Email domain
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

# letter edit
edit-open = Edit this letter before printing
edit-label = The letter to post, as you want to send it
edit-rules = Checked against the rules of the prisoner's country as you type, and again when you save. Refused (the letter would be thrown away, so it is not saved): the wrong alphabet or language, a text over the length limit, an empty text. Warned (saved, but think again): a word or topic that can get the letter withheld.
edit-save = Save my text
edit-revert = Revert to the original
edit-refused = Refused: the letter would be thrown away.
edit-warned = Warning: this can get the letter withheld.
edit-clean = No problem found by the country's rules.
edit-word = «{ $word }» ({ $topic }), line { $line }
edit-empty = The letter is empty. To go back to the generated text, use “Revert to the original”.
edit-too-long = The letter is far too long.
edit-limit = Many edits were saved in a short time.
edit-refused-title = Your text was not saved
edit-saved = Your text is saved. The print view shows it.
edit-yours = (your text)

# admin volunteers
vols-title = Volunteers and sign-ups
vols-summary = Address book: { $book } · Web sign-ups: { $signups } (waiting for their link: { $pending })
vols-caption = Every volunteer, from the address book and from the web sign-ups. Email addresses are shown masked.
vols-col-name = Name
vols-col-email = Email
vols-col-city = City
vols-col-country = Country
vols-col-languages = Writes
vols-col-state = From, state
vols-col-prisoners = Assigned prisoners
vols-book = address book
vols-book-web = address book (signed up on the web)
vols-web-confirmed = web sign-up, confirmed
vols-web-pending = web sign-up, waiting for the link
