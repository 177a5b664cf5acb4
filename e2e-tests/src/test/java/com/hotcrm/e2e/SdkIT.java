package com.hotcrm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.hotcrm.devstack.suite.AdminLogin;
import com.hotcrm.devstack.suite.Service;
import com.hotcrm.devstack.testing.FakeWebhookReceiver;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.sdk.BriefingRequest;
import com.hotcrm.sdk.Filters;
import com.hotcrm.sdk.HotCRMClient;
import com.hotcrm.sdk.HotCRMException;
import com.hotcrm.sdk.ListOptions;
import com.hotcrm.sdk.Query;
import com.hotcrm.sdk.Related;
import com.hotcrm.sdk.WebhookRequest;
import com.hotcrm.sdk.WebhookVerificationException;
import com.hotcrm.sdk.WebhookVerifier;
import com.hotcrm.sdk.model.Account;
import com.hotcrm.sdk.model.ApiToken;
import com.hotcrm.sdk.model.BatchResult;
import com.hotcrm.sdk.model.Briefing;
import com.hotcrm.sdk.model.CrmRecord;
import com.hotcrm.sdk.model.Lead;
import com.hotcrm.sdk.model.Opportunity;
import com.hotcrm.sdk.model.Page;
import com.hotcrm.sdk.model.Webhook;
import com.hotcrm.sdk.model.WebhookEvent;

/**
 * The Java SDK (sdk/java) against the running suite, through the gateway: the reference's SDK examples with an API
 * token as the key, paging over records made with the batch endpoints, errors, a login repaired by refreshing,
 * custom objects, and a webhook whose deliveries the SDK's verifier accepts.
 */
@ExtendWith(RunningSuite.class)
class SdkIT {

    /** Marks what this run creates, so that filters select only it. */
    static final String TAG = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    static String baseUrl;
    static AdminLogin adminLogin;
    static HotCRMClient admin;
    static ApiToken apiToken;
    /** The reference's client: an API key and the base URL. */
    static HotCRMClient client;

    @BeforeAll
    static void clients() {
        baseUrl = RunningSuite.suite().gatewayUrl() + "/v1";
        adminLogin = RunningSuite.suite().admin();
        admin = HotCRMClient.builder().baseUrl(baseUrl).login(adminLogin.email(), adminLogin.password()).build();
        apiToken = admin.apiTokens().create("SdkIT " + TAG);
        client = HotCRMClient.builder()
                .apiKey(apiToken.token())
                .baseUrl(baseUrl)
                .build();
    }

    @AfterAll
    static void revoke() {
        if (apiToken != null) {
            admin.apiTokens().revoke(apiToken.id());
        }
    }

