"""What customers and agents write at the help desk (authored, not Faker).

Each kind of ticket carries its subject, description, resolution, the customer's follow-ups,
the agent's replies and internal notes, all with the same slots (``{plan}``, ``{inv}``,
``{endpoint}``, ``{idp}``, ``{order}``, ``{day}``), so everything on a ticket tells one story.
A few follow-ups fit any ticket. Article summaries say what each knowledge-base article covers.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["TicketKind", "TICKETS", "CUSTOMER_FOLLOW_UPS", "AGENT_HOLDING_REPLIES", "ARTICLE_SUMMARIES"]

class TicketKind(NamedTuple):
    """One kind of ticket and everything written on it (slots as in the subject)."""

    subject: str
    description: str
    resolution: str
    customer: tuple[str, ...]  # the customer's follow-ups
    replies: tuple[str, ...]  # the agent's public replies
    notes: tuple[str, ...]  # internal notes


TICKETS: dict[str, tuple[TicketKind, ...]] = {
    "billing": (
        TicketKind(
            "Charged twice for the {plan} subscription",
            "Our card was charged twice for the {plan} plan this month. Please refund the duplicate payment.",
            "Refunded the duplicate charge; it should show on the card within 5-10 business days.",
            ("I've attached a screenshot of both charges.", "Thanks, but I still don't see the refund on our statement."),
            ("I can see the duplicate charge and I've asked our billing team to refund it.", "The refund is processed on our side. It can take 5-10 business days to appear."),
            ("Duplicate charge confirmed in the payment provider dashboard.",),
        ),
        TicketKind(
            "Refund request for invoice {inv}",
            "We cancelled before the renewal date but were still billed on invoice {inv}. Can we get a refund?",
            "Confirmed the cancellation date and refunded invoice {inv} in full.",
            ("We cancelled on the 2nd, I can forward the confirmation email.", "Would a credit on our next invoice be faster?"),
            ("Could you forward the cancellation confirmation you received?", "I've refunded invoice {inv}. You'll get a receipt by email."),
            ("Cancellation was logged a day before renewal, refund is justified.",),
        ),
        TicketKind(
            "Invoice {inv} shows the wrong VAT number",
            "Invoice {inv} has our old VAT number on it. Our finance team needs a corrected copy to process it.",
            "Updated the VAT number on the account and sent a corrected copy of invoice {inv}.",
            ("Our new VAT number is on the attached certificate.", "Can you send the corrected invoice to our accounts team as well?"),
            ("I've updated your VAT number and attached the corrected invoice.", "Could you confirm the new VAT number exactly as it should appear?"),
            ("VAT change needs the new certificate on file before we reissue.",),
        ),
        TicketKind(
            "Cannot update the credit card on file",
            "Every time I try to save our new card on the billing page I get 'payment method declined', but the card works everywhere else.",
            "The bank had blocked the verification charge; the card saved once the customer approved it.",
            ("Tried again with another browser, same error.", "The bank says they see no attempt from you."),
            ("This usually happens when the bank blocks the small verification charge. Could you ask them to allow it?", "Could you try once more? I've reset the payment form on our side."),
            ("Payment provider shows the verification charge was declined by the issuer.",),
        ),
        TicketKind(
            "Upgrade to {plan} not reflected on my account",
            "I upgraded to the {plan} plan yesterday and was charged, but the account still shows the old limits.",
            "Synced the subscription manually; the account now shows the {plan} limits.",
            ("Still showing the old seat limit this morning.", "It works now, thanks!"),
            ("Thanks for your patience. I've synced your subscription, could you refresh and check?", "I can confirm the payment for the {plan} plan went through."),
            ("Subscription sync job failed for this account, fixed by hand.",),
        ),
        TicketKind(
            "Unexpected overage fee on invoice {inv}",
            "Invoice {inv} includes an overage fee we don't understand. We stayed under our seat count all month.",
            "Explained that deactivated users still counted for a week; credited the fee as a one-time courtesy.",
            ("We deactivated two users at the start of the month, could that be it?", "Thanks for the explanation and the credit."),
            ("The fee comes from seats that were active for part of the month. I've attached the breakdown.", "As a one-time courtesy I've credited the overage fee."),
            ("Customer is on an old price plan, check before issuing credit.",),
        ),
        TicketKind(
            "Need a copy of invoice {inv}",
            "Our accountant needs a PDF copy of invoice {inv} for the audit. I can't find it in the billing history.",
            "Sent the PDF of invoice {inv} and showed the customer where past invoices are.",
            ("Got it, thank you!",),
            ("I've attached the PDF of invoice {inv}. Past invoices are under Settings > Billing > History.",),
            ("Invoice was generated under the old billing contact, that's why it's hidden.",),
        ),
        TicketKind(
            "Cancel auto-renewal of the {plan} plan",
            "Please turn off auto-renewal for our {plan} plan. We'll decide about renewing closer to the date.",
            "Turned off auto-renewal for the {plan} plan and confirmed by email.",
            ("Can you confirm the date our plan ends?",),
            ("Auto-renewal is off. Your {plan} plan stays active until the end of the current term.",),
            ("Customer may be evaluating competitors, flagged to the account manager.",),
        ),
    ),
    "technical": (
        TicketKind(
            "API returns 500 errors on /v2/{endpoint}",
            "Since this morning about a third of our calls to /v2/{endpoint} fail with a 500 error. Nothing changed on our side.",
            "Fixed by today's backend release; the customer confirmed the 500 errors on /v2/{endpoint} stopped.",
            ("Here are the request IDs from our logs for the failed calls.", "This is blocking our release, is there an ETA?"),
            ("Thanks for the details. Could you send the request ID of one of the failed calls?", "Our engineers found the cause and a fix is rolling out today."),
            ("Reproduced on staging. Looks related to Tuesday's deploy.",),
        ),
        TicketKind(
            "Login page times out",
            "The login page keeps spinning and then times out for everyone in our office. Other sites load fine.",
            "The customer's proxy was blocking our new CDN domain; login works after they allowed it.",
            ("We tried a different browser and it's the same.", "Our IT team says nothing changed on our end."),
            ("Could you check whether your office proxy allows our new CDN domain?", "Could you try from a phone on mobile data, to rule out the network?"),
            ("Only this customer's office network is affected; looks like a proxy issue.",),
        ),
        TicketKind(
            "Webhook deliveries failing since {day}",
            "Our endpoint hasn't received any webhooks since {day}. The dashboard shows the deliveries as failed with a timeout.",
            "The customer's firewall was blocking our webhook IPs; deliveries resumed after they allowlisted them.",
            ("Our endpoint responds in under a second when we test it.", "It started working again an hour ago. Was something fixed on your side?"),
            ("Our logs show timeouts when connecting to your endpoint. Could you check your firewall for our IP ranges?", "Failed deliveries are retried for 3 days, so nothing should be lost."),
            ("Logs show connection timeouts from their endpoint, not on our side.",),
        ),
        TicketKind(
            "CSV export of {endpoint} is empty",
            "When I export {endpoint} to CSV the file only has the header row, even though the table shows hundreds of rows.",
            "The export job timed out on the large table; re-ran it in batches and sent the file.",
            ("It happens with every date range I try.",),
            ("I've run the export on our side and attached the file while we look into it.", "Could you try exporting a smaller date range for now?"),
            ("Export job times out after 60 seconds on tables this size.",),
        ),
        TicketKind(
            "Mobile app crashes on startup",
            "After the latest update the mobile app closes right after the splash screen. Reinstalling didn't help.",
            "Known issue in app version 5.2; the 5.2.1 update fixes the crash and the customer confirmed.",
            ("It's an Android phone, if that helps.", "The update fixed it, thank you!"),
            ("Thanks for reporting this. Which phone model and OS version are you using?", "Version 5.2.1 is out with a fix. Could you update and let me know?"),
            ("Same crash as the other 5.2 reports, engineering is on it.",),
        ),
        TicketKind(
            "SSO with {idp} stopped working",
            "Our users can't sign in through {idp} anymore. They get 'invalid SAML response' after entering their password.",
            "The {idp} signing certificate had expired; the customer's IT team uploaded the new one and SSO works again.",
            ("Our IT admin is available for a call this afternoon.", "Nobody can log in, this is urgent for us."),
            ("This usually means the signing certificate changed. Could your IT team check the certificate in {idp}?", "I've sent your admin the steps to upload the new certificate."),
            ("SAML response is signed with a certificate we don't have on file.",),
        ),
        TicketKind(
            "Rate limit errors on /v2/{endpoint}",
            "We're getting 429 responses on /v2/{endpoint} even though we send far fewer requests than our plan allows.",
            "Their account still had the old plan's rate limit; raised it to match the plan.",
            ("We send about 20 requests a minute at most.",),
            ("You're right, your limit didn't update with the plan change. I've raised it.", "Could you tell me roughly how many requests you send per minute?"),
            ("Rate limit config still on the old plan for this account.",),
        ),
        TicketKind(
            "Dashboard charts not loading",
            "The charts on the main dashboard stay blank. The tables load, but every chart shows a spinner forever.",
            "Cleared the stale chart cache on our side and the dashboard loads again.",
            ("Still blank this morning.", "Charts are back, thanks!"),
            ("Could you try clearing your browser cache and reloading the dashboard?", "We found a stale cache on our side and cleared it. Could you check again?"),
            ("Chart service returned errors for this workspace only.",),
        ),
        TicketKind(
            "Password reset email never arrives",
            "Two of our users requested a password reset several times and never got the email. It's not in spam either.",
            "Our emails were bouncing at the customer's mail server; they allowlisted our domain.",
            ("Other emails from you arrive fine.",),
            ("Our logs show the emails bounced at your mail server. Could your IT team allowlist our sending domain?",),
            ("Bounce reason: rejected by recipient server policy.",),
        ),
    ),
    "accounts": (
        TicketKind(
            "Add a new admin to our workspace",
            "Our new IT manager needs admin rights in our workspace. The current admin is on leave, can you help?",
            "Added the new admin after the account owner approved by email.",
            ("The owner approved it by email, forwarding it now.",),
            ("For security, we need the account owner to approve this change by email.", "Your new admin is set up and can sign in now."),
            ("Owner approval still missing, don't change anything yet.",),
        ),
        TicketKind(
            "Reset two-factor authentication",
            "I got a new phone and lost access to my authenticator app. Please reset two-factor authentication on my account.",
            "Verified the requester's identity and reset two-factor authentication.",
            ("I can verify my identity with a call if that helps.", "Thanks! I can log in again."),
            ("Before we reset it, we need to verify your identity. I'll call the number on file.", "I've reset two-factor authentication. You'll set it up again at your next login."),
            ("Identity verified by phone.",),
        ),
        TicketKind(
            "Change the account owner email",
            "The account owner left the company. Please move ownership to my email address.",
            "Transferred account ownership after written approval from the company's admin.",
            ("Our CEO can confirm this in writing.",),
            ("Since the owner has left, we need written approval from another admin of your company.",),
            ("Approval received from the CFO, transferring ownership.",),
        ),
        TicketKind(
            "Delete my account and all data",
            "We've stopped using the product. Please delete our account and all the data you hold about us.",
            "Deleted the account and all data; sent the deletion confirmation to the customer.",
            ("Will we get a confirmation once it's done?",),
            ("Sorry to see you go. Please confirm you want everything deleted, this can't be undone.", "Your account and data are deleted. A confirmation is on its way."),
            ("Checked there are no open invoices before deleting.",),
        ),
        TicketKind(
            "Merge two workspaces into one",
            "We ended up with two workspaces after an acquisition. Can you merge them into one and keep all projects?",
            "Merged the two workspaces; all projects and users are in the main one.",
            ("How long will the workspaces be unavailable during the merge?",),
            ("We can merge them tonight; both workspaces will be read-only for about an hour.", "The merge is done. Everything is in your main workspace now."),
            ("Merge scheduled for tonight's maintenance window.",),
        ),
        TicketKind(
            "Transfer seats to another team",
            "We'd like to move ten unused seats from the marketing workspace to engineering.",
            "Moved ten seats from the marketing workspace to engineering.",
            ("Thanks, that was quick!",),
            ("Done, engineering now has ten more seats.",),
            ("Both workspaces are on the same contract, no billing change needed.",),
        ),
        TicketKind(
            "Locked out after too many login attempts",
            "I mistyped my password a few times and now my account is locked. I need access for a client meeting today.",
            "Unlocked the account and sent the customer a password reset link.",
            ("How long does this usually take?", "Thanks! I can log in again."),
            ("Your account is unlocked. I've also sent you a password reset link, just in case.",),
            ("Lockout triggered by 8 failed attempts in 5 minutes.",),
        ),
    ),
    "shipping": (
        TicketKind(
            "Order {order} arrived damaged",
            "Order {order} arrived with the box crushed and the device screen cracked. I have photos of the packaging.",
            "Sent a replacement for order {order} by express shipping with a prepaid return label.",
            ("I've attached photos of the box and the damage.", "Do I need to send the damaged one back?"),
            ("Sorry about that! I've arranged a replacement, which ships today.", "Yes please, use the prepaid return label attached here."),
            ("Customer has had two damaged deliveries this quarter.",),
        ),
        TicketKind(
            "Package for order {order} stuck in transit",
            "Tracking for order {order} hasn't moved in six days. It just says 'in transit' at the regional hub.",
            "The carrier found the package at the hub; order {order} was delivered the next morning.",
            ("Tracking still shows no movement.",),
            ("I've opened a trace with the carrier and will update you as soon as I hear back.", "Good news: the carrier found your package and it's out for delivery."),
            ("Carrier trace opened.",),
        ),
        TicketKind(
            "Wrong item delivered in order {order}",
            "I ordered the 27-inch monitor but order {order} contained a 24-inch one. Please send the right model.",
            "Shipped the 27-inch monitor and arranged pickup of the wrong one.",
            ("I'm home all day tomorrow if the courier can come then.",),
            ("Sorry for the mix-up! The right monitor ships today, and a courier will pick up the other one.",),
            ("Warehouse confirms the wrong item was packed.",),
        ),
        TicketKind(
            "Change the delivery address for order {order}",
            "I'm moving this week. Can you change the delivery address of order {order} before it ships?",
            "Updated the delivery address of order {order} before dispatch.",
            ("The new address is in my profile now.",),
            ("Done, order {order} will go to your new address.",),
            ("Caught it before the warehouse printed the label.",),
        ),
        TicketKind(
            "Order {order} marked delivered but never arrived",
            "Tracking says order {order} was delivered yesterday, but nothing came. My neighbors haven't seen it either.",
            "The carrier confirmed the package was lost; issued a full refund for order {order}.",
            ("Still nothing today.", "Would you rather refund or resend?"),
            ("I'm sorry! I've opened a claim with the carrier, which usually takes two business days.", "The carrier confirmed it's lost, so I've refunded the order in full."),
            ("Carrier claim opened.",),
        ),
        TicketKind(
            "Return label for order {order} not working",
            "The return label for order {order} gives an 'invalid label' error at the post office.",
            "Generated a new return label for order {order} and emailed it to the customer.",
            ("I tried two different post offices.",),
            ("Your new return label is attached to this message.",),
            ("Old label was created with the wrong carrier account.",),
        ),
    ),
}

# Written on any ticket of the team (mixed with the kind's own lines).
CUSTOMER_FOLLOW_UPS = (
    "Any update on this?", "Thanks for the quick reply.", "Is there anything else you need from me?",
    "Just checking in, we're still waiting on this.",
)
AGENT_HOLDING_REPLIES = (
    "Thanks for your patience, we're looking into this now.", "I'll update you as soon as I hear back from the team.",
    "Just following up: is this still an issue for you?",
)

ARTICLE_SUMMARIES: dict[str, str] = {
    # billing
    "How refunds are processed": "When refunds are issued, how long they take to reach your card, and how to track one.",
    "Understanding your invoice": "A line-by-line guide to your invoice: plan charges, seats, taxes and credits.",
    "Updating your payment method": "How to add or replace the credit card or bank account on file, and why a card can be declined.",
    "Changing or cancelling your plan": "How to upgrade, downgrade or cancel your plan, and what happens to your data.",
    "Why was I charged twice?": "Common reasons for a duplicate charge, such as pending authorizations, and how we refund them.",
    "Adding a VAT or tax ID": "Add or change the VAT or tax ID printed on your invoices, and get corrected invoices.",
    "Overage fees explained": "When usage above your plan creates an overage fee and how to avoid it.",
    "Downloading past invoices": "Where to find invoice PDFs in the billing history and how to send them to your accountant.",
    "Prorated charges when upgrading": "How we prorate charges when you upgrade in the middle of a billing period.",
    "Payment failed: what to do next": "What happens when a payment fails, how many retries we make, and how to pay manually.",
    "Switching from monthly to annual billing": "Move your plan to annual billing and see how the remaining month is credited.",
    "Billing contacts and receipts": "Choose who receives invoices and payment receipts by email.",
    # technical
    "Troubleshooting API 500 errors": "Steps to diagnose 500 errors from the API: request IDs, status page, retries.",
    "Configuring SSO with Okta": "Set up SAML single sign-on with Okta, including certificates and attribute mapping.",
    "Configuring SSO with Azure AD": "Set up SAML single sign-on with Azure AD and fix invalid SAML responses.",
    "Webhook retries and failure alerts": "How webhook deliveries are retried, why they time out, and how to get failure alerts.",
    "API rate limits and how to handle them": "The request limits of each plan, 429 responses, and backoff strategies.",
    "Exporting data to CSV": "Export tables to CSV, and what to do when a large export is empty or times out.",
    "Fixing mobile app crashes after an update": "Update, clear the app data or reinstall when the mobile app crashes on startup.",
    "Clearing the browser cache": "Clear the cache in Chrome, Firefox, Safari and Edge to fix pages that won't load.",
    "Supported browsers": "The browsers and versions the web app supports.",
    "Password reset emails not arriving": "Why password reset emails get lost: spam filters, mail servers and allowlists.",
    "Dashboard performance tips": "Make dashboards and charts load faster with filters and smaller date ranges.",
    "API authentication with tokens": "Create, rotate and revoke API tokens, and fix 401 errors.",
    "Migrating to API v2": "What changed in API v2, which endpoints moved, and how to migrate step by step.",
    "Setting up webhook signatures": "Verify webhook signatures so your endpoint only accepts our deliveries.",
    "Status page and incident updates": "Subscribe to the status page for incident and maintenance updates.",
    # accounts
    "Resetting two-factor authentication": "How to reset two-factor authentication after losing your phone, and the identity checks we need.",
    "Adding and removing admins": "Give or remove admin rights in a workspace, and what admins can do.",
    "Changing the account owner": "Transfer account ownership to another person, with the owner's approval.",
    "Deleting your account and data": "Permanently delete an account and all its data, and what we keep for legal reasons.",
    "Merging workspaces": "Combine two workspaces into one, keeping projects, users and history.",
    "Managing seats and licenses": "Add, remove or move seats and licenses between workspaces.",
    "Unlocking a locked account": "Why accounts lock after failed login attempts and how to unlock yours.",
    "Roles and permissions overview": "The roles in a workspace and what each one can see and change.",
    "Single sign-on enforcement": "Require SSO for every user of a workspace and manage exceptions.",
    "Audit log of account changes": "Find who changed what in your account with the audit log.",
    # shipping
    "Reporting a damaged delivery": "Report a delivery that arrived damaged, with photos, to get a replacement or refund.",
    "Tracking a package in transit": "Track your order and what to do when a package is stuck in transit.",
    "Returning a wrong item": "Send back an item you didn't order and get the right one shipped.",
    "Changing a delivery address": "Change the delivery address of an order before it ships.",
    "Lost packages and claims": "What happens when a package is marked delivered but never arrives, and how claims work.",
    "Printing a return label": "Print a prepaid return label, and get a new one if yours doesn't scan.",
    "Delivery times by region": "Typical delivery times by region and shipping method.",
    "International shipping and customs": "Customs fees, paperwork and delivery times for international orders.",
}
