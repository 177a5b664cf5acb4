package com.hotcrm.devstack.demo;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A realistic, deterministic demo organisation, loaded through the API's own bulk path (batch create):
 * products and knowledge articles, then per block of 200 accounts their contacts, opportunities (with a
 * believable won/lost history and line items), activities, cases and leads. The same seed and scale
 * give the same data (ids aside); blocks load in parallel. The first {@value #FULL_DETAIL_ACCOUNTS}
 * accounts, and one block in ten after them, get everything around them; the other blocks are accounts
 * alone, so that a million accounts (for benchmarks) take minutes rather than hours.
 */
public final class DemoData {

    /** What was loaded, per object. */
    public record Loaded(Map<String, Long> counts) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            counts.forEach((k, v) -> out.append(out.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
            return out.toString();
        }
    }

    private static final String[] NAMES = { "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Hooli",
            "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Aperture", "Oscorp", "Monarch", "Pied Piper", "Prestige",
            "Sterling", "Nakatomi", "Gekko", "Blue Sun", "Massive Dynamic", "Virtucon", "Dharma", "Weyland", "Zorg",
            "Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware", "Woodgrove", "Lucerne",
            "Alpine", "Coho", "Fourth Coffee", "Trey", "Wingtip" };
    private static final String[] SUFFIXES = { "Corporation", "Inc.", "Labs", "Group", "Systems", "Holdings", "Partners",
            "Industries", "Technologies", "Solutions", "Ltd", "GmbH" };
    private static final String[] CITIES = { "New York:USA", "San Francisco:USA", "Austin:USA", "Chicago:USA", "Toronto:Canada",
            "London:United Kingdom", "Berlin:Germany", "Munich:Germany", "Paris:France", "Madrid:Spain", "Amsterdam:Netherlands",
            "Stockholm:Sweden", "Zurich:Switzerland", "Tokyo:Japan", "Singapore:Singapore", "Sydney:Australia",
            "Sao Paulo:Brazil", "Bangalore:India", "Dublin:Ireland", "Warsaw:Poland" };
    private static final String[] FIRST = { "John", "Jane", "Sarah", "Michael", "Emma", "David", "Olivia", "James", "Sophia",
            "Robert", "Mia", "William", "Ava", "Daniel", "Isabella", "Lucas", "Amelia", "Noah", "Charlotte", "Ethan",
            "Hannah", "Mateo", "Yuki", "Priya", "Lars", "Chloe", "Omar", "Ingrid", "Kenji", "Aisha" };
    private static final String[] LAST = { "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
            "Martinez", "Lopez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Schmidt",
            "Muller", "Dubois", "Rossi", "Tanaka", "Patel", "Nguyen", "Kowalski", "Jensen", "Silva", "Okafor", "Cohen" };
    private static final String[] TITLES = { "CEO", "CTO", "CFO", "VP Sales", "VP Engineering", "Head of Operations",
            "IT Director", "Procurement Manager", "Sales Director", "Product Manager", "Office Manager", "Engineer" };
    private static final String[] INDUSTRIES = { "Technology", "Finance", "Healthcare", "Manufacturing", "Retail",
            "Education", "Energy", "Media", "Telecommunications", "Transportation", "Hospitality", "Government",
            "Nonprofit", "Other" };
    private static final String[] SOURCES = { "Web", "Referral", "Partner", "Event", "Cold Call", "Advertisement", "Social", "Other" };
    private static final String[] COMPETITORS = { "Salesforce", "HubSpot", "Pipedrive", "Zoho", "Microsoft Dynamics" };
    private static final String[] OPEN_STAGES = { "Prospecting", "Qualification", "Needs Analysis", "Proposal", "Negotiation" };
    private static final int[] STAGE_PROBABILITY = { 10, 20, 35, 55, 75 };

    static final int FULL_DETAIL_ACCOUNTS = 10_000;

    private final BatchClient client;
    private final long seed;
    private final LocalDate today;
    private final Map<String, AtomicLong> counts = new LinkedHashMap<>();

    public DemoData(String gatewayUrl, String token, long seed, LocalDate today) {
        this.client = new BatchClient(gatewayUrl, token);
        this.seed = seed;
        this.today = today;
        for (String key : List.of("products", "knowledge articles", "accounts", "contacts", "leads", "opportunities",
                "line items", "activities", "cases")) {
            counts.put(key, new AtomicLong());
        }
    }

    /**
     * Brings the planner's statistics of every table of schema crm up to date: what a bulk load leaves stale
     * where autovacuum is off or has not caught up (records-service analyzes a table its batches grew by a
     * tenth; this covers the rest of the load). Returns how many tables were analyzed.
     */
    public static int analyze(java.sql.Connection connection) throws java.sql.SQLException {
        List<String> tables = new ArrayList<>();
        try (java.sql.Statement s = connection.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'crm'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        try (java.sql.Statement s = connection.createStatement()) {
            for (String table : tables) {
                s.execute("ANALYZE crm." + table);
            }
        }
        return tables.size();
    }

    /** Loads {@code accounts} accounts and everything around them. */
    public Loaded load(int accounts, int parallelism, Consumer<String> progress) throws IOException, InterruptedException {
        List<String> products = createProducts();
        createKnowledgeArticles();
        int blocks = (accounts + BatchClient.BATCH - 1) / BatchClient.BATCH;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism));
        try {
            List<Future<Void>> work = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                int block = b;
                int size = Math.min(BatchClient.BATCH, accounts - b * BatchClient.BATCH);
                work.add(pool.submit(() -> {
                    loadBlock(block, size, products);
                    if (block % 50 == 49) {
                        progress.accept("demo: " + (block + 1) * BatchClient.BATCH + " of " + accounts + " accounts");
                    }
                    return null;
                }));
            }
            for (Future<Void> f : work) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> result = new LinkedHashMap<>();
        counts.forEach((k, v) -> result.put(k, v.get()));
        return new Loaded(result);
    }

    private List<String> createProducts() throws IOException, InterruptedException {
        Object[][] catalogue = {
                { "HotCRM Starter", "HC-STR", "Software", 5000, "Core CRM for small teams" },
                { "HotCRM Pro", "HC-PRO", "Software", 15000, "Automation, reports and integrations" },
                { "HotCRM Enterprise", "HC-ENT", "Software", 30000, "Everything in Pro with AI features and SSO" },
                { "AI Add-on", "HC-AI", "Software", 8000, "Lead scoring, win prediction and briefings" },
                { "API Add-on", "HC-API", "Software", 4000, "Higher API limits and webhooks" },
                { "Professional Services", "HC-PS", "Services", 15000, "Implementation and configuration" },
                { "Data Migration", "HC-MIG", "Services", 6000, "Migration from another CRM" },
                { "Training Package", "HC-TRN", "Training", 3000, "Admin and end-user training" },
                { "Premium Support", "HC-SUP", "Support", 7000, "24/7 support with a named engineer" },
                { "Desk Phone Bundle", "HC-PHN", "Hardware", 1200, "VoIP phones for the sales floor" } };
        List<Map<String, Object>> records = new ArrayList<>();
        for (Object[] p : catalogue) {
            records.add(record("Name", p[0], "ProductCode", p[1] + "-" + seed, "Family", p[2], "Price", p[3],
                    "IsActive", true, "Description", p[4]));
        }
        List<String> ids;
        try {
            ids = client.create("products", records);
        } catch (IOException e) {
            if (e.getMessage().contains("DUPLICATE_ERROR")) {
                throw new IOException("Demo data with seed " + seed + " is loaded already; pass --seed N for another set", e);
            }
            throw e;
        }
        counts.get("products").addAndGet(ids.size());
        return ids;
    }

    private void createKnowledgeArticles() throws IOException, InterruptedException {
        String[][] articles = {
                { "Password Reset Guide", "FAQ", "How do I reset my password?",
                        "To reset your password:\n1. Go to the login page\n2. Click 'Forgot Password'\n3. Enter your email\n4. Follow the link we send you within 30 minutes." },
                { "Email Notification Settings", "Product Guide", "Configure when and how you receive email notifications.",
                        "Open Settings, then Notifications. Choose which events send email: new leads, case updates, opportunity stage changes. Digest mode sends one email a day." },
                { "Setting Up Two-Factor Authentication", "How-To", "Protect your account with a second factor.",
                        "Go to Profile, Security, enable two-factor authentication and scan the QR code with an authenticator app." },
                { "Importing Contacts from CSV", "How-To", "Bring your contacts in from a spreadsheet.",
                        "Use the batch API or the import wizard. Columns map to fields such as FirstName, LastName and Email. Up to 200 records per batch call." },
                { "API Rate Limits Explained", "FAQ", "How many API requests can I make?",
                        "Standard tokens allow 1000 requests per hour, Premium 10000, Enterprise is unlimited. Watch the X-RateLimit headers." },
                { "Troubleshooting Sync Errors", "Troubleshooting", "What to do when a sync fails.",
                        "Check the webhook delivery log, verify the endpoint answers 2xx within 10 seconds, then retry the failed deliveries." },
                { "System Not Responding After Update", "Troubleshooting", "Recover when the app hangs after an upgrade.",
                        "Clear the browser cache, sign out and in again. If the system still does not respond, open a Critical case." },
                { "Understanding Opportunity Stages", "Product Guide", "The sales stages and their probabilities.",
                        "Prospecting, Qualification, Needs Analysis, Proposal, Negotiation, Closed Won and Closed Lost. Probability grows with each stage." },
                { "Data Retention Policy", "Policy", "How long we keep your data.",
                        "Records are kept while your subscription is active and deleted 30 days after it ends, unless the law requires otherwise." },
                { "Release Notes 2026.10", "Release Notes", "What is new this release.",
                        "AI briefings, faster lists, custom objects through the API and signed webhooks." },
                { "Configuring Webhooks", "Product Guide", "Receive record changes in your own system.",
                        "Create a webhook with the object, events and an https URL. Verify the webhook-signature header with your secret." },
                { "Exporting Reports", "How-To", "Get your data out as CSV.",
                        "Use the query API with fields and filters, page through results with limit and offset, and write each page to CSV." } };
        List<Map<String, Object>> records = new ArrayList<>();
        for (String[] a : articles) {
            records.add(record("Title", a[0], "Category", a[1], "Summary", a[2], "Body", a[3], "IsPublished", true,
                    "Keywords", a[0].toLowerCase()));
        }
        counts.get("knowledge articles").addAndGet(client.create("knowledgearticles", records).size());
    }

    private void loadBlock(int block, int size, List<String> products) throws IOException, InterruptedException {
        Random random = new Random(seed * 1_000_003L + block);
        List<Map<String, Object>> accounts = new ArrayList<>();
        List<String> industries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String industry = pick(random, INDUSTRIES);
            industries.add(industry);
            String[] city = pick(random, CITIES).split(":");
            int employees = (int) Math.round(Math.exp(2 + random.nextDouble() * 8));
            long revenue = Math.round((long) employees * (80_000 + random.nextInt(170_000)) / 1000.0) * 1000;
            String name = pick(random, NAMES) + " " + pick(random, SUFFIXES);
            accounts.add(record("Name", name, "Industry", industry,
                    "Type", random.nextInt(10) < 6 ? "Customer" : pick(random, new String[] { "Prospect", "Partner", "Other" }),
                    "AnnualRevenue", revenue, "NumberOfEmployees", employees,
                    "Phone", "+1-555-" + String.format("%04d", random.nextInt(10000)),
                    "Website", "https://" + name.toLowerCase().replaceAll("[^a-z]", "") + ".example.com",
                    "BillingCity", city[0], "BillingCountry", city[1],
                    "Status", random.nextInt(10) < 7 ? "Active" : pick(random, new String[] { "Prospect", "Inactive", "Churned" }),
                    "Rating", pick(random, new String[] { "Hot", "Warm", "Cold" })));
        }
        List<String> accountIds = client.create("accounts", accounts);
        counts.get("accounts").addAndGet(accountIds.size());
        if (block * BatchClient.BATCH >= FULL_DETAIL_ACCOUNTS && block % 10 != 0) {
            return;
        }

        List<Map<String, Object>> contacts = new ArrayList<>();
        List<Integer> contactAccount = new ArrayList<>();
        for (int a = 0; a < accountIds.size(); a++) {
            for (int c = 0; c < 2; c++) {
                String first = pick(random, FIRST);
                String last = pick(random, LAST);
                contacts.add(record("FirstName", first, "LastName", last, "Title", pick(random, TITLES),
                        "Email", (first + "." + last + a + c).toLowerCase() + "@example.com",
                        "Phone", "+1-555-" + String.format("%04d", random.nextInt(10000)),
                        "AccountId", accountIds.get(a), "LeadSource", pick(random, SOURCES)));
                contactAccount.add(a);
            }
        }
        List<String> contactIds = client.create("contacts", contacts);
        counts.get("contacts").addAndGet(contactIds.size());

        List<Map<String, Object>> opportunities = new ArrayList<>();
        List<Integer> oppAccount = new ArrayList<>();
        List<String> oppStage = new ArrayList<>();
        List<String> oppCompetitor = new ArrayList<>();
        for (int a = 0; a < accountIds.size(); a++) {
            int n = random.nextInt(4);
            for (int o = 0; o < n; o++) {
                boolean closed = random.nextInt(100) < 60;
                double winRate = switch (industries.get(a)) {
                    case "Technology", "Finance" -> 0.55;
                    case "Government", "Nonprofit" -> 0.3;
                    default -> 0.42;
                };
                long amount = Math.round(Math.exp(8.5 + random.nextDouble() * 4.2) / 100.0) * 100;
                boolean won = closed && random.nextDouble() < winRate * (amount > 150_000 ? 0.8 : 1.0);
                String stage;
                int probability;
                LocalDate closeDate;
                if (closed) {
                    stage = won ? "Closed Won" : "Closed Lost";
                    probability = won ? 100 : 0;
                    closeDate = today.minusDays(1 + random.nextInt(720));
                } else {
                    int s = random.nextInt(OPEN_STAGES.length);
                    stage = OPEN_STAGES[s];
                    probability = STAGE_PROBABILITY[s];
                    closeDate = today.plusDays(7 + random.nextInt(180));
                }
                String competitor = random.nextInt(100) < 25 ? pick(random, COMPETITORS) : null;
                Map<String, Object> opp = record("Name", accounts.get(a).get("Name") + " - "
                        + pick(random, new String[] { "Enterprise Upgrade", "New Licenses", "Renewal", "Expansion", "Pilot",
                                "Services Engagement" }),
                        "AccountId", accountIds.get(a), "ContactId", contactIds.get(a * 2 + random.nextInt(2)),
                        "Amount", amount, "Stage", stage, "Probability", probability, "CloseDate", closeDate.toString(),
                        "IsClosed", closed, "IsWon", won,
                        "Type", pick(random, new String[] { "New Business", "Existing Business", "Renewal", "Upgrade" }),
                        "LeadSource", pick(random, SOURCES),
                        "NextStep", closed ? null : pick(random, new String[] { "Schedule demo", "Send proposal",
                                "Negotiate pricing", "Executive meeting", "Security review" }));
                if (competitor != null) {
                    opp.put("Competitor", competitor);
                }
                opportunities.add(opp);
                oppAccount.add(a);
                oppStage.add(stage);
                oppCompetitor.add(competitor);
            }
        }
        List<String> oppIds = client.create("opportunities", opportunities);
        counts.get("opportunities").addAndGet(oppIds.size());

        List<Map<String, Object>> lines = new ArrayList<>();
        List<Map<String, Object>> activities = new ArrayList<>();
        for (int o = 0; o < oppIds.size(); o++) {
            int p = random.nextInt(products.size());
            int quantity = 1 + random.nextInt(20);
            lines.add(record("OpportunityId", oppIds.get(o), "ProductId", products.get(p), "Quantity", quantity,
                    "UnitPrice", 1000 + random.nextInt(30) * 500));
            int a = oppAccount.get(o);
            int n = 1 + random.nextInt(3);
            for (int k = 0; k < n; k++) {
                String type = pick(random, new String[] { "Call", "Meeting", "Email", "Task" });
                String sentiment = oppStage.get(o).equals("Closed Lost") ? pick(random, new String[] { "Negative", "Neutral" })
                        : pick(random, new String[] { "Positive", "Positive", "Neutral", "Negative" });
                String description = oppCompetitor.get(o) != null && k == 0
                        ? "Customer is also evaluating " + oppCompetitor.get(o) + ". Pricing came up."
                        : pick(random, new String[] { "Discussed requirements and timeline.", "Reviewed the proposal.",
                                "Customer asked for a 10% discount.", "Walked through the AI features.",
                                "Follow-up on security questionnaire." });
                activities.add(record("Subject", type + " with " + accounts.get(a).get("Name"), "Type", type,
                        "Status", "Completed", "ActivityDate", today.minusDays(random.nextInt(90)).toString(),
                        "DurationMinutes", 15 + random.nextInt(8) * 15, "WhatId", oppIds.get(o),
                        "WhoId", contactIds.get(a * 2 + random.nextInt(2)), "Sentiment", sentiment, "Description", description));
            }
        }
        counts.get("line items").addAndGet(client.create("opportunitylineitems", lines).size());
        counts.get("activities").addAndGet(client.create("activities", activities).size());

        List<Map<String, Object>> cases = new ArrayList<>();
        String[][] subjects = { { "Problem", "Report export fails with timeout" }, { "Question", "How do I reset my password?" },
                { "Incident", "System not responding after update" }, { "Feature Request", "Add custom fields to quotes" },
                { "Problem", "Email notifications not arriving" }, { "Question", "What are the API rate limits?" },
                { "Incident", "Login page returns an error" }, { "Feature Request", "Dark mode for the dashboard" } };
        for (int a = 0; a < accountIds.size(); a += 2) {
            String[] subject = pick(random, subjects);
            String status = pick(random, new String[] { "New", "Working", "Escalated", "On Hold", "Closed", "Closed" });
            Map<String, Object> c = record("Subject", subject[1], "Type", subject[0],
                    "Priority", subject[0].equals("Incident") ? pick(random, new String[] { "Critical", "High" })
                            : pick(random, new String[] { "High", "Medium", "Medium", "Low" }),
                    "Status", status, "Origin", pick(random, new String[] { "Email", "Phone", "Web", "Chat" }),
                    "AccountId", accountIds.get(a), "ContactId", contactIds.get(a * 2),
                    "Description", subject[1] + ". Reported by the customer's " + pick(random, TITLES) + ".");
            if (status.equals("Closed")) {
                c.put("SatisfactionScore", 2 + random.nextInt(4));
            }
            cases.add(c);
        }
        counts.get("cases").addAndGet(client.create("cases", cases).size());

        List<Map<String, Object>> leads = new ArrayList<>();
        for (int l = 0; l < size / 2 + 1; l++) {
            int employees = (int) Math.round(Math.exp(1 + random.nextDouble() * 8));
            String first = pick(random, FIRST);
            String last = pick(random, LAST);
            leads.add(record("FirstName", first, "LastName", last,
                    "Company", pick(random, NAMES) + " " + pick(random, SUFFIXES), "Title", pick(random, TITLES),
                    "Email", (first + "." + last + block + "." + l).toLowerCase() + "@example.org",
                    "Status", pick(random, new String[] { "New", "New", "Working", "Nurturing", "Qualified", "Unqualified", "Converted" }),
                    "Source", pick(random, SOURCES), "Industry", pick(random, INDUSTRIES),
                    "AnnualRevenue", employees * 100_000L, "NumberOfEmployees", employees,
                    "Rating", pick(random, new String[] { "Hot", "Warm", "Cold" })));
        }
        counts.get("leads").addAndGet(client.create("leads", leads).size());
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static Map<String, Object> record(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
