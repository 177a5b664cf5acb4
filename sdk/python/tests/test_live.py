"""Live tests against a running HotCRM suite, through its gateway.

Configured by the environment:
  HOTCRM_BASE_URL   the gateway's URL including /v1, e.g. http://localhost:8080/v1
  HOTCRM_EMAIL      an admin's email
  HOTCRM_PASSWORD   and password
  HOTCRM_SDK_LIVE   "required": fail when the three above are missing (else these tests are skipped)

The admin logs in; an API token made for the run (POST /auth/api-tokens) is the api_key of the client
most tests use. Every record made here carries a marker unique to the run and is deleted at the end.
"""

import json
import os
import sys
import threading
import time
import unittest
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from hotcrm import Client, HotCRMError, WebhookVerificationError, verify_webhook  # noqa: E402

BASE_URL = os.environ.get("HOTCRM_BASE_URL", "")
EMAIL = os.environ.get("HOTCRM_EMAIL", "")
PASSWORD = os.environ.get("HOTCRM_PASSWORD", "")
REQUIRED = os.environ.get("HOTCRM_SDK_LIVE", "").lower() == "required"

MARKER = uuid.uuid4().hex[:12].upper()  # in every name made here, so filters select only this run's records
admin: Client
client: Client
API_KEY = ""
_api_token_id = ""


def setUpModule():
    global admin, client, API_KEY, _api_token_id
    missing = [name for name, value in [("HOTCRM_BASE_URL", BASE_URL), ("HOTCRM_EMAIL", EMAIL),
                                        ("HOTCRM_PASSWORD", PASSWORD)] if not value]
    if missing:
        message = "live tests need " + ", ".join(missing)
        if REQUIRED:
            raise RuntimeError(message + " (HOTCRM_SDK_LIVE=required)")
        raise unittest.SkipTest(message)
    admin = Client.login(EMAIL, PASSWORD, base_url=BASE_URL)
    token = admin.api_tokens.create(f"python-sdk-live-{MARKER}")
    API_KEY, _api_token_id = token["token"], token["id"]
    client = Client(api_key=API_KEY, base_url=BASE_URL)


def tearDownModule():
    if _api_token_id:
        quietly(admin.api_tokens.revoke, _api_token_id)
        quietly(admin.logout)


def quietly(call, *args, **kwargs):
    """Clean-up that must not hide a test's own failure."""
    try:
        call(*args, **kwargs)
    except HotCRMError:
        pass


def wait_for(condition, timeout=180.0, what="condition"):
    # generous: on a busy suite (other tests just made and deleted hundreds of records) webhook-service
    # works through every change event before this one
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class SeedExamplesTest(unittest.TestCase):
    """The reference's three Python SDK examples, verbatim but for api_key/base_url and acc_123."""

    def test_the_reference_python_examples(self):
        account_id = admin.accounts.create(Name=f"Acme {MARKER}", Industry="Technology")["Id"]
        self.addCleanup(quietly, admin.accounts.delete, account_id)

        # --- the reference's example (API key and base URL from the environment, acc_123 made above) ---
        from hotcrm import Client

        client = Client(api_key=API_KEY, base_url=BASE_URL)

        # Get accounts
        accounts = client.accounts.list(
            filters=[['Industry', '=', 'Technology']],
            limit=20
        )

        # Create opportunity
        opp = client.opportunities.create(
            Name='Enterprise Deal',
            AccountId=account_id,
            Amount=150000,
            Stage='Prospecting',
            CloseDate='2026-12-31'
        )

        # AI features
        briefing = client.ai.briefing(
            account_id=account_id,
            time_range='last_30_days'
        )
        # -------------------------------------------------------------------------------------------------
        self.addCleanup(quietly, client.opportunities.delete, opp["Id"])

        self.assertEqual(20, accounts["limit"])
        self.assertGreaterEqual(accounts["totalCount"], 1)
        self.assertTrue(0 < len(accounts["records"]) <= 20)
        self.assertTrue(all(r["Industry"] == "Technology" for r in accounts["records"]))
        self.assertTrue(opp["Id"].startswith("opp_"))
        self.assertEqual(("Enterprise Deal", account_id, 150000, "Prospecting", "2026-12-31"),
                         (opp["Name"], opp["AccountId"], opp["Amount"], opp["Stage"], opp["CloseDate"]))
        self.assertIn(f"Acme {MARKER}", briefing["summary"])
        for key in ("keyInsights", "recommendedActions", "riskFactors"):
            self.assertIsInstance(briefing[key], list)


