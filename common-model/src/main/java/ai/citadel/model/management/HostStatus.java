package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one host (or the gateway) made of a call that returns nothing else of it.
 *
 * @param status e.g. {@code ok}, {@code deleted}, {@code not_found}, {@code unavailable}, {@code error}
 * @param error  why not, for people; absent when all went well
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostStatus(String host, String status, String error) {
}
