package com.hotcrm.platform.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.platform.json.JsonConfig;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The consumer base reads a change event once, the way every service reads JSON. */
class ChangeEventParsingTest {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    static {
        new JsonConfig().customize(JSON);
    }

    final ChangeEventConsumers consumers = new ChangeEventConsumers(JSON, new SimpleMeterRegistry(), null, 5,
            Duration.ofMillis(10), Duration.ofMillis(100));

    static final String EVENT = """
            {"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","specversion":"1.0",\
            "id":"6f1c","source":"/hotcrm/records-service","type":"hotcrm.record.updated","subject":"opp_1",\
            "time":"2026-12-05T08:00:00Z","datacontenttype":"application/json","data":{"object":"Opportunity",\
            "id":"opp_1","record":{"Id":"opp_1","Amount":150000.50,"Probability":10,"IsClosed":false},\
            "changed":["Amount"],"actorId":"usr_1"}}""";

    @Test
    void decimalsKeepTheirScaleSoAConsumerWritesThemOutByteForByte() throws Exception {
        ChangeEvent event = consumers.parse(EVENT);
        assertEquals(new BigDecimal("150000.50"), event.data().record().get("Amount"));
        String written = JSON.writeValueAsString(event.data().record());
        assertTrue(written.contains("\"Amount\":150000.50"), written);
        assertTrue(written.contains("\"Probability\":10"), written);
    }

    @Test
    void theEventIsTypedAndOtherCloudEventsAttributesAreIgnored() {
        ChangeEvent event = consumers.parse(EVENT);
        assertEquals("Opportunity", event.object());
        assertEquals(ChangeEvent.Kind.UPDATED, event.kind().orElseThrow());
        assertEquals(Instant.parse("2026-12-05T08:00:00Z"), event.time());
        assertEquals("/hotcrm/records-service", event.source());
        assertEquals("usr_1", event.data().actorId());
    }

    @Test
    void aMessageThatIsNotAChangeEventIsRefusedSayingWhy() {
        for (String bad : new String[] { "", "not json", "{\"id\":", "[]", "{}", "{\"id\":\"x\",\"type\":\"t\"}" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> consumers.parse(bad), bad);
            assertTrue(e.getMessage().contains("not a change event") || e.getMessage().contains("empty"), e.getMessage());
        }
    }

    @Test
    void eachProducerNamesItsOwnSource() throws Exception {
        ChangeEvent event = ChangeEvent.of("/hotcrm/auth-service", ChangeEvent.Kind.CREATED, "User", "usr_1",
                java.util.Map.of("Id", "usr_1"), null, null, Instant.now());
        String json = JSON.writeValueAsString(event);
        assertTrue(json.contains("\"source\":\"/hotcrm/auth-service\""), json);
        assertTrue(!json.contains("\"deletion\"") && !json.contains("\"kind\""), "helpers are not attributes: " + json);
        assertEquals(event, consumers.parse(json));
    }
}
