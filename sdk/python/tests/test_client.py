"""Unit tests of the client against a real local HTTP server playing the API."""

import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from hotcrm import APIConnectionError, Client, HotCRMError  # noqa: E402
from tests.fakeserver import FakeAPI, Recorded, error  # noqa: E402


def ok(body=None, status=200, **headers):
    return status, body, dict(headers)


class FakeServerTest(unittest.TestCase):
    def setUp(self):
        self.api = FakeAPI().__enter__()
        self.addCleanup(self.api.__exit__)

    def client(self, **options):
        options.setdefault("retry_backoff", 0.01)
        return Client(api_key="hcrm_test_key", base_url=self.api.base_url, **options)


class RetryTest(FakeServerTest):
    def test_429_is_retried_after_the_delay_retry_after_names(self):
        self.api.on("GET", "/v1/accounts/count",
                    error(429, "RATE_LIMIT_ERROR", "Rate limit exceeded", headers={"Retry-After": "1"}),
                    ok({"count": 7}))
        self.assertEqual(7, self.client().accounts.count())
        first, second = self.api.calls("GET", "/v1/accounts/count")
        self.assertGreaterEqual(second.at - first.at, 0.95)
        self.assertEqual(first.headers["x-request-id"], second.headers["x-request-id"])

    def test_503_is_retried_with_backoff_when_no_retry_after_is_given(self):
        self.api.on("POST", "/v1/accounts", error(503, "SERVER_ERROR", "records-service unavailable"),
                    error(503, "SERVER_ERROR", "records-service unavailable"), ok({"Id": "acc_1"}, 201))
        self.assertEqual({"Id": "acc_1"}, self.client().accounts.create(Name="Acme"))
        self.assertEqual(3, len(self.api.calls("POST", "/v1/accounts")))

    def test_every_write_carries_one_idempotency_key_for_all_its_attempts(self):
        self.api.on("POST", "/v1/accounts", error(503, "SERVER_ERROR", "down"), ok({"Id": "acc_1"}, 201))
        self.api.on("GET", "/v1/accounts", ok({"records": [], "totalCount": 0, "hasMore": False}))
        client = self.client()
        client.accounts.create(Name="Acme")
        client.accounts.create(Name="Acme")
        client.accounts.list()
        first, retry, other = self.api.calls("POST", "/v1/accounts")
        self.assertRegex(first.headers["idempotency-key"], r"^[0-9a-f-]{36}$")
        self.assertEqual(first.headers["idempotency-key"], retry.headers["idempotency-key"])
        self.assertNotEqual(first.headers["idempotency-key"], other.headers["idempotency-key"])
        self.assertNotIn("idempotency-key", self.api.calls("GET", "/v1/accounts")[0].headers)

    def test_reads_sent_as_post_carry_no_idempotency_key(self):
        self.api.on("POST", "/v1/query", ok({"records": [], "totalCount": 0, "hasMore": False}))
        self.api.on("POST", "/v1/accounts/groupby", ok({"groups": []}))
        client = self.client()
        client.query("Account")
        client.accounts.group_by(["Industry"], {"n": {"function": "count"}})
        for path in ("/v1/query", "/v1/accounts/groupby"):
            self.assertNotIn("idempotency-key", self.api.calls("POST", path)[0].headers)

    def test_a_write_without_an_answer_is_sent_again_under_its_key_and_gets_the_first_answer(self):
        calls = []

        def answer(request):
            calls.append(request)
            if len(calls) == 1:
                time.sleep(1.0)  # longer than the client waits
                return ok({"Id": "acc_9"}, 201)
            if len(calls) == 2:
                return error(409, "IDEMPOTENCY_ERROR", "still running", headers={"Retry-After": "0"})
            return ok({"Id": "acc_9"}, 201)

        self.api.on("POST", "/v1/accounts", answer)
        self.assertEqual({"Id": "acc_9"}, self.client(timeout=0.3).accounts.create(Name="Gamma"))
        self.assertEqual(3, len(calls))
        self.assertEqual(1, len({c.headers["idempotency-key"] for c in calls}))

    def test_retries_are_bounded_then_the_error_is_raised(self):
        self.api.on("GET", "/v1/accounts", error(503, "SERVER_ERROR", "down", headers={"Retry-After": "0"}))
        with self.assertRaises(HotCRMError) as raised:
            self.client(max_retries=2).accounts.list()
        self.assertEqual((503, "SERVER_ERROR"), (raised.exception.status, raised.exception.code))
        self.assertEqual(3, len(self.api.calls("GET", "/v1/accounts")))

    def test_a_retry_after_longer_than_max_retry_wait_is_raised_at_once(self):
        self.api.on("GET", "/v1/accounts", error(429, "RATE_LIMIT_ERROR", "over", headers={"Retry-After": "1800"}))
        started = time.monotonic()
        with self.assertRaises(HotCRMError) as raised:
            self.client(max_retry_wait=10).accounts.list()
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(("RATE_LIMIT_ERROR", 429, 1800.0),
                         (raised.exception.code, raised.exception.status, raised.exception.retry_after))
        self.assertEqual(1, len(self.api.requests))

    def test_no_retries_when_max_retries_is_zero(self):
        self.api.on("GET", "/v1/accounts", error(503, "SERVER_ERROR"), ok({"records": []}))
        with self.assertRaises(HotCRMError):
            self.client(max_retries=0).accounts.list()
        self.assertEqual(1, len(self.api.requests))

    def test_other_errors_are_not_retried(self):
        self.api.on("GET", "/v1/accounts/acc_1", error(500, "SERVER_ERROR"), ok({"Id": "acc_1"}))
        with self.assertRaises(HotCRMError):
            self.client().accounts.get("acc_1")
        self.assertEqual(1, len(self.api.requests))


