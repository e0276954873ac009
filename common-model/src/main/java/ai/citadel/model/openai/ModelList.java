package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * OpenAI models list ({@code "object":"list"}) of {@code GET /v1/models}.
 *
 * @param object always {@code list}
 * @param data   the models
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelList(String object, List<Model> data) {

    /**
     * One entry of {@code GET /v1/models} ({@code "object":"model"}).
     *
     * @param id      the model name clients send as {@code model}
     * @param object  always {@code model}
     * @param created Unix seconds
     * @param ownedBy owner, e.g. {@code openai}, {@code library}, {@code citadel}
     * @param aliases Citadel extension: other names the gateway accepts for this model
     * @param kind    Citadel extension: {@code chat} or {@code embedding}
     * @param backends Citadel extension: the servers hosting the model and whether each can take requests now
     * @param routing  Citadel extension: how requests pick among the backends ({@code priority}, {@code weighted},
     *                 {@code least-in-flight})
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy,
                        List<String> aliases, String kind, List<Backend> backends, String routing) {

        public static Model of(String id, long created, String ownedBy) {
            return new Model(id, "model", created, ownedBy, null, null, null, null);
        }
    }

    /**
     * Citadel extension: one server hosting a model.
     *
     * @param name      the backend's name in the gateway's catalog
     * @param available whether the gateway would route to it now (answers its probe, circuit not open)
     * @param weight    its configured routing weight
     * @param inFlight  requests it is working on now
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Backend(String name, boolean available, int weight, @JsonProperty("in_flight") int inFlight) {
    }

    public static ModelList of(List<Model> data) {
        return new ModelList("list", data);
    }
}
