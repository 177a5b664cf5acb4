package com.hotcrm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hotcrm.sdk.FakeApi.Response;
import com.hotcrm.sdk.model.ErrorDetail;

/** Every failure is a HotCRMException carrying the API's code, status, details and request id. */
class ErrorsTest extends FakeApiClientTest {

    @Test
    void aValidationErrorCarriesItsCodeDetailsAndRequestId() {
        api.on("POST", "/opportunities", request -> Response.json(400, """
                {"error": {"code": "VALIDATION_ERROR", "message": "Validation failed", "details": [
                  {"field": "Name", "message": "Name is required"},
                  {"field": "Stage", "message": "Stage must be one of Prospecting, ..."}]}}""")
                .header("X-Request-Id", "req-from-gateway"));

        HotCRMException error = assertThrows(HotCRMException.class,
                () -> client.opportunities().create(Map.of("Stage", "Dreaming")));

        assertEquals("VALIDATION_ERROR", error.code());
        assertTrue(error.is(HotCRMException.VALIDATION_ERROR));
        assertEquals(400, error.status());
        assertEquals("Validation failed", error.errorMessage());
        assertEquals(List.of(new ErrorDetail("Name", "Name is required"),
                new ErrorDetail("Stage", "Stage must be one of Prospecting, ...")), error.details());
        assertEquals("Name is required", error.detail("Name").orElseThrow());
        assertEquals("req-from-gateway", error.requestId());
        assertTrue(error.getMessage().contains("Name: Name is required"), error.getMessage());
        assertTrue(error.getMessage().contains("req-from-gateway"), error.getMessage());
    }

    @Test
    void everyCodeOfTheReferenceComesThroughAsSent() {
        Map<Integer, String> codes = Map.of(400, "DUPLICATE_ERROR", 401, "AUTHENTICATION_ERROR", 403, "PERMISSION_ERROR",
                404, "NOT_FOUND", 409, "REFERENCE_ERROR", 412, "PRECONDITION_FAILED", 500, "SERVER_ERROR");
        codes.forEach((status, code) -> {
            api.on("DELETE", "/accounts/acc_" + status, request -> Response.error(status, code, "no"));
            HotCRMException error = assertThrows(HotCRMException.class, () -> client.accounts().delete("acc_" + status));
            assertEquals(code, error.code());
            assertEquals(status, error.status());
            assertNotNull(error.requestId(), "the id the SDK sent, when the answer has none");
            assertEquals(error.requestId(), api.requests("DELETE", "/accounts/acc_" + status).get(0).header("X-Request-Id"));
        });
    }

    @Test
    void anAnswerWithoutTheEnvelopeIsMappedByItsStatus() {
        api.on("GET", "/accounts", request -> new Response(502, "<html>Bad Gateway</html>", Map.of("Content-Type", "text/html")));
        HotCRMException error = assertThrows(HotCRMException.class, () -> client.accounts().list());
        assertEquals("SERVER_ERROR", error.code());
        assertEquals(502, error.status());
        assertEquals("<html>Bad Gateway</html>", error.errorMessage());

        api.on("GET", "/contacts", request -> new Response(404, "", Map.of()));
        assertEquals("NOT_FOUND", assertThrows(HotCRMException.class, () -> client.contacts().list()).code());
    }

    @Test
    void noAnswerIsAConnectionError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HotCRMClient nowhere = HotCRMClient.builder().apiKey("k").baseUrl("http://127.0.0.1:" + closedPort + "/v1")
                .maxRetries(0).build();
        HotCRMException error = assertThrows(HotCRMException.class, () -> nowhere.accounts().get("acc_1"));
        assertEquals(HotCRMException.CONNECTION_ERROR, error.code());
        assertEquals(0, error.status());
    }

    @Test
    void everyCallHasATimeout() {
        api.on("GET", "/accounts/acc_slow", request -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.ok("{\"Id\":\"acc_slow\"}");
        });
        HotCRMClient impatient = HotCRMClient.builder().apiKey("k").baseUrl(api.url()).timeout(Duration.ofMillis(300))
                .maxRetries(0).build();
        long started = System.nanoTime();
        HotCRMException error = assertThrows(HotCRMException.class, () -> impatient.accounts().get("acc_slow"));
        assertEquals(HotCRMException.CONNECTION_ERROR, error.code());
        assertTrue(error.errorMessage().contains("no answer within 300 ms"), error.errorMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
    }
}