class ErrorTest(FakeServerTest):
    def test_the_error_envelope_becomes_a_hotcrm_error(self):
        details = [{"field": "Email", "message": "Email is required"}]
        self.api.on("POST", "/v1/contacts", error(400, "VALIDATION_ERROR", "Validation failed", details,
                                                  headers={"X-Request-Id": "req-42"}))
        with self.assertRaises(HotCRMError) as raised:
            self.client().contacts.create(LastName="Doe")
        e = raised.exception
        self.assertEqual(("VALIDATION_ERROR", 400, "Validation failed", details, "req-42"),
                         (e.code, e.status, e.message, e.details, e.request_id))
        self.assertIn("Email: Email is required", str(e))
        self.assertIn("req-42", str(e))

    def test_every_code_of_the_reference_is_kept(self):
        for status, code in [(400, "DUPLICATE_ERROR"), (401, "AUTHENTICATION_ERROR"), (403, "PERMISSION_ERROR"),
                             (404, "NOT_FOUND"), (409, "REFERENCE_ERROR"), (500, "SERVER_ERROR"),
                             (412, "PRECONDITION_FAILED")]:
            self.api.on("DELETE", "/v1/accounts/acc_1", error(status, code, "no"))
            with self.assertRaises(HotCRMError) as raised:
                self.client().accounts.delete("acc_1")
            self.assertEqual((status, code), (raised.exception.status, raised.exception.code))

    def test_an_answer_without_the_envelope_is_still_an_error_with_a_code(self):
        self.api.on("GET", "/v1/accounts", (502, b"<html>Bad Gateway</html>", {"Content-Type": "text/html"}))
        with self.assertRaises(HotCRMError) as raised:
            self.client().accounts.list()
        self.assertEqual((502, "SERVER_ERROR"), (raised.exception.status, raised.exception.code))
        self.assertIn("Bad Gateway", raised.exception.message)

    def test_no_server_is_a_connection_error(self):
        client = Client(api_key="k", base_url="http://127.0.0.1:9/v1", timeout=2, max_retries=0)
        with self.assertRaises(APIConnectionError) as raised:
            client.accounts.list()
        self.assertEqual("CONNECTION_ERROR", raised.exception.code)
        self.assertIsNone(raised.exception.status)


