package ai.citadel.commons.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UpstreamErrorsTest {

    @Test
    void ollamasAndOpenAisEnvelopes() {
        assertEquals(Optional.of("model 'x' not found"), UpstreamErrors.message("{\"error\":\"model 'x' not found\"}"));
        assertEquals(Optional.of("context too long"),
                UpstreamErrors.message("{\"error\":{\"message\":\"context too long\",\"type\":\"invalid_request_error\"}}"));
    }

    @Test
    void aParsedStreamRecordsError() throws Exception {
        assertEquals(Optional.of("boom"),
                UpstreamErrors.message(new ObjectMapper().readTree("{\"error\":{\"message\":\"boom\"}}").path("error")));
    }

    @Test
    void nothingWhenThereIsNoMessage() {
        for (String body : new String[]{null, "", "  ", "Bad Gateway", "<html>502</html>", "[1]", "{}",
                "{\"error\":null}", "{\"error\":{}}", "{\"error\":{\"code\":\"x\"}}", "{\"error\":{\"message\":5}}"}) {
            assertEquals(Optional.empty(), UpstreamErrors.message(body), String.valueOf(body));
        }
    }
}