class RecordsTest(unittest.TestCase):
    def test_create_get_update_replace_delete(self):
        accounts = client.accounts
        created = accounts.create(Name=f"CRUD {MARKER}", Industry="Finance", AnnualRevenue=2000000,
                                  Phone="+1-555-0199", Website="https://newcustomer.com")
        self.addCleanup(quietly, accounts.delete, created["Id"])
        self.assertTrue(created["Id"].startswith("acc_"))
        self.assertEqual({"Name": f"CRUD {MARKER}", "Industry": "Finance"},
                         {k: v for k, v in accounts.get(created["Id"], fields="Name,Industry").items() if k != "Id"})

        updated = accounts.update(created["Id"], Phone="+1-555-9999", Status="Active Customer")
        self.assertEqual(("+1-555-9999", "Active Customer", "Finance"),
                         (updated["Phone"], updated["Status"], updated["Industry"]))

        replaced = accounts.replace(created["Id"], {"Name": f"CRUD {MARKER} replaced"})
        self.assertEqual(f"CRUD {MARKER} replaced", replaced["Name"])
        self.assertIsNone(replaced.get("Industry"))  # PUT: fields not given are cleared

        self.assertEqual({"success": True, "message": "Record deleted successfully"}, accounts.delete(created["Id"]))
        with self.assertRaises(HotCRMError) as raised:
            accounts.get(created["Id"])
        self.assertEqual(("NOT_FOUND", 404), (raised.exception.code, raised.exception.status))

    def test_the_change_feed_gives_a_create_an_update_and_a_delete_in_order(self):
        cursor = client.changes.head(["Account"])
        made = client.accounts.create(Name=f"Feed {MARKER}")
        client.accounts.update(made["Id"], Phone="+1-555-0123")
        client.accounts.delete(made["Id"])

        def changes():
            seen = [c for c in client.changes.since(cursor, ["Account"]) if c["recordId"] == made["Id"]]
            return seen if len(seen) >= 3 else None

        seen = wait_for(changes, timeout=10, what="the feed's three changes")
        self.assertEqual(["create", "update", "delete"], [c["type"] for c in seen])
        self.assertEqual("+1-555-0123", seen[1]["record"]["Phone"])
        self.assertIsNone(seen[2]["record"])

    def test_a_validation_error_surfaces_code_and_details(self):
        with self.assertRaises(HotCRMError) as raised:
            client.opportunities.create(Name=f"Bad {MARKER}", Amount="a lot", Stage="Dreaming")
        e = raised.exception
        self.assertEqual(("VALIDATION_ERROR", 400), (e.code, e.status))
        self.assertEqual({"Amount", "Stage"}, {d["field"] for d in e.details})
        self.assertTrue(e.request_id)
        with self.assertRaises(HotCRMError) as raised:
            client.accounts.list(limit=500)
        self.assertEqual("limit", raised.exception.details[0]["field"])

    def test_a_restricted_delete_is_a_reference_error(self):
        account = client.accounts.create(Name=f"Parent {MARKER}")
        self.addCleanup(quietly, client.accounts.delete, account["Id"])
        opp = client.opportunities.create(Name=f"Child {MARKER}", AccountId=account["Id"], Stage="Prospecting")
        self.addCleanup(quietly, client.opportunities.delete, opp["Id"])
        with self.assertRaises(HotCRMError) as raised:
            client.accounts.delete(account["Id"])
        self.assertEqual(("REFERENCE_ERROR", 409), (raised.exception.code, raised.exception.status))

    def test_any_object_by_name_including_a_custom_one(self):
        name = "SdkProject__c"
        try:
            admin.metadata.describe(name)
        except HotCRMError as e:
            if e.code != "NOT_FOUND":
                raise
            try:
                admin.metadata.create_object(name=name, label="SDK Project", labelPlural="SDK Projects",
                                             fields=[{"name": "Title__c", "type": "text", "length": 80},
                                                     {"name": "Budget__c", "type": "currency"}])
            except HotCRMError as race:  # another run made it meanwhile
                if race.code != "DUPLICATE_ERROR":
                    raise
        projects = client.object(name)
        made = projects.create(Title__c=f"Project {MARKER}", Budget__c=1250.5)
        self.addCleanup(quietly, projects.delete, made["Id"])
        self.assertEqual(1250.5, projects.get(made["Id"])["Budget__c"])
        self.assertEqual(1, projects.count([["Title__c", "=", f"Project {MARKER}"]]))
        self.assertEqual("Phase 2", projects.update(made["Id"], Title__c="Phase 2")["Title__c"])