class PagingTest(FakeServerTest):
    def serve(self, total, cursors=True):
        ids = [f"acc_{i:04d}" for i in range(total)]

        def handler(request: Recorded):
            limit = int(request.query.get("limit", 50))
            start = int(request.query["cursor"]) if "cursor" in request.query else int(request.query.get("offset", 0))
            page = ids[start:start + limit]
            more = start + limit < total
            body = {"records": [{"Id": i} for i in page], "totalCount": total, "hasMore": more, "limit": limit,
                    "offset": int(request.query.get("offset", 0))}
            if more and cursors:
                body["nextCursor"] = str(start + limit)
            return ok(body)

        self.api.on("GET", "/v1/accounts", handler)
        return ids

    def test_iterate_follows_next_cursor_and_yields_every_record_once(self):
        ids = self.serve(450)
        filters = [["Name", "like", "Acme%"]]
        got = [r["Id"] for r in self.client().accounts.iterate(filters=filters, sort="-Name", page_size=200)]
        self.assertEqual(ids, got)
        calls = self.api.calls("GET", "/v1/accounts")
        self.assertEqual(3, len(calls))
        self.assertEqual([None, "200", "400"], [c.query.get("cursor") for c in calls])
        for call in calls:
            self.assertEqual('[["Name","like","Acme%"]]', call.query["filters"])
            self.assertEqual(("-Name", "200"), (call.query["sort"], call.query["limit"]))
            self.assertNotIn("offset", call.query)

    def test_iterate_pages_by_offset_when_the_server_sends_no_cursor(self):
        ids = self.serve(120, cursors=False)
        self.assertEqual(ids, [r["Id"] for r in self.client().accounts.iterate(page_size=50)])
        self.assertEqual([None, "50", "100"], [c.query.get("offset") for c in self.api.requests])

    def test_iterate_is_lazy(self):
        self.serve(450)
        first = next(iter(self.client().accounts.iterate(page_size=100)))
        self.assertEqual("acc_0000", first["Id"])
        self.assertEqual(1, len(self.api.requests))

    def test_iterate_query_follows_cursors_in_the_body(self):
        def handler(request):
            start = int(request.json.get("cursor") or 0)
            more = start + 2 < 5
            return ok({"records": [{"Id": f"opp_{i}"} for i in range(start, min(start + 2, 5))], "hasMore": more,
                       **({"nextCursor": str(start + 2)} if more else {})})

        self.api.on("POST", "/v1/query", handler)
        got = [r["Id"] for r in self.client().iterate_query("Opportunity", fields=["Name"], page_size=2)]
        self.assertEqual([f"opp_{i}" for i in range(5)], got)
        self.assertEqual({"object": "Opportunity", "fields": ["Name"], "limit": 2}, self.api.requests[0].json)
        self.assertEqual("4", self.api.requests[2].json["cursor"])


class ChangesTest(FakeServerTest):
    @staticmethod
    def page(start, end, more):
        changes = [{"cursor": f"c{i + 1}", "type": "delete" if i % 3 == 2 else "update", "object": "Account",
                    "recordId": f"acc_{i}", "occurredAt": "2026-12-06T05:00:00Z",
                    "changedFields": [] if i % 3 == 2 else ["Name"],
                    "record": None if i % 3 == 2 else {"Id": f"acc_{i}", "Name": f"Account {i}"}}
                   for i in range(start, end)]
        return ok({"changes": changes, "nextCursor": f"c{end}", "hasMore": more})

    def test_since_follows_next_cursor_to_the_head(self):
        pages = {"now": self.page(0, 0, False), "c0": self.page(0, 3, True), "c3": self.page(3, 5, True),
                 "c5": self.page(5, 5, False)}
        self.api.on("GET", "/v1/changes", lambda request: pages.get(request.query.get("since"),
                                                                    error(400, "VALIDATION_ERROR", "cursor")))
        client = self.client()
        head = client.changes.head(["Account", "Contact"])
        self.assertEqual("c0", head)
        seen = list(client.changes.since(head, ["Account", "Contact"], page_size=3))
        self.assertEqual([f"acc_{i}" for i in range(5)], [c["recordId"] for c in seen])
        self.assertIsNone(seen[2]["record"], "a tombstone")
        self.assertEqual("c5", seen[-1]["cursor"])
        calls = self.api.calls("GET", "/v1/changes")
        self.assertEqual(4, len(calls), "head, then three pages")
        self.assertEqual(("Account,Contact", "3"), (calls[1].query["object"], calls[1].query["limit"]))

    def test_no_cursor_starts_at_the_oldest_and_an_expired_one_raises(self):
        self.api.on("GET", "/v1/changes", lambda request: error(410, "CURSOR_EXPIRED", "too old")
                    if "since" in request.query else self.page(0, 2, False))
        client = self.client()
        self.assertEqual(2, len(list(client.changes.since(None, ["Account"]))))
        with self.assertRaises(HotCRMError) as raised:
            client.changes.page(["Account"], since="c1")
        self.assertEqual(("CURSOR_EXPIRED", 410), (raised.exception.code, raised.exception.status))


