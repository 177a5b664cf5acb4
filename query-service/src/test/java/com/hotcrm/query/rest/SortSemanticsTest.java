package com.hotcrm.query.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.data.metadata.ObjectTableDdl;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.FieldType;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.query.CrmFixture;
import com.hotcrm.query.repository.TableSizes;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One sort order everywhere: ascending puts empty values first, descending last, the Id tiebreaker follows
 * the last key's direction; GET lists, POST /query and keyset cursors all agree with that order worked out
 * here in plain Java. On a table above the test profile's size limit (1,000 rows) a sort no index serves is
 * refused with a VALIDATION_ERROR naming the field.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class SortSemanticsTest {

    /** Score__c and Label__c are indexed, Note__c is not. */
    static ObjectDef probe(String name, String path) {
        return ObjectDef.of(name, name, name + "s", path, path.substring(0, 3), true, false, List.of(
                FieldDef.builder("Score__c", FieldType.NUMBER).scale(2).indexed().build(),
                FieldDef.builder("Label__c", FieldType.TEXT).indexed().build(),
                FieldDef.builder("Note__c", FieldType.TEXT).build()), List.of());
    }

    static final ObjectDef SMALL = probe("SortProbe__c", "sortprobe__c");
    static final ObjectDef BIG = probe("BigSortProbe__c", "bigsortprobe__c");

    record Row(String id, BigDecimal score, String label) {
    }

    static final List<Row> ROWS = rows();

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String[] labels = { "b", "a", null, "c", "a" };
        for (int i = 0; i < 40; i++) {
            // many ties and empty values in both keys, ids not in score order
            BigDecimal score = i % 6 == 0 ? null : BigDecimal.valueOf((i * 7) % 5);
            rows.add(new Row(String.format("srt_%02d", (i * 17) % 40), score, labels[i % labels.length]));
        }
        return List.copyOf(rows);
    }

    @Inject
    MetadataRepository metadata;

    @Inject
    TableSizes tableSizes;

    private static boolean ready;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
        synchronized (SortSemanticsTest.class) {
            if (!ready) {
                create(SMALL);
                create(BIG);
                insert(SMALL, ROWS);
                List<Row> many = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    many.add(new Row(String.format("big_%05d", i), BigDecimal.valueOf(i % 97), "L" + (i % 13)));
                }
                insert(BIG, many);
                CrmFixture.writer().query("ANALYZE crm.big_sort_probe__c").execute().await().atMost(Duration.ofSeconds(30));
                ready = true;
            }
        }
        // the objects reach query-service's registry by NOTIFY or its next metadata poll
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/v1/sortprobe__c").then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/v1/bigsortprobe__c").then().statusCode(200));
        tableSizes.refresh().await().atMost(Duration.ofSeconds(10));
    }

    private void create(ObjectDef def) {
        List<String> ddl = new ArrayList<>(ObjectTableDdl.tableAndColumns(def));
        CrmFixture.writer().withTransaction(tx -> Multi.createFrom().iterable(ddl)
                .onItem().transformToUniAndConcatenate(sql -> tx.query(sql).execute()).collect().last()
                .flatMap(x -> metadata.save(tx, def))
                .flatMap(x -> metadata.announceChange(tx, def.name())))
                .await().atMost(Duration.ofSeconds(30));
    }

    private static void insert(ObjectDef def, List<Row> rows) {
        List<Tuple> tuples = new ArrayList<>();
        rows.forEach(r -> tuples.add(Tuple.of(r.id(), r.score(), r.label())));
        CrmFixture.writer().preparedQuery("INSERT INTO crm." + def.table() + " (id, score__c, label__c) VALUES ($1, $2, $3)")
                .executeBatch(tuples).await().atMost(Duration.ofSeconds(60));
    }

    /** Empty is the smallest value; descending reverses the whole order, Id included. */
    private static <T extends Comparable<T>> Comparator<Row> order(java.util.function.Function<Row, T> key, boolean descending) {
        Comparator<Row> ascending = Comparator.comparing(key, Comparator.nullsFirst(Comparator.<T>naturalOrder()))
                .thenComparing(Row::id);
        return descending ? ascending.reversed() : ascending;
    }

    private static List<String> ids(List<Row> rows, Comparator<Row> order) {
        return rows.stream().sorted(order).map(Row::id).toList();
    }

    private static List<String> list(String sort, int limit) {
        return given().queryParam("sort", sort).queryParam("limit", limit).when().get("/v1/sortprobe__c")
                .then().statusCode(200).extract().jsonPath().getList("records.Id", String.class);
    }

    /** Every page of the list, following nextCursor (GET) or sending it in the body (POST /query). */
    private static List<String> followCursors(String sort, int limit, boolean post) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response response;
            if (post) {
                Map<String, Object> body = new java.util.HashMap<>(Map.of("object", "SortProbe__c", "sort", sort, "limit", limit));
                if (cursor != null) {
                    body.put("cursor", cursor);
                }
                response = given().contentType(ContentType.JSON).body(body).when().post("/v1/query");
            } else {
                var request = given().queryParam("sort", sort).queryParam("limit", limit);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                response = request.when().get("/v1/sortprobe__c");
            }
            response.then().statusCode(200);
            all.addAll(response.jsonPath().getList("records.Id", String.class));
            cursor = response.jsonPath().getString("nextCursor");
        } while (cursor != null && ++pages < 50);
        return all;
    }

    @Test
    void ascendingPutsEmptyValuesFirstAndDescendingLastWithTheIdInTheSameDirection() {
        List<String> ascending = ids(ROWS, order(Row::score, false));
        List<String> descending = ids(ROWS, order(Row::score, true));
        assertEquals(ascending, list("Score__c", 200));
        assertEquals(descending, list("-Score__c", 200));
        // the empty scores really are at the ends, ties really are broken by Id
        List<String> empty = ROWS.stream().filter(r -> r.score() == null).map(Row::id).sorted().toList();
        assertEquals(7, empty.size());
        assertEquals(empty, ascending.subList(0, empty.size()), "empty first, by Id ascending");
        List<String> emptyDescending = new ArrayList<>(empty);
        java.util.Collections.reverse(emptyDescending);
        assertEquals(emptyDescending, descending.subList(descending.size() - empty.size(), descending.size()),
                "empty last, by Id descending");
        assertEquals(ids(ROWS, order(Row::label, false)), list("Label__c", 200));
        assertEquals(ids(ROWS, order(Row::label, true)), list("-Label__c", 200));
        assertEquals(ROWS.stream().map(Row::id).sorted(Comparator.reverseOrder()).toList(), list("-Id", 200));
    }

    @Test
    void cursorPagesAreTheFullOrderInBothDirectionsOnListsAndQueries() {
        for (boolean post : new boolean[] { false, true }) {
            for (int limit : new int[] { 1, 4, 7 }) {
                assertEquals(ids(ROWS, order(Row::score, false)), followCursors("Score__c", limit, post), "Score__c by " + limit);
                assertEquals(ids(ROWS, order(Row::score, true)), followCursors("-Score__c", limit, post), "-Score__c by " + limit);
                assertEquals(ids(ROWS, order(Row::label, false)), followCursors("Label__c", limit, post), "Label__c by " + limit);
                assertEquals(ids(ROWS, order(Row::label, true)), followCursors("-Label__c", limit, post), "-Label__c by " + limit);
            }
        }
    }

    @Test
    void severalKeysKeepTheirOwnDirectionsAndTheIdFollowsTheLast() {
        Comparator<Row> label = Comparator.comparing(Row::label, Comparator.nullsFirst(Comparator.<String>naturalOrder()));
        Comparator<Row> scoreDescending = Comparator.comparing(Row::score, Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder()))
                .reversed();
        Comparator<Row> order = label.thenComparing(scoreDescending).thenComparing(Comparator.comparing(Row::id).reversed());
        List<String> expected = ids(ROWS, order);
        assertEquals(expected, list("Label__c,-Score__c", 200));
        for (int limit : new int[] { 1, 3, 8 }) {
            assertEquals(expected, followCursors("Label__c,-Score__c", limit, false));
            assertEquals(expected, followCursors("Label__c,-Score__c", limit, true));
        }
        Comparator<Row> mixed = Comparator.comparing(Row::score, Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder()))
                .reversed().thenComparing(Row::id);
        assertEquals(ids(ROWS, mixed), followCursors("-Score__c,Id", 5, false));
    }

    @Test
    void onABigTableASortNoIndexServesIsRefusedNamingTheField() {
        given().queryParam("sort", "-Note__c").when().get("/v1/bigsortprobe__c")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details[0].field", equalTo("sort"))
                .body("error.message", allOf(containsString("Note__c"), containsString("not indexed"),
                        containsString("Score__c"), containsString("2,000")));
        given().contentType(ContentType.JSON).body(Map.of("object", "BigSortProbe__c", "sort", List.of(List.of("Note__c", "asc"))))
                .when().post("/v1/query").then().statusCode(400).body("error.details[0].field", equalTo("sort"));
        // a second key may be anything: the index serves the first
        given().queryParam("sort", "-Score__c,Note__c").queryParam("limit", 3).when().get("/v1/bigsortprobe__c")
                .then().statusCode(200).body("records.Score__c", equalTo(List.of(96, 96, 96)));
        given().queryParam("sort", "-Id").queryParam("limit", 1).when().get("/v1/bigsortprobe__c")
                .then().statusCode(200).body("records[0].Id", equalTo("big_01999"));
        given().queryParam("sort", "CreatedDate").queryParam("limit", 1).when().get("/v1/bigsortprobe__c").then().statusCode(200);
        // the small table sorts by anything
        given().queryParam("sort", "Note__c").when().get("/v1/sortprobe__c").then().statusCode(200);
    }
}