class PagingTest(unittest.TestCase):
    """450 accounts made with the batch endpoint, selected by this run's marker."""

    prefix = f"SDKPAGE{MARKER} "
    filters = [["Name", "like", f"SDKPAGE{MARKER} %"]]

    @classmethod
    def setUpClass(cls):
        made = client.batch.accounts.create([{"Name": f"{cls.prefix}{i:03d}"} for i in range(450)])
        cls.ids = [r["Id"] for r in made["results"] if r.get("success")]
        if made["errorCount"] or len(cls.ids) != 450:
            raise AssertionError(f"batch create failed: {made}")

    @classmethod
    def tearDownClass(cls):
        result = client.batch.accounts.delete(cls.ids)
        assert result["successCount"] == 450, result

    def test_iterate_returns_each_record_exactly_once(self):
        seen = [r["Id"] for r in client.accounts.iterate(filters=self.filters, fields="Name", page_size=100)]
        self.assertEqual(450, len(seen))
        self.assertEqual(sorted(self.ids), sorted(seen))

    def test_iterate_in_a_sort_order(self):
        names = [r["Name"] for r in client.accounts.iterate(filters=self.filters, fields=["Name"], sort="-Name")]
        self.assertEqual([f"{self.prefix}{i:03d}" for i in reversed(range(450))], names)

    def test_pages_carry_the_paging_fields(self):
        page = client.accounts.list(filters=self.filters, limit=200, offset=400)
        self.assertEqual((450, False, 50, 200, 400),
                         (page["totalCount"], page["hasMore"], len(page["records"]), page["limit"], page["offset"]))
        first = client.accounts.list(filters=self.filters, limit=200)
        second = client.accounts.list(filters=self.filters, limit=200, cursor=first["nextCursor"])
        self.assertTrue(first["hasMore"])
        self.assertEqual(set(), {r["Id"] for r in first["records"]} & {r["Id"] for r in second["records"]})
        self.assertEqual(450, client.accounts.count(self.filters))

    def test_batch_update(self):
        result = client.batch.accounts.update([{"Id": i, "Rating": "Hot"} for i in self.ids[:3]])
        self.assertEqual((3, 0), (result["successCount"], result["errorCount"]))
        self.assertEqual(3, client.accounts.count(self.filters + [["Rating", "=", "Hot"]]))


class QueryAndAggregationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.account = client.accounts.create(Name=f"Query {MARKER}", Industry="Retail")
        cls.name = f"QOPP{MARKER}"
        made = client.batch.opportunities.create([
            {"Name": f"{cls.name} A", "AccountId": cls.account["Id"], "Stage": "Prospecting", "Amount": 100},
            {"Name": f"{cls.name} B", "AccountId": cls.account["Id"], "Stage": "Prospecting", "Amount": 200},
            {"Name": f"{cls.name} C", "AccountId": cls.account["Id"], "Stage": "Negotiation", "Amount": 600},
        ], all_or_none=True)
        cls.opp_ids = [r["Id"] for r in made["results"]]
        cls.filters = [["Name", "like", f"{cls.name} %"]]

    @classmethod
    def tearDownClass(cls):
        client.batch.opportunities.delete(cls.opp_ids)
        client.accounts.delete(cls.account["Id"])

    def test_query_with_related_records(self):
        page = client.query("Account", fields=["Name", "Industry"], filters=[["Id", "=", self.account["Id"]]],
                            related={"Opportunities": {"fields": ["Name", "Amount"], "sort": "Name"}})
        self.assertEqual(1, page["totalCount"])
        record = page["records"][0]
        self.assertEqual([f"{self.name} A", f"{self.name} B", f"{self.name} C"],
                         [o["Name"] for o in record["Opportunities"]])

    def test_query_with_the_reference_body(self):
        page = client.query({"object": "Opportunity", "fields": ["Name", "Amount", "Stage"],
                             "filters": self.filters + [["Stage", "!=", "Closed Lost"], ["Amount", ">", 150]],
                             "sort": [["Amount", "desc"]], "limit": 50})
        self.assertEqual([600, 200], [r["Amount"] for r in page["records"]])
        self.assertEqual([f"{self.name} A", f"{self.name} B", f"{self.name} C"],
                         [r["Name"] for r in client.iterate_query("Opportunity", fields="Name", filters=self.filters,
                                                                  sort="Name", page_size=2)])

    def test_count_sum_avg_and_group_by(self):
        opps = client.opportunities
        self.assertEqual(3, opps.count(self.filters))
        self.assertEqual({"sum": 900, "count": 3}, opps.sum("Amount", self.filters))
        self.assertEqual({"average": 300, "count": 3}, opps.avg("Amount", self.filters))
        groups = opps.group_by("Stage", {"count": {"function": "COUNT", "field": "Id"},
                                         "totalAmount": {"function": "SUM", "field": "Amount"}},
                               filters=self.filters)["groups"]
        self.assertEqual({"Negotiation": (1, 600), "Prospecting": (2, 300)},
                         {g["Stage"]: (g["count"], g["totalAmount"]) for g in groups})


class AuthTest(unittest.TestCase):
    def test_a_corrupted_access_token_is_refreshed_without_the_caller_noticing(self):
        session = Client.login(EMAIL, PASSWORD, base_url=BASE_URL)
        self.addCleanup(quietly, session.logout)
        first_refresh = session.refresh_token
        corrupted = session.access_token[:-6] + ("AAAAAA" if not session.access_token.endswith("AAAAAA") else "BBBBBB")
        session._http.tokens.access = corrupted  # as if it had expired or been revoked
        self.assertIsInstance(session.accounts.count(), int)
        self.assertNotEqual(corrupted, session.access_token)
        self.assertNotEqual(first_refresh, session.refresh_token)  # rotated
        self.assertEqual(EMAIL, session.users.get("me")["Email"])

    def test_an_expiring_access_token_is_refreshed_before_the_call(self):
        session = Client.login(EMAIL, PASSWORD, base_url=BASE_URL)
        self.addCleanup(quietly, session.logout)
        before = session.access_token
        session._http.tokens.expires_at = time.time() - 1
        session.accounts.list(limit=1)
        self.assertNotEqual(before, session.access_token)
        self.assertGreater(session._http.tokens.expires_at, time.time() + 600)

    def test_a_wrong_password_and_a_bad_api_key_are_authentication_errors(self):
        with self.assertRaises(HotCRMError) as raised:
            Client.login(EMAIL, PASSWORD + "-wrong", base_url=BASE_URL)
        self.assertEqual(("AUTHENTICATION_ERROR", 401), (raised.exception.code, raised.exception.status))
        with self.assertRaises(HotCRMError) as raised:
            Client(api_key="hcrm_nope_nope", base_url=BASE_URL).accounts.list()
        self.assertEqual(("AUTHENTICATION_ERROR", 401), (raised.exception.code, raised.exception.status))