class LoginTest(FakeServerTest):
    def login(self, expires_in=3600):
        pairs = iter([("access-1", "refresh-1"), ("access-2", "refresh-2"), ("access-3", "refresh-3")])

        def issue(request):
            token, refresh = next(pairs)
            return ok({"token": token, "expiresIn": expires_in, "refreshToken": refresh})

        self.api.on("POST", "/v1/auth/token", issue)
        self.api.on("POST", "/v1/auth/refresh", issue)
        return Client.login("admin@hotcrm.local", "secret-password", base_url=self.api.base_url)

    def accounts_accepting(self, *tokens):
        def handler(request):
            if request.token in tokens:
                return ok({"records": [], "hasMore": False})
            return error(401, "AUTHENTICATION_ERROR", "Token expired")

        self.api.on("GET", "/v1/accounts", handler)

    def test_login_posts_the_credentials_without_a_token(self):
        client = self.login()
        call = self.api.calls("POST", "/v1/auth/token")[0]
        self.assertEqual({"email": "admin@hotcrm.local", "password": "secret-password"}, call.json)
        self.assertNotIn("authorization", call.headers)
        self.assertEqual(("access-1", "refresh-1"), (client.access_token, client.refresh_token))

    def test_a_401_refreshes_once_and_the_call_is_sent_again(self):
        client = self.login()
        self.accounts_accepting("access-2")
        self.assertEqual({"records": [], "hasMore": False}, client.accounts.list())
        self.assertEqual([{"refreshToken": "refresh-1"}], [c.json for c in self.api.calls("POST", "/v1/auth/refresh")])
        self.assertEqual(["access-1", "access-2"], [c.token for c in self.api.calls("GET", "/v1/accounts")])
        self.assertEqual(("access-2", "refresh-2"), (client.access_token, client.refresh_token))
        self.assertIsNone(self.api.calls("POST", "/v1/auth/refresh")[0].token)

    def test_a_second_401_after_the_refresh_is_raised(self):
        client = self.login()
        self.accounts_accepting()
        with self.assertRaises(HotCRMError) as raised:
            client.accounts.list()
        self.assertEqual("AUTHENTICATION_ERROR", raised.exception.code)
        self.assertEqual(1, len(self.api.calls("POST", "/v1/auth/refresh")))
        self.assertEqual(2, len(self.api.calls("GET", "/v1/accounts")))

    def test_a_refused_refresh_is_raised(self):
        client = self.login()
        self.accounts_accepting()
        self.api.on("POST", "/v1/auth/refresh", error(401, "AUTHENTICATION_ERROR", "Refresh token revoked"))
        with self.assertRaises(HotCRMError) as raised:
            client.accounts.list()
        self.assertEqual(("AUTHENTICATION_ERROR", "Refresh token revoked"),
                         (raised.exception.code, raised.exception.message))

    def test_an_expiring_access_token_is_refreshed_before_the_call(self):
        client = self.login(expires_in=3600)
        self.accounts_accepting("access-2")
        client._http.tokens.expires_at = time.time() + 5  # within the leeway
        client.accounts.list()
        self.assertEqual(["access-2"], [c.token for c in self.api.calls("GET", "/v1/accounts")])
        client.accounts.list()
        self.assertEqual(1, len(self.api.calls("POST", "/v1/auth/refresh")))

    def test_concurrent_401s_refresh_once(self):
        client = self.login()
        gate = threading.Barrier(4)

        def handler(request):
            if request.token == "access-1":
                try:
                    gate.wait(timeout=2)  # all four calls are in flight with the old token
                except threading.BrokenBarrierError:
                    pass
                return error(401, "AUTHENTICATION_ERROR", "Token expired")
            return ok({"records": []})

        self.api.on("GET", "/v1/accounts", handler)
        failures = []

        def call():
            try:
                client.accounts.list()
            except Exception as e:  # pragma: no cover - reported below
                failures.append(e)

        threads = [threading.Thread(target=call) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual([], failures)
        self.assertEqual(1, len(self.api.calls("POST", "/v1/auth/refresh")))

    def test_an_api_key_client_does_not_try_to_refresh(self):
        self.accounts_accepting()
        with self.assertRaises(HotCRMError) as raised:
            self.client().accounts.list()
        self.assertEqual(401, raised.exception.status)
        self.assertEqual([], self.api.calls("POST", "/v1/auth/refresh"))

    def test_logout_revokes_the_refresh_token(self):
        client = self.login()
        self.api.on("POST", "/v1/auth/logout", ok(None, 204))
        client.logout()
        self.assertEqual([{"refreshToken": "refresh-1"}], [c.json for c in self.api.calls("POST", "/v1/auth/logout")])
        self.assertIsNone(client.refresh_token)


class RequestShapeTest(FakeServerTest):
    def test_api_key_and_json_headers(self):
        self.api.on("GET", "/v1/accounts", ok({"records": []}))
        self.client().accounts.list()
        headers = self.api.requests[0].headers
        self.assertEqual("Bearer hcrm_test_key", headers["authorization"])
        self.assertEqual("application/json", headers["accept"])
        self.assertTrue(headers["user-agent"].startswith("hotcrm-python/"))

    def test_list_parameters(self):
        self.api.on("GET", "/v1/opportunities", ok({"records": []}))
        self.client().opportunities.list(filters=[["Stage", "!=", "Closed Lost"], ["Amount", ">", 10000]],
                                         fields=["Name", "Amount"], sort=[["Amount", "desc"], "Name"], limit=20,
                                         offset=40, exact_count=True)
        self.assertEqual({"filters": '[["Stage","!=","Closed Lost"],["Amount",">",10000]]', "fields": "Name,Amount",
                          "sort": "-Amount,Name", "limit": "20", "offset": "40", "count": "exact"},
                         self.api.requests[0].query)

    def test_crud_methods_and_bodies(self):
        for method, path, body in [("GET", "/v1/accounts/acc_1", {"Id": "acc_1"}),
                                   ("PATCH", "/v1/accounts/acc_1", {"Id": "acc_1"}),
                                   ("PUT", "/v1/accounts/acc_1", {"Id": "acc_1"}),
                                   ("DELETE", "/v1/accounts/acc_1", {"success": True})]:
            self.api.on(method, path, ok(body))
        self.api.on("POST", "/v1/accounts", ok({"Id": "acc_1"}, 201))
        accounts = self.client().accounts
        accounts.create({"Name": "Acme"}, Industry="Technology")
        accounts.get("acc_1", fields="Name,Industry")
        accounts.update("acc_1", Phone="+1-555-9999")
        accounts.replace("acc_1", Name="Acme 2")
        self.assertEqual({"success": True}, accounts.delete("acc_1"))
        self.assertEqual([("POST", {"Name": "Acme", "Industry": "Technology"}), ("GET", None),
                          ("PATCH", {"Phone": "+1-555-9999"}), ("PUT", {"Name": "Acme 2"}), ("DELETE", None)],
                         [(r.method, r.json) for r in self.api.requests])
        self.assertEqual({"fields": "Name,Industry"}, self.api.requests[1].query)

    def test_ids_are_escaped_in_paths(self):
        self.api.on("GET", "/v1/accounts/a%2Fb%3F", ok({"Id": "x"}))
        self.client().accounts.get("a/b?")
        self.assertEqual("/v1/accounts/a%2Fb%3F", self.api.requests[0].path)

    def test_any_object_by_name(self):
        self.api.on("POST", "/v1/project__c", ok({"Id": "cpro_1"}, 201))
        self.api.on("GET", "/v1/opportunitylineitems", ok({"records": []}))
        client = self.client()
        client.object("Project__c").create(Phase__c="Plan")
        client.object("OpportunityLineItem").list()
        self.assertEqual("Account", client.object("accounts").name)
        self.assertEqual(["/v1/project__c", "/v1/opportunitylineitems"], [r.path for r in self.api.requests])

    def test_aggregations(self):
        self.api.on("GET", "/v1/opportunities/count", ok({"count": 3}))
        self.api.on("GET", "/v1/opportunities/sum/Amount", ok({"sum": 10, "count": 2}))
        self.api.on("GET", "/v1/opportunities/avg/Amount", ok({"average": 5, "count": 2}))
        self.api.on("POST", "/v1/opportunities/groupby", ok({"groups": []}))
        opps = self.client().opportunities
        won = [["Stage", "=", "Closed Won"]]
        self.assertEqual(3, opps.count(won))
        self.assertEqual({"sum": 10, "count": 2}, opps.sum("Amount", filters=won))
        self.assertEqual({"average": 5, "count": 2}, opps.avg("Amount", won))
        opps.group_by("Stage", {"total": {"function": "SUM", "field": "Amount"}}, filters=won)
        self.assertEqual('[["Stage","=","Closed Won"]]', self.api.requests[0].query["filters"])
        self.assertEqual({"groupBy": "Stage", "aggregations": {"total": {"function": "SUM", "field": "Amount"}},
                          "filters": won}, self.api.requests[3].json)

    def test_query_takes_keywords_or_the_reference_body(self):
        self.api.on("POST", "/v1/query", ok({"records": []}))
        client = self.client()
        client.query("Opportunity", fields=["Name"], filters=[["Amount", ">", 1]], sort=[["Amount", "desc"]], limit=5)
        body = {"object": "Account", "fields": ["Name"], "related": {"Contacts": {"fields": ["LastName"]}}}
        client.query(body)
        client.query("opportunities", exact_count=True)
        self.assertEqual([{"object": "Opportunity", "fields": ["Name"], "filters": [["Amount", ">", 1]],
                           "sort": [["Amount", "desc"]], "limit": 5}, body,
                          {"object": "Opportunity", "count": "exact"}],
                         [r.json for r in self.api.requests])

    def test_batch_bodies_and_chunks_of_200(self):
        def answer(request):
            items = request.json.get("records") or request.json.get("updates") or request.json.get("ids")
            return ok({"results": [{"Id": "x", "success": True}] * len(items), "successCount": len(items),
                       "errorCount": 0})

        for method in ("POST", "PATCH", "DELETE"):
            self.api.on(method, "/v1/batch/leads", answer)
        batch = self.client().batch.leads
        result = batch.create([{"LastName": f"L{i}", "Company": "C"} for i in range(450)])
        self.assertEqual((450, 0, 450), (result["successCount"], result["errorCount"], len(result["results"])))
        self.assertEqual([200, 200, 50], [len(r.json["records"]) for r in self.api.requests])
        batch.update([{"Id": "lead_1", "Status": "Working"}], all_or_none=True)
        self.assertEqual({"updates": [{"Id": "lead_1", "Status": "Working"}], "allOrNone": True},
                         self.api.requests[-1].json)
        batch.delete(["lead_1", "lead_2"])
        self.assertEqual({"ids": ["lead_1", "lead_2"]}, self.api.requests[-1].json)
        with self.assertRaises(ValueError):
            batch.delete([f"lead_{i}" for i in range(201)], all_or_none=True)

    def test_ai_keywords_become_the_apis_camel_case_names(self):
        client = self.client()
        for path in ["lead-score/lead_1", "win-prediction/opp_1", "briefing", "transcribe", "case-categorize",
                     "product-recommend", "knowledge/ask", "knowledge/search"]:
            self.api.on("POST", "/v1/ai/" + path, ok({"engine": "builtin"}))
        client.ai.lead_score("lead_1")
        client.ai.win_prediction("opp_1")
        client.ai.briefing(account_id="acc_123", time_range="last_30_days", include_cases=True)
        client.ai.transcribe(transcript="[00:00] John: Hi", language="en", speakers=2)
        client.ai.case_categorize(subject="Down", description="All users affected")
        client.ai.product_recommend(account_id="acc_1", budget=50000, existing_products=["prod_001"])
        client.ai.knowledge.ask("How do I reset my password?", category="FAQ", max_results=5)
        client.ai.knowledge.search("configure email notifications", limit=10)
        self.assertEqual([None, None,
                          {"accountId": "acc_123", "includeCases": True, "timeRange": "last_30_days"},
                          {"transcript": "[00:00] John: Hi", "language": "en", "speakers": 2},
                          {"subject": "Down", "description": "All users affected"},
                          {"accountId": "acc_1", "budget": 50000, "existingProducts": ["prod_001"]},
                          {"question": "How do I reset my password?", "category": "FAQ", "maxResults": 5},
                          {"query": "configure email notifications", "limit": 10}],
                         [r.json for r in self.api.requests])

    def test_webhooks_and_metadata_paths(self):
        routes = [("GET", "/v1/webhooks"), ("POST", "/v1/webhooks"), ("GET", "/v1/webhooks/wh_1"),
                  ("PATCH", "/v1/webhooks/wh_1"), ("GET", "/v1/webhooks/wh_1/deliveries"),
                  ("POST", "/v1/webhooks/wh_1/deliveries/del_1/retry"), ("POST", "/v1/webhooks/wh_1/test"),
                  ("DELETE", "/v1/webhooks/wh_1"), ("GET", "/v1/metadata/objects"),
                  ("GET", "/v1/metadata/objects/Account"), ("POST", "/v1/metadata/objects"),
                  ("POST", "/v1/metadata/objects/Account/fields")]
        for method, path in routes:
            self.api.on(method, path, ok({}))
        client = self.client()
        client.webhooks.list(limit=10)
        client.webhooks.create(name="Opp", object="Opportunity", events=["create", "update"],
                               url="https://myapp.com/webhooks/opportunity", secret="webhook_secret_key")
        client.webhooks.get("wh_1")
        client.webhooks.update("wh_1", active=False, rotate_secret=True)
        client.webhooks.deliveries("wh_1", status="failed")
        client.webhooks.retry("wh_1", "del_1")
        client.webhooks.test("wh_1")
        client.webhooks.delete("wh_1")
        client.metadata.objects()
        client.metadata.describe("accounts")
        client.metadata.create_object(name="Project__c", label="Project", fields=[])
        client.metadata.create_field("Account", name="Tier__c", type="text")
        self.assertEqual(routes, [(r.method, r.path) for r in self.api.requests])
        self.assertEqual({"active": False, "rotateSecret": True}, self.api.requests[3].json)
        self.assertEqual({"status": "failed"}, self.api.requests[4].query)
        self.assertEqual({"name": "Opp", "object": "Opportunity", "events": ["create", "update"],
                          "url": "https://myapp.com/webhooks/opportunity", "secret": "webhook_secret_key"},
                         self.api.requests[1].json)

    def test_dates_and_decimals_are_sent_as_json(self):
        import datetime
        import decimal
        self.api.on("POST", "/v1/opportunities", ok({}, 201))
        self.client().opportunities.create(Name="D", CloseDate=datetime.date(2026, 12, 31),
                                           Amount=decimal.Decimal("150000.50"))
        self.assertEqual({"Name": "D", "CloseDate": "2026-12-31", "Amount": 150000.5}, self.api.requests[0].json)

    def test_base_url_and_api_key_from_the_environment(self):
        self.api.on("GET", "/v1/accounts", ok({"records": []}))
        saved = {k: os.environ.get(k) for k in ("HOTCRM_API_KEY", "HOTCRM_BASE_URL")}
        os.environ["HOTCRM_API_KEY"], os.environ["HOTCRM_BASE_URL"] = "hcrm_env", self.api.base_url + "/"
        try:
            Client().accounts.list()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self.assertEqual("hcrm_env", self.api.requests[0].token)

    def test_default_base_url(self):
        saved = os.environ.pop("HOTCRM_BASE_URL", None)
        try:
            self.assertEqual("https://api.hotcrm.com/v1", Client(api_key="k").base_url)
        finally:
            if saved is not None:
                os.environ["HOTCRM_BASE_URL"] = saved


WIN = {
    "opportunityId": "opp_456", "winProbability": 62, "riskFactors": [], "nextStepSuggestion": "Send the proposal",
    "competitiveIntel": "No competitor mentioned", "confidence": 71,
    "topPositiveFactors": [{"feature": "stage", "value": "Negotiation", "impact": 1.25},
                           {"feature": "activities", "value": 14, "impact": 0.4}],
    "topNegativeFactors": [{"feature": "accountWins", "value": None, "impact": -0.31}],
    "model": "win model v3: logistic regression on 812 closed opportunities", "modelVersion": 3,
    "engine": "builtin", "writtenBack": False,
}

MODELS = {
    "models": [
        {"name": "win", "version": 2, "trainedAt": "2026-03-02T10:00:00Z", "rows": 400,
         "metrics": {"rows": 80, "heldOut": True, "auc": 0.82, "accuracy": 0.76, "brier": 0.17, "trainRows": 320,
                     "calibration": [{"band": "0-20%", "rows": 10, "predicted": 0.12, "observed": 0.1}]},
         "baseline": {"rows": 80, "auc": 0.7, "name": "stage prior"}, "current": True,
         "live": {"resolved": 25, "auc": 0.8, "accuracy": 0.72, "brier": 0.18}},
        {"name": "win", "version": 1, "trainedAt": "2026-02-01T10:00:00Z", "rows": 200,
         "metrics": {"rows": 40, "auc": 0.78}, "baseline": {"rows": 40, "auc": 0.69}, "current": False,
         "live": {"resolved": 30, "auc": 0.75, "accuracy": 0.7, "brier": 0.2}},
    ],
    "accuracy": {
        "lead": {"resolved": 0, "byMonth": []},
        "win": {"resolved": 55, "auc": 0.77, "accuracy": 0.71, "brier": 0.19, "byMonth": [
            {"month": "2026-02", "resolved": 30, "auc": 0.75, "accuracy": 0.7, "brier": 0.2},
            {"month": "2026-03", "resolved": 25, "auc": 0.8, "accuracy": 0.72, "brier": 0.18}]},
    },
}


class AITest(FakeServerTest):
    """The AI answers as the API sends them, and the models' endpoints: method, path, query, answer."""

    def last(self):
        request = self.api.requests[-1]
        return request.method, request.path, request.query, request.json

    def test_win_prediction_parses_the_learnt_factors_and_sends_write_back(self):
        self.api.on("POST", "/v1/ai/win-prediction/opp_456", ok(WIN))
        client = self.client()
        prediction = client.ai.win_prediction("opp_456")
        self.assertEqual(("POST", "/v1/ai/win-prediction/opp_456", {}, None), self.last())
        self.assertEqual(WIN, prediction)
        self.assertEqual("Negotiation", prediction["topPositiveFactors"][0]["value"])
        self.assertEqual(14, prediction["topPositiveFactors"][1]["value"])
        self.assertIsNone(prediction["topNegativeFactors"][0]["value"])
        self.assertEqual(-0.31, prediction["topNegativeFactors"][0]["impact"])
        self.assertEqual(3, prediction["modelVersion"])
        self.assertIs(False, prediction["writtenBack"])
        client.ai.win_prediction("opp_456", write_back=False)
        self.assertEqual(("POST", "/v1/ai/win-prediction/opp_456", {"writeBack": "false"}, None), self.last())
        client.ai.win_prediction("opp_456", write_back=True)
        self.assertEqual({"writeBack": "true"}, self.api.requests[-1].query)

    def test_lead_score_write_back_and_learnt_fields(self):
        self.api.on("POST", "/v1/ai/lead-score/lead_123", ok({
            "leadId": "lead_123", "score": 64, "factors": {"completeness": 90, "companyQuality": 50, "engagement": 30},
            "topPositiveFactors": [{"feature": "completeness", "value": 0.9, "impact": 0.8}],
            "topNegativeFactors": [], "model": "lead model v2", "modelVersion": 2, "engine": "builtin",
            "writtenBack": True}))
        score = self.client().ai.lead_score("lead_123", write_back=True)
        self.assertEqual(("POST", "/v1/ai/lead-score/lead_123", {"writeBack": "true"}, None), self.last())
        self.assertEqual([{"feature": "completeness", "value": 0.9, "impact": 0.8}], score["topPositiveFactors"])
        self.assertEqual(("lead model v2", 2, True), (score["model"], score["modelVersion"], score["writtenBack"]))

    def test_models_list_every_version_and_the_live_accuracy(self):
        self.api.on("GET", "/v1/ai/models", ok(MODELS))
        models = self.client().ai.models.list()
        self.assertEqual(("GET", "/v1/ai/models", {}, None), self.last())
        self.assertEqual(MODELS, models)
        current = next(m for m in models["models"] if m["name"] == "win" and m["current"])
        self.assertEqual(2, current["version"])
        self.assertEqual(0.82, current["metrics"]["auc"])
        self.assertEqual("0-20%", current["metrics"]["calibration"][0]["band"])
        self.assertEqual("stage prior", current["baseline"]["name"])
        self.assertEqual(25, current["live"]["resolved"])
        self.assertEqual("2026-03", models["accuracy"]["win"]["byMonth"][1]["month"])
        self.assertNotIn("auc", models["accuracy"]["lead"])

    def test_train_answers_the_new_version_or_why_none(self):
        trained = {"name": "win", "version": 4, "trainedAt": "2026-03-05T08:00:00Z", "rows": 450,
                   "metrics": {"rows": 90, "heldOut": True, "auc": 0.84, "trainRows": 360},
                   "baseline": {"rows": 90, "auc": 0.7, "name": "stage prior"}, "trained": True}
        refused = {"name": "lead", "trained": False,
                   "reason": "A lead model needs at least 40 converted or unqualified leads, 10 of each; there are 12"}
        self.api.on("POST", "/v1/ai/models/win/train", ok(trained))
        self.api.on("POST", "/v1/ai/models/lead/train", ok(refused))
        client = self.client()
        self.assertEqual(trained, client.ai.models.train("win"))
        self.assertEqual(("POST", "/v1/ai/models/win/train", {}, None), self.last())
        answer = client.ai.models.train("lead")
        self.assertEqual(("POST", "/v1/ai/models/lead/train", {}, None), self.last())
        self.assertIs(False, answer["trained"])
        self.assertTrue(answer["reason"].startswith("A lead model needs at least 40"))

    def test_backfill_starts_with_202_and_reports_its_status(self):
        running = {"state": "running", "startedAt": "2026-03-05T08:00:00.5Z", "finishedAt": None,
                   "stored": {"Account": 0, "Opportunity": 0, "OpportunityLineItem": 0, "Activity": 0, "Lead": 0,
                              "Case": 0}}
        failed = {"state": "failed", "startedAt": "2026-03-05T08:00:00.5Z", "finishedAt": "2026-03-05T08:02:10Z",
                  "stored": {"Account": 1200, "Opportunity": 5400, "pages": 34, "skipped": 2},
                  "error": "query-service unavailable"}
        self.api.on("POST", "/v1/ai/models/backfill", ok(running, 202))
        self.api.on("GET", "/v1/ai/models/backfill", ok(failed))
        client = self.client()
        self.assertEqual(running, client.ai.models.backfill())
        self.assertEqual(("POST", "/v1/ai/models/backfill", {}, None), self.last())
        status = client.ai.models.backfill_status()
        self.assertEqual(("GET", "/v1/ai/models/backfill", {}, None), self.last())
        self.assertEqual("failed", status["state"])
        self.assertEqual(5400, status["stored"]["Opportunity"])
        self.assertEqual("query-service unavailable", status["error"])


if __name__ == "__main__":
    unittest.main()
