package ai.citadel.testing.contract;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Test-only endpoints through which {@link ServiceContractTest} drives a service's shared HTTP plumbing (JSON
 * parsing, error mapping) without depending on any of its business endpoints.
 */
@Path("/_contract")
@Authenticated
public class ContractProbeResource {

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

    @GET
    @Path("/fail")
    public String fail() {
        throw new IllegalStateException("internal detail that must not leak");
    }
}
