package ai.citadel.testing.contract;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Test-only endpoints through which {@link ServiceContractTest} drives a service's shared HTTP plumbing (JSON
 * parsing, error mapping) without depending on any of its business endpoints.
 */
@Path("/_contract")
@Authenticated
public class ContractProbeResource {

    public static final int LARGE_TAGS = 2000;

    /** A typed JSON body, so wrong types and malformed JSON reach the service's error mapping. */
    public record Probe(String name, int count, List<String> tags) {
    }

    @POST
    @Path("/echo")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Probe echo(Probe probe) {
        return probe;
    }

    /** A typed answer without {@code @Produces}: its format is negotiated from {@code Accept}, as most resources'. */
    @GET
    @Path("/probe")
    public Probe probe() {
        return new Probe("probe", 1, List.of());
    }

    /** An answer longer than RESTEasy's output buffer, so it is streamed rather than sent with a length. */
    @GET
    @Path("/large")
    public Probe large() {
        return new Probe("large", LARGE_TAGS, IntStream.range(0, LARGE_TAGS).mapToObj(i -> "tag-" + i).toList());
    }

    @GET
    @Path("/fail")
    public String fail() {
        throw new IllegalStateException("internal detail that must not leak");
    }
}