    @Test
    void theReferencesSdkExamplesWorkAsWritten() {
        assertTrue(apiToken.token().startsWith("hcrm_"), "an API token is the key");
        String accountId = client.accounts().create(new Account().setName("Acme Corporation " + TAG)
                .setIndustry("Technology").setAnnualRevenue(5000000)).getId();

        // Get accounts
        Page<Account> accounts = client.accounts().list(ListOptions.builder()
                .filter("Industry", "=", "Technology")
                .limit(20)
                .build());
        assertEquals(20, accounts.limit());
        assertFalse(accounts.records().isEmpty());
        assertTrue(accounts.size() <= 20);
        assertTrue(accounts.totalCount() >= accounts.size());
        accounts.forEach(account -> assertEquals("Technology", account.getIndustry(), account.toString()));
        assertEquals(1, client.accounts().stream(ListOptions.builder().filter("Industry", "=", "Technology").build())
                .filter(account -> account.getId().equals(accountId)).count(), "ours is among them, once");

        // Create opportunity
        Opportunity opp = client.opportunities().create(new Opportunity()
                .setName("Enterprise Deal")
                .setAccountId(accountId)
                .setAmount(150000)
                .setStage("Prospecting")
                .setCloseDate(LocalDate.of(2026, 12, 31)));
        assertTrue(opp.getId().startsWith("opp_"), opp.getId());
        assertEquals("Enterprise Deal", opp.getName());
        assertEquals(accountId, opp.getAccountId());
        assertEquals(0, new BigDecimal(150000).compareTo(opp.getAmount()));
        assertEquals("Prospecting", opp.getStage());
        assertEquals(LocalDate.of(2026, 12, 31), opp.getCloseDate());
        assertEquals(apiToken.userId(), opp.getOwnerId(), "the token's user owns what it creates");
        assertEquals(opp, client.opportunities().get(opp.getId()));

        // AI features
        Briefing briefing = client.ai().briefing(BriefingRequest.forAccount(accountId)
                .timeRange("last_30_days"));
        assertTrue(briefing.summary().startsWith("Acme Corporation " + TAG), briefing.summary());
        assertTrue(briefing.summary().contains("1 active opportunity totaling $150K"), briefing.summary());
        assertTrue(briefing.keyInsights().stream()
                .anyMatch(insight -> insight.startsWith("Opportunity 'Enterprise Deal' ($150K) is in Prospecting stage")),
                briefing.keyInsights().toString());
        assertEquals("builtin", briefing.engine());

        // the same records through /query, with the account's opportunities read along
        Page<CrmRecord> withDeals = client.query(Query.from("Account").fields("Name").where("Id", "=", accountId)
                .related("Opportunities", Related.select("Name", "Amount").sort("Amount", "desc")));
        List<Opportunity> deals = withDeals.records().get(0).getRecords("Opportunities", Opportunity::new);
        assertEquals(List.of(opp.getId()), deals.stream().map(CrmRecord::getId).toList());

        client.opportunities().delete(opp.getId());
        assertEquals("Record deleted successfully", client.accounts().delete(accountId).message());
    }

    @Test
    void pagingOver450BatchMadeRecordsReturnsEachExactlyOnce() {
        String marker = "SdkPage" + TAG;
        List<Account> records = IntStream.range(0, 450)
                .mapToObj(i -> new Account().setName(String.format("%s-%03d", marker, i)).setIndustry("Media")).toList();

        BatchResult created = client.batch("Account").create(records); // 200 + 200 + 50: the API takes 200 at most
        assertEquals(450, created.successCount(), created.results().toString());
        assertEquals(0, created.errorCount());
        Set<String> ids = new HashSet<>(created.ids());
        assertEquals(450, ids.size());

        Filters ours = Filters.where("Name", "like", marker + "-%");
        assertEquals(450, client.accounts().count(ours));

        // by cursor, in pages of 200 and of 64, sorted either way
        for (ListOptions options : List.of(ListOptions.builder().filters(ours).fields("Name").build(),
                ListOptions.builder().filters(ours).fields("Name").sort("-Name").limit(64).build())) {
            List<String> seen = client.accounts().stream(options).map(CrmRecord::getId).toList();
            assertEquals(450, seen.size(), options.sort().toString());
            assertEquals(ids, new HashSet<>(seen), "each exactly once");
        }
        List<String> descending = client.accounts().stream(ListOptions.builder().filters(ours).fields("Name")
                .sort("-Name").limit(100).build()).map(Account::getName).toList();
        assertEquals(String.format("%s-%03d", marker, 449), descending.get(0));
        assertEquals(String.format("%s-%03d", marker, 0), descending.get(449));

        // and through /query
        List<String> queried = client.queryAll(Query.from("Account").fields("Name").filters(ours).limit(128))
                .map(CrmRecord::getId).toList();
        assertEquals(450, queried.size());
        assertEquals(ids, new HashSet<>(queried));

        Page<Account> first = client.accounts().list(ListOptions.builder().filters(ours).limit(200).build());
        assertEquals(450, first.totalCount());
        assertTrue(first.hasMore());
        assertNotNull(first.nextCursor());

        BatchResult updated = client.batch("Account")
                .update(created.ids().stream().map(id -> Map.of("Id", id, "Rating", "Hot")).toList());
        assertEquals(450, updated.successCount());
        assertEquals(450, client.accounts().count(ours.and("Rating", "=", "Hot")));
        BatchResult deleted = client.batch("Account").delete(created.ids());
        assertEquals(450, deleted.successCount());
        assertEquals(0, client.accounts().count(ours));
    }

