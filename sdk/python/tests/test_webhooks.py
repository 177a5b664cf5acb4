"""verify_webhook against signatures made exactly as webhook-service's Signature.java makes them."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from hotcrm import WebhookVerificationError, sign_webhook, verify_webhook  # noqa: E402

# Computed by running com.hotcrm.webhook.delivery.Signature (sign and header) on the JVM with the keys
# SigningSecrets.signingKey gives: the base64-decoded part of the whsec_ secret, and the plain secret's
# UTF-8 bytes. The body has non-ASCII characters, so the bytes signed are UTF-8.
BODY = ('{"id":"6f1c2a9e-0000-4000-8000-000000000001","type":"create","object":"Opportunity",'
        '"recordId":"opp_01J000000000000000000000","data":{"Name":"Enterprise Deal – Café","Amount":150000}}')
WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
PLAIN = "webhook_secret_key"
MSG_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
TIMESTAMP = 1674087231
JAVA_SIGNATURE_WHSEC = "v1,87noGCGuki8PVwop5sC4krMmLibd2LGUzaWqgArXnSg="
JAVA_SIGNATURE_PLAIN = "v1,fxuJEXrTWTgUHthh4FhLN/QPojg/vmmWQtgi4MUrROE="
JAVA_HEADER_ROTATION = JAVA_SIGNATURE_PLAIN + " " + JAVA_SIGNATURE_WHSEC


def headers(signature, timestamp=TIMESTAMP, msg_id=MSG_ID):
    return {"Webhook-Id": msg_id, "Webhook-Timestamp": str(timestamp), "Webhook-Signature": signature,
            "Content-Type": "application/json"}


class SignatureTest(unittest.TestCase):
    def test_signatures_match_the_servers(self):
        self.assertEqual(JAVA_SIGNATURE_WHSEC, sign_webhook(WHSEC, MSG_ID, TIMESTAMP, BODY))
        self.assertEqual(JAVA_SIGNATURE_PLAIN, sign_webhook(PLAIN, MSG_ID, TIMESTAMP, BODY.encode("utf-8")))

    def test_the_standard_webhooks_reference_vector(self):
        self.assertEqual("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                         sign_webhook(WHSEC, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}'))

    def test_a_genuine_delivery_verifies_and_its_body_is_returned(self):
        for secret, signature in [(WHSEC, JAVA_SIGNATURE_WHSEC), (PLAIN, JAVA_SIGNATURE_PLAIN)]:
            payload = verify_webhook(secret, headers(signature), BODY.encode("utf-8"), now=TIMESTAMP + 10)
            self.assertEqual("Enterprise Deal – Café", payload["data"]["Name"])

    def test_either_signature_of_a_rotation_verifies(self):
        for secret in (WHSEC, PLAIN):
            verify_webhook(secret, headers(JAVA_HEADER_ROTATION), BODY, now=TIMESTAMP)

    def test_header_names_in_any_case(self):
        lower = {k.lower(): v for k, v in headers(JAVA_SIGNATURE_WHSEC).items()}
        verify_webhook(WHSEC, lower, BODY, now=TIMESTAMP)

    def test_forgeries_are_refused(self):
        cases = {
            "another secret": (PLAIN + "x", headers(JAVA_SIGNATURE_PLAIN), BODY),
            "a changed body": (WHSEC, headers(JAVA_SIGNATURE_WHSEC), BODY.replace("150000", "1")),
            "another id": (WHSEC, headers(JAVA_SIGNATURE_WHSEC, msg_id="msg_other"), BODY),
            "another timestamp": (WHSEC, headers(JAVA_SIGNATURE_WHSEC, timestamp=TIMESTAMP + 1), BODY),
            "another version": (WHSEC, headers("v2," + JAVA_SIGNATURE_WHSEC[3:]), BODY),
            "no signature": (WHSEC, {"webhook-id": MSG_ID, "webhook-timestamp": str(TIMESTAMP)}, BODY),
            "garbage": (WHSEC, headers("v1,!!!"), BODY),
        }
        for name, (secret, hdrs, body) in cases.items():
            with self.subTest(name), self.assertRaises(WebhookVerificationError):
                verify_webhook(secret, hdrs, body, now=TIMESTAMP)

    def test_old_or_future_timestamps_are_refused_unless_tolerance_is_none(self):
        for now in (TIMESTAMP + 301, TIMESTAMP - 301):
            with self.assertRaises(WebhookVerificationError):
                verify_webhook(WHSEC, headers(JAVA_SIGNATURE_WHSEC), BODY, now=now)
        verify_webhook(WHSEC, headers(JAVA_SIGNATURE_WHSEC), BODY, now=TIMESTAMP + 3600, tolerance=3601)
        verify_webhook(WHSEC, headers(JAVA_SIGNATURE_WHSEC), BODY, tolerance=None)


if __name__ == "__main__":
    unittest.main()