class MetadataTest(unittest.TestCase):
    def test_objects_and_schemas(self):
        objects = {o["name"]: o for o in client.metadata.objects()["objects"]}
        self.assertEqual("accounts", objects["Account"]["path"])
        schema = client.metadata.describe("Opportunity")
        fields = {f["name"]: f for f in schema["fields"]}
        self.assertTrue(fields["Name"]["required"])
        self.assertIn("Closed Won", fields["Stage"]["picklistValues"])
        permissions = admin.metadata.permissions("Account")
        self.assertEqual(("Account", True), (permissions["object"], permissions["roles"]["admin"]["modifyAll"]))


class _Receiver:
    """A subscriber: an HTTP server on 127.0.0.1 that keeps every delivery's headers and raw body."""

    def __init__(self):
        self.deliveries = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.deliveries.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()

    def of_type(self, kind):
        return [(h, b) for h, b in list(self.deliveries) if json.loads(b).get("type") == kind]

    def about(self, record_id):
        return [(h, b) for h, b in list(self.deliveries) if json.loads(b).get("recordId") == record_id]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class WebhooksTest(unittest.TestCase):
    def test_subscribe_receive_verify_retry_and_delete(self):
        receiver = _Receiver()
        self.addCleanup(receiver.close)
        hook = client.webhooks.create(name=f"SDK {MARKER}", object="Opportunity", events=["create"],
                                      url=receiver.url)
        self.addCleanup(quietly, client.webhooks.delete, hook["id"])
        secret = hook["secret"]
        self.assertTrue(secret.startswith("whsec_"))
        self.assertNotIn("secret", client.webhooks.get(hook["id"]))
        self.assertIn(hook["id"], [w["id"] for w in client.webhooks.iterate()])
        self.assertEqual(f"SDK {MARKER} renamed",
                         client.webhooks.update(hook["id"], name=f"SDK {MARKER} renamed")["name"])

        ping = client.webhooks.test(hook["id"])
        self.assertEqual("ping", ping["type"])
        headers, body = wait_for(lambda: (receiver.of_type("ping") or [None])[0], what="the ping delivery")
        self.assertEqual(hook["id"], verify_webhook(secret, headers, body)["data"]["webhookId"])
        with self.assertRaises(WebhookVerificationError):
            verify_webhook(secret, headers, body.replace(b"ping", b"pong"))

        account = client.accounts.create(Name=f"Hooked {MARKER}")
        self.addCleanup(quietly, client.accounts.delete, account["Id"])
        opp = client.opportunities.create(Name=f"Hooked {MARKER}", AccountId=account["Id"], Stage="Prospecting")
        self.addCleanup(quietly, client.opportunities.delete, opp["Id"])
        # other creates (this run's, or anyone's on a shared suite) may arrive too: pick this record's
        headers, body = wait_for(lambda: (receiver.about(opp["Id"]) or [None])[0], what="the create delivery")
        event = verify_webhook(secret, headers, body)
        self.assertEqual(("create", "Opportunity", f"Hooked {MARKER}"), (event["type"], event["object"], event["data"]["Name"]))

        delivered = wait_for(lambda: [d for d in client.webhooks.deliveries(hook["id"], status="succeeded")["deliveries"]
                                      if d["recordId"] == opp["Id"]], what="the delivery log")[0]
        self.assertEqual(delivered["id"], client.webhooks.retry(hook["id"], delivered["id"])["id"])
        wait_for(lambda: len(receiver.about(opp["Id"])) >= 2, what="the retried delivery")
        first, again = receiver.about(opp["Id"])[:2]
        self.assertEqual(first[0]["webhook-id"], again[0]["webhook-id"])
        verify_webhook(secret, again[0], again[1])

        self.assertTrue(client.webhooks.delete(hook["id"])["success"])
        with self.assertRaises(HotCRMError) as raised:
            client.webhooks.get(hook["id"])
        self.assertEqual("NOT_FOUND", raised.exception.code)