    @Test
    void aValidationErrorSurfacesItsCodeAndDetails() {
        HotCRMException error = assertThrows(HotCRMException.class,
                () -> client.opportunities().create(new Opportunity().setStage("Dreaming")));
        assertEquals("VALIDATION_ERROR", error.code());
        assertEquals(400, error.status());
        assertEquals("Name is required", error.detail("Name").orElseThrow(), error.getMessage());
        assertTrue(error.detail("Stage").orElseThrow().startsWith("Stage must be one of"), error.getMessage());
        assertNotNull(error.requestId());

        HotCRMException missing = assertThrows(HotCRMException.class,
                () -> client.accounts().get("acc_01ARZ3NDEKTSV4RRFFQ69G5FAV"));
        assertEquals("NOT_FOUND", missing.code());
        assertEquals(404, missing.status());

        HotCRMException unknownField = assertThrows(HotCRMException.class,
                () -> client.accounts().list(ListOptions.builder().filter("NoSuchField", "=", 1).build()));
        assertEquals("VALIDATION_ERROR", unknownField.code());
        assertFalse(unknownField.details().isEmpty());

        BatchResult mixed = client.batch("Lead").create(List.of(new Lead().setLastName("Ok " + TAG).setCompany("Fine Inc"),
                new Lead().setCompany("No Last Name")));
        assertEquals(1, mixed.successCount());
        assertEquals("VALIDATION_ERROR", mixed.results().get(1).error().code());
        assertEquals("LastName", mixed.results().get(1).error().details().get(0).field());
        client.leads().delete(mixed.ids().get(0));
    }

    @Test
    void anInvalidAccessTokenIsRefreshedTransparently() {
        HotCRMClient login = HotCRMClient.builder().baseUrl(baseUrl).login(adminLogin.email(), adminLogin.password())
                .build();
        String refreshToken = login.refreshToken();
        // a login whose access token the gateway refuses: garbage, then a well-formed JWT signed by another key
        for (String invalid : List.of("not-a-valid-access-token",
                TestTokens.other().sign("usr_x", "admin", "Enterprise", null, Duration.ofHours(1)))) {
            HotCRMClient session = HotCRMClient.builder().baseUrl(baseUrl).session(invalid, refreshToken).build();

            assertEquals(adminLogin.email(), session.users().me().getEmail());

            assertNotEquals(invalid, session.accessToken());
            assertNotEquals(refreshToken, session.refreshToken(), "the refresh token was rotated");
            refreshToken = session.refreshToken();
        }
        HotCRMClient revoked = HotCRMClient.builder().baseUrl(baseUrl).session("garbage", "no-such-refresh-token").build();
        assertEquals("AUTHENTICATION_ERROR", assertThrows(HotCRMException.class, () -> revoked.accounts().count()).code());
    }

    @Test
    void customObjectsAreReachedByName() {
        String name = "SdkProject" + TAG + "__c";
        var schema = admin.metadata().createObject(Map.of("name", name, "label", "SDK Project " + TAG, "fields", List.of(
                Map.of("name", "Title__c", "type", "text", "required", true),
                Map.of("name", "Budget__c", "type", "currency"))));
        assertEquals(name, schema.name());
        assertTrue(client.metadata().objects().stream().anyMatch(o -> o.name().equals(name) && o.custom()));
        assertTrue(client.metadata().describe(name).field("Title__c").orElseThrow().required());

        CrmRecord project = client.object(name).create(CrmRecord.of("Title__c", "Apollo", "Budget__c",
                new BigDecimal("12500.50")));
        CrmRecord read = client.object(name).get(project.getId());
        assertEquals("Apollo", read.getString("Title__c"));
        assertEquals(0, new BigDecimal("12500.50").compareTo(read.getDecimal("Budget__c")), read.toString());
        assertEquals(1, client.object(name).count());
        assertEquals(0, new BigDecimal("12500.50").compareTo(client.object(name).sum("Budget__c").sum()));
        client.object(name).delete(project.getId());
    }

