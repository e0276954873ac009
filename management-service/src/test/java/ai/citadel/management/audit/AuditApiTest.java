package ai.citadel.management.audit;

import ai.citadel.management.ManagementProfile;
import ai.citadel.management.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /management/audit}: admins read every call, newest first, a page at a time. */
@QuarkusTest
@TestProfile(ManagementProfile.class)
class AuditApiTest {

    @Inject
    DataSource dataSource;

    @Test
    void callsAreReadNewestFirstAPageAtATime() {
        String prefix = "page-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", Tokens.operator()).header("X-Request-Id", prefix + i)
                    .get("/management/models/list?host=llm-01").then().statusCode(200);
        }
        new AuditRows(dataSource).awaitOne(prefix + 2);

        JsonPath first = given().header("Authorization", Tokens.admin()).get("/management/audit?limit=2")
                .then().statusCode(200).body("entries", hasSize(2)).extract().jsonPath();
        String cursor = first.getString("next_cursor");
        assertTrue(cursor != null && !cursor.isEmpty());
        JsonPath second = given().header("Authorization", Tokens.admin())
                .get("/management/audit?limit=2&cursor=" + cursor).then().statusCode(200).extract().jsonPath();
        List<String> firstIds = first.getList("entries.id");
        List<String> secondIds = second.getList("entries.id");
        assertNotEquals(firstIds.getFirst(), secondIds.getFirst());
        assertTrue(first.getString("entries[1].created_at").compareTo(second.getString("entries[0].created_at")) >= 0,
                "the next page is older");

        JsonPath mine = given().header("Authorization", Tokens.admin()).get("/management/audit?limit=500")
                .then().extract().jsonPath();
        List<String> mineIds = mine.getList("entries.findAll { it.request_id?.startsWith('" + prefix + "') }"
                + ".request_id");
        assertEquals(List.of(prefix + 2, prefix + 1, prefix + 0), mineIds);
        assertEquals("operator-olga", mine.getString("entries.find { it.request_id == '" + prefix + "0' }.user"));
        assertEquals("llm-01", mine.getString("entries.find { it.request_id == '" + prefix + "0' }.host"));
        assertEquals("models.list", mine.getString("entries.find { it.request_id == '" + prefix + "0' }.action"));
        assertEquals("ok", mine.getString("entries.find { it.request_id == '" + prefix + "0' }.detail.hosts.'llm-01'"));
    }

    @Test
    void aLimitOutOfRangeOrAForeignCursorIsA400() {
        given().header("Authorization", Tokens.admin()).get("/management/audit?limit=0").then().statusCode(400)
                .body("error.details.param", equalTo("limit"));
        given().header("Authorization", Tokens.admin()).get("/management/audit?cursor=bm90LWEtY3Vyc29y")
                .then().statusCode(400).body("error.details.param", equalTo("cursor"));
    }
}
