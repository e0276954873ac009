package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;

/**
 * One part of an OpenAI chat message whose {@code content} is an array: {@code {"type":"text","text":…}},
 * {@code {"type":"image_url","image_url":{…}}}, {@code {"type":"input_audio",…}} or {@code {"type":"file",…}}.
 *
 * @param type       {@code text}, {@code image_url}, {@code input_audio}, {@code file}, {@code refusal}
 * @param text       the text of a {@code text} part
 * @param imageUrl   the image of an {@code image_url} part
 * @param inputAudio the audio of an {@code input_audio} part ({@code {data, format}}), kept as JSON
 * @param file       the file of a {@code file} part ({@code {file_id | file_data, filename}}), kept as JSON
 * @param refusal    the refusal text of a {@code refusal} part (assistant messages)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContentPart(
        @NotBlank String type,
        String text,
        @JsonProperty("image_url") ImageUrl imageUrl,
        @JsonProperty("input_audio") JsonNode inputAudio,
        JsonNode file,
        String refusal) {

    /**
     * @param url    an {@code https:} URL or a {@code data:image/…;base64,…} URL
     * @param detail {@code auto}, {@code low} or {@code high}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageUrl(@NotBlank String url, String detail) {
    }

    public static ContentPart text(String text) {
        return new ContentPart("text", text, null, null, null, null);
    }

    public static ContentPart imageUrl(String url) {
        return new ContentPart("image_url", null, new ImageUrl(url, null), null, null, null);
    }
}
