package ai.citadel.management.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** A Citadel service's readiness (SmallRye Health at {@code /health}), public; wrapped by {@link CitadelServices}. */
@Path("/health")
interface ServiceHealthApi {

    /** 200 when ready, 503 with the same body when not (an answer here, not a failure: no default mapper). */
    @GET
    @Path("/ready")
    Uni<Response> ready();

    /**
     * @param version a top-level property every Citadel service adds ({@code quarkus.smallrye-health.additional.property.version})
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Health(String status, List<Check> checks, String version) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Check(String name, String status) {
    }
}