    /** Committed offset and end of each partition of the record-change topic for a consumer group, to diagnose. */
    static String consumerLag(String group) {
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RunningSuite.suite().kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            var ends = kafka.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            StringBuilder text = new StringBuilder();
            committed.forEach((partition, offset) -> text.append(partition).append(" committed ")
                    .append(offset == null ? "none" : offset.offset()).append(" end ").append(ends.get(partition).offset())
                    .append("; "));
            return text.toString();
        } catch (Exception e) {
            return "(offsets not readable: " + e + ")";
        }
    }

    /** Every webhook's pending deliveries (the first few), to say why a delivery did not come. */
    static String pendingDeliveries() {
        StringBuilder text = new StringBuilder();
        admin.webhooks().stream().forEach(hook -> {
            text.append("\n  ").append(hook.id()).append(' ').append(hook.url()).append(" active=").append(hook.active());
            admin.webhooks().deliveries(hook.id(), "pending", 5, null).items().forEach(d -> text.append("\n    ")
                    .append(d.id()).append(" attempts=").append(d.attempts()).append(" last=").append(d.lastAttemptAt())
                    .append(" next=").append(d.nextAttemptAt()).append(" error=").append(d.lastError()));
        });
        return text.toString();
    }

    /** webhook-service's own delivery metrics (attempts, queue depth, lag). */
    static String webhookMetrics() {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + RunningSuite.suite().port(Service.WEBHOOK) + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return "\n" + body.lines().filter(l -> l.startsWith("hotcrm_webhook_") && !l.contains("_bucket"))
                    .collect(Collectors.joining("\n"));
        } catch (Exception e) {
            return "(metrics not readable: " + e + ")";
        }
    }

    @Test
    void aWebhookMadeWithTheSdkDeliversEventsItsVerifierAccepts() throws Exception {
        try (FakeWebhookReceiver receiver = FakeWebhookReceiver.start()) {
            Webhook hook = client.webhooks().create(WebhookRequest.of("SdkIT " + TAG, "Lead", List.of("create"),
                    receiver.url("/sdk-leads")));
            assertTrue(hook.secret().startsWith("whsec_"), "a secret is made when none is given");
            Lead lead = client.leads().create(new Lead().setLastName("Lovelace " + TAG).setCompany("Analytical Engines"));

            List<FakeWebhookReceiver.Request> received = receiver.await(r -> r.path().equals("/sdk-leads")
                    && r.body().contains(lead.getId()), 1, Duration.ofSeconds(180));
            assertEquals(1, received.size(), () -> "one delivery of the new lead; the webhook's deliveries: "
                    + client.webhooks().deliveries(hook.id()).items() + "; webhook-service's consumer group: "
                    + consumerLag("webhook-service") + "; every webhook's pending deliveries: " + pendingDeliveries()
                    + "; webhook-service's metrics: " + webhookMetrics());
            FakeWebhookReceiver.Request request = received.get(0);
            WebhookVerifier verifier = new WebhookVerifier(hook.secret());
            WebhookEvent event = verifier.verify(request::header, request.body().getBytes(StandardCharsets.UTF_8));
            assertEquals("create", event.type());
            assertEquals("Lead", event.object());
            assertEquals(lead.getId(), event.recordId());
            assertEquals("Analytical Engines", event.record().getString("Company"));
            assertEquals(request.header("webhook-id"), event.id());
            assertThrows(WebhookVerificationException.class, () -> verifier.verify(request::header,
                    request.body().replace("Analytical", "Forged").getBytes(StandardCharsets.UTF_8)));
            assertThrows(WebhookVerificationException.class, () -> new WebhookVerifier("whsec_"
                    + Base64.getEncoder().encodeToString(new byte[32])).verify(request::header,
                            request.body().getBytes(StandardCharsets.UTF_8)));

            assertNotNull(client.webhooks().get(hook.id()));
            assertTrue(client.webhooks().stream().anyMatch(w -> w.id().equals(hook.id())));
            assertTrue(client.webhooks().delete(hook.id()).success());
            client.leads().delete(lead.getId());
        }
    }
}
