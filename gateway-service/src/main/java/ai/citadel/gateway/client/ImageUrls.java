package ai.citadel.gateway.client;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.openai.ChatMessage;
import ai.citadel.model.openai.ContentPart;

import java.util.List;

/**
 * The one rule for images in chat requests, whatever the backend: only base64 {@code data:image/…;base64,…} URLs.
 * The gateway does not fetch remote URLs on a client's behalf, nor lets a backend fetch them (no outbound requests
 * chosen by clients).
 */
final class ImageUrls {

    private static final String DATA_IMAGE_PREFIX = "data:image/";
    private static final String BASE64_MARKER = ";base64,";

    private ImageUrls() {
    }

    /**
     * @param param the part's field, for the error ({@code messages[2].content})
     * @return the image's base64 bytes
     * @throws ApiException 400 naming {@code param} for any other URL
     */
    static String base64Of(ContentPart part, String param) {
        String url = part.imageUrl() == null ? null : part.imageUrl().url();
        if (url == null || !url.startsWith(DATA_IMAGE_PREFIX) || !url.contains(BASE64_MARKER)) {
            throw ApiException.badRequest("Images must be sent as base64 data URLs (data:image/...;base64,...); "
                    + "image URLs are not fetched.", param);
        }
        return url.substring(url.indexOf(BASE64_MARKER) + BASE64_MARKER.length());
    }

    /** @throws ApiException 400 naming the first message whose image is not a base64 data URL */
    static void requireDataUrls(List<ChatMessage> messages) {
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message.content() == null || message.content().parts() == null) {
                continue;
            }
            for (ContentPart part : message.content().parts()) {
                if ("image_url".equals(part.type())) {
                    base64Of(part, "messages[" + i + "].content");
                }
            }
        }
    }
}