class AITest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.account = client.accounts.create(Name=f"AI {MARKER}", Industry="Technology", AnnualRevenue=5000000)
        cls.lead = client.leads.create(FirstName="Ada", LastName=f"Lovelace {MARKER}", Company="Analytical Engines",
                                       Email="ada@example.com", Status="New", Industry="Technology")
        cls.opp = client.opportunities.create(Name=f"AI deal {MARKER}", AccountId=cls.account["Id"],
                                              Stage="Negotiation", Amount=200000, CloseDate="2026-12-31")

    @classmethod
    def tearDownClass(cls):
        quietly(client.opportunities.delete, cls.opp["Id"])
        quietly(client.leads.delete, cls.lead["Id"])
        quietly(client.accounts.delete, cls.account["Id"])

    def test_lead_score(self):
        score = client.ai.lead_score(self.lead["Id"])
        self.assertEqual(self.lead["Id"], score["leadId"])
        self.assertTrue(0 <= score["score"] <= 100)
        self.assertEqual({"completeness", "companyQuality", "engagement"}, set(score["factors"]))

    def test_win_prediction(self):
        prediction = client.ai.win_prediction(self.opp["Id"])
        self.assertEqual(self.opp["Id"], prediction["opportunityId"])
        self.assertTrue(0 <= prediction["winProbability"] <= 100)
        self.assertIsInstance(prediction["riskFactors"], list)

    def test_briefing_with_every_option(self):
        briefing = client.ai.briefing(account_id=self.account["Id"], include_opportunities=True, include_cases=True,
                                      include_activities=True, time_range="last_quarter")
        self.assertIn(f"AI {MARKER}", briefing["summary"])

    def test_case_categorize(self):
        answer = client.ai.case_categorize(subject="System not responding after update",
                                           description="Critical issue: Production system crashed after latest "
                                                       "update. All users affected.")
        self.assertIn(answer["suggestedType"], {"Problem", "Question", "Incident", "Feature Request"})
        self.assertIn(answer["suggestedPriority"], {"Critical", "High", "Medium", "Low"})
        self.assertTrue(answer["routingReason"])

    def test_product_recommend(self):
        answer = client.ai.product_recommend(account_id=self.account["Id"], budget=50000, industry="Technology")
        self.assertIsInstance(answer["bundle"], list)
        self.assertIsInstance(answer["crossSell"], list)

    def test_transcribe(self):
        answer = client.ai.transcribe(transcript="[00:00] John: Thanks for joining, Sarah.\n"
                                                 "[00:05] Sarah: We need a 10% discount to sign this quarter.\n"
                                                 "[01:10] John: I'll check with my manager and follow up tomorrow.",
                                      language="en", speakers=2)
        self.assertEqual(["John", "Sarah"], [s["name"] for s in answer["speakers"]])
        self.assertTrue(any("John" in item for item in answer["actionItems"]))

    def test_knowledge_ask(self):
        answer = client.ai.knowledge.ask("How do I reset my password?", max_results=5)
        self.assertIsInstance(answer["answer"], str)
        self.assertIsInstance(answer["sources"], list)

    def test_knowledge_search(self):
        answer = client.ai.knowledge.search("configure email notifications", limit=10)
        self.assertIsInstance(answer["results"], list)


if __name__ == "__main__":
    unittest.main()
