package ai.citadel.orchestration.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DependencyHttpExceptionTest {

    @Test
    void readsCitadelsEnvelope() {
        DependencyHttpException e = DependencyHttpException.of(404, """
                {"error":{"code":"collection_not_found","message":"no collection 'docs'","details":{"param":"collection"}}}""");

        assertEquals(404, e.status());
        assertEquals("collection_not_found", e.code());
        assertEquals("no collection 'docs'", e.getMessage());
        assertFalse(e.isServerError());
    }

    @Test
    void readsOpenAisEnvelope() {
        DependencyHttpException e = DependencyHttpException.of(503, """
                {"error":{"message":"No backend could serve model phi3","type":"server_error","param":null,
                 "code":"backend_unavailable"}}""");

        assertEquals("backend_unavailable", e.code());
        assertEquals("No backend could serve model phi3", e.getMessage());
        assertTrue(e.isServerError());
    }

    @Test
    void keepsAnyOtherBodyShortened() {
        DependencyHttpException html = DependencyHttpException.of(502, "<html>" + "x".repeat(500) + "</html>");
        DependencyHttpException empty = DependencyHttpException.of(500, "");

        assertNull(html.code());
        assertEquals(301, html.getMessage().length());
        assertEquals("HTTP 500", empty.getMessage());
    }
}
