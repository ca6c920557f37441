package dev.incidentbot.slack;

import com.google.gson.Gson;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.impl.MethodsClientImpl;
import com.slack.api.util.http.SlackHttpClient;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.Response;

/**
 * Slack's Web API client, parsing every answer with one Gson. The SDK's client (1.47) builds a new Gson for each
 * answer, so each call rebuilds Gson's reflective adapters for the response classes: several milliseconds of CPU per
 * call, on the declaration's critical path and under load when a dozen calls go out at once. Gson is thread-safe.
 * Dropped with the SDK's own parsing: its call metrics and response listeners, which this bot does not use.
 */
final class SharedGsonMethodsClient extends MethodsClientImpl {
    private final SlackConfig config;
    private final Gson gson;

    SharedGsonMethodsClient(SlackHttpClient http, String token) {
        super(http, token);
        this.config = http.getConfig();
        this.gson = GsonFactory.createSnakeCase(config);
        setEndpointUrlPrefix(config.getMethodsEndpointUrlPrefix());
    }

    @Override
    protected <T extends SlackApiTextResponse> T postFormWithTokenAndParseResponse(FormBody.Builder form, String method,
                                                                                 String token, Class<T> type)
            throws IOException, SlackApiException {
        Response response = runPostFormWithToken(form, method, token);
        String body = response.body() == null ? "" : response.body().string();
        if (!response.isSuccessful()) {
            throw new SlackApiException(config, response, body);
        }
        T parsed = gson.fromJson(body, type);
        if (parsed != null) {
            parsed.setHttpResponseHeaders(headers(response));
        }
        return parsed;
    }

    private static Map<String, List<String>> headers(Response response) {
        Map<String, List<String>> lowerCased = new HashMap<>();
        response.headers().toMultimap().forEach((name, values) -> lowerCased.put(name.toLowerCase(Locale.ROOT), values));
        return lowerCased;
    }
}
