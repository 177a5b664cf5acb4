package com.hotcrm.ai.knowledge;

import java.util.List;

/**
 * A help centre of twenty articles on distinct tasks, each with two questions that ask for it in other
 * words (few of the article's own terms): the known answer of every question is its article.
 */
final class Articles {

    record Article(String id, String title, String category, String summary, String body, List<String> questions) {
    }

    private Articles() {
    }

    static final List<Article> ALL = List.of(
            new Article("kb_01", "Password Reset Guide", "FAQ", "Reset a forgotten password from the login page.",
                    "If you forgot your password you can set a new one yourself.\n1. Go to the login page\n2. Click 'Forgot Password'\n"
                            + "3. Enter your email address\n4. Open the link we email you and choose a new password",
                    List.of("I can't remember my sign-in secret, how do I get back into my account?",
                            "How do I change my login credentials when I've lost them?")),
            new Article("kb_02", "Email Notification Settings", "Product Guide", "Configure when and how you receive email notifications.",
                    "Notifications are sent by email when records you follow change.\n1. Open Settings\n2. Choose Notifications\n"
                            + "3. Tick the events you want mails about and pick daily digest or instant",
                    List.of("Stop the app from sending me so many messages in my inbox",
                            "Where can I choose which alerts arrive by mail?")),
            new Article("kb_03", "Downloading Invoices", "FAQ", "Get PDF copies of your invoices.",
                    "Billing administrators can download every invoice as a PDF from the Billing page. Select the month and "
                            + "press Download.",
                    List.of("Where do I get a copy of last month's bill for accounting?",
                            "How can finance obtain our billing statements as documents?")),
            new Article("kb_04", "Importing Contacts from a CSV File", "How-To", "Bulk-load contacts from a spreadsheet.",
                    "1. Export your contacts to a comma separated file\n2. Open Contacts and click Import\n"
                            + "3. Map the columns to fields\n4. Start the import and review the errors report",
                    List.of("How can I bring my address book from a spreadsheet into the system?",
                            "Bulk upload of people from Excel")),
            new Article("kb_05", "Two-Factor Authentication", "Policy", "Protect your account with a second sign-in step.",
                    "All users must enable two-factor authentication. Install an authenticator app, scan the QR code under "
                            + "Security, and enter the six digit code at every sign-in.",
                    List.of("Do I need an authenticator app with a one-time code on my phone when logging in?",
                            "How do I add an extra verification step to protect my login?")),
            new Article("kb_06", "Creating a Sales Opportunity", "How-To", "Track a potential deal in the pipeline.",
                    "1. Open the account\n2. Click New Opportunity\n3. Enter the amount, stage and expected close date\n4. Save",
                    List.of("How do I record a potential deal with a customer in the pipeline?",
                            "Add a new prospective sale with its value and expected closing")),
            new Article("kb_07", "Exporting Reports to Excel", "Product Guide", "Save any report as a spreadsheet.",
                    "Every report has an Export button that writes an XLSX spreadsheet with the rows currently shown.",
                    List.of("Can I get my dashboard figures out into a spreadsheet file?",
                            "How do I save report results as an xlsx workbook?")),
            new Article("kb_08", "Cancelling Your Subscription", "Policy", "End your plan at the end of the billing period.",
                    "Owners can cancel the plan under Billing. The service stays active until the end of the paid period and "
                            + "no refund is given for unused days.",
                    List.of("I want to stop paying and end our plan, what happens to the remaining days?",
                            "How do we terminate our contract with you?")),
            new Article("kb_09", "Mobile App Installation", "How-To", "Use HotCRM on iPhone and Android.",
                    "Download HotCRM from the App Store or Google Play, open it and sign in with your work email.",
                    List.of("Is there a version for my phone and where do I download it?",
                            "Can I use the CRM on my iPhone or Android device?")),
            new Article("kb_10", "Merging Duplicate Records", "Troubleshooting", "Combine two records for the same customer.",
                    "When the same company was entered twice, open one record, choose Merge, pick the other and decide which "
                            + "field values to keep.",
                    List.of("The same company appears twice in my list, how do I combine them into one?",
                            "How to clean up repeated customer entries")),
            new Article("kb_11", "API Rate Limits", "Product Guide", "How many API requests you may send.",
                    "Standard plans may send 1000 API requests per hour, Premium 10000. A request over the limit gets HTTP 429 "
                            + "with a Retry-After header.",
                    List.of("Why do my integration calls get error 429 too many requests?",
                            "How many programmatic calls per hour are we allowed?")),
            new Article("kb_12", "Setting Up Webhooks", "How-To", "Get a callback when records change.",
                    "1. Open Settings and choose Webhooks\n2. Enter the URL of your endpoint\n3. Pick the object and events\n"
                            + "4. Save and keep the signing secret",
                    List.of("How can my server be notified automatically whenever a record is updated?",
                            "Push changes to our own system with HTTP callbacks")),
            new Article("kb_13", "Slow Page Loading", "Troubleshooting", "What to do when screens take long to open.",
                    "Clear the browser cache, disable extensions and check your connection. If pages stay slow, send us the "
                            + "request id shown in the footer.",
                    List.of("Everything is taking ages to open in my browser, what can I do?",
                            "The application is sluggish and screens hang")),
            new Article("kb_14", "Data Retention and Deletion", "Policy", "How long we keep your data.",
                    "Deleted records stay in the recycle bin for 30 days and are then erased. Backups are kept for 90 days.",
                    List.of("How long do you store information after I remove it?",
                            "When is erased customer data gone for good?")),
            new Article("kb_15", "Adding Users to Your Team", "How-To", "Invite colleagues and give them a role.",
                    "Administrators open Users, click Invite, enter the colleague's email and choose their role.",
                    List.of("How do I give a new colleague access to our workspace?",
                            "Invite a coworker and assign permissions")),
            new Article("kb_16", "Release Notes: Version 5.2", "Release Notes", "What is new in version 5.2.",
                    "Version 5.2 adds dark mode, faster search, and AI lead scoring. The old reports editor was removed.",
                    List.of("What changed in the latest update?",
                            "Which new features shipped in 5.2?")),
            new Article("kb_17", "Customizing Fields on Objects", "Product Guide", "Add your own fields to any object.",
                    "Administrators can add custom fields under Setup, Objects: choose the object, click New Field, pick a type "
                            + "such as text, number or picklist.",
                    List.of("Can I add my own attribute like a loyalty tier to accounts?",
                            "How to extend the data model with extra properties")),
            new Article("kb_18", "Logging a Call", "How-To", "Record a phone conversation with a customer.",
                    "1. Open the contact\n2. Click Log Activity and choose Call\n3. Write the outcome and the sentiment\n4. Save",
                    List.of("I just spoke with a client on the phone, how do I note that conversation?",
                            "Record a telephone conversation in the customer's history")),
            new Article("kb_19", "Changing the Language", "FAQ", "Use HotCRM in your language.",
                    "Open your profile, choose Language and pick one of the twelve supported languages, such as German or "
                            + "Japanese.",
                    List.of("Can I switch the interface to German?",
                            "How do I display the application in Spanish instead of English?")),
            new Article("kb_20", "Payment Methods", "FAQ", "Pay by card or bank transfer.",
                    "We accept Visa, Mastercard and American Express, and bank transfer for annual plans.",
                    List.of("Which credit cards do you take?",
                            "Can we settle our bill with a wire transfer?")));
}
