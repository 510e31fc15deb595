package io.khotam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for a kho-tam process's /observe endpoints (integration tests). */
public final class Observe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public record Answer(int status, String body) {}

    private Observe() {}

    /** @return the answer, or status -1 when nothing answers (yet) */
    public static Answer get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (Exception notYet) {
            return new Answer(-1, notYet.toString());
        }
    }

    public static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One health check of a /observe/health answer: its status, or "absent". */
    public static String check(String health, String name) throws Exception {
        return checkNode(health, name).path("status").asText("absent");
    }

    /** One health check's message, or "". */
    public static String message(String health, String name) throws Exception {
        return checkNode(health, name).path("message").asText("");
    }

    private static JsonNode checkNode(String health, String name) throws Exception {
        for (JsonNode check : JSON.readTree(health).path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        return JSON.missingNode();
    }
}
