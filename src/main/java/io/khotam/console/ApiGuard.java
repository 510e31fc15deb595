package io.khotam.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.Json;
import io.khotam.Problems;
import io.khotam.evidence.RunIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may ask what of the console and its API. Every state-changing request is a POST carrying
 * this process's CSRF token (header {@code X-Khotam-Token}, which the console's pages hold); bound
 * to a non-loopback address, every request also needs {@code Authorization: Bearer
 * <KHOTAM_CONSOLE_TOKEN>}. A run id is the only path-like value taken from a request, and only
 * when it matches the run-id pattern.
 */
public class ApiGuard {

    private static final ObjectMapper JSON = Json.DATA;
    private static final Logger LOG = LoggerFactory.getLogger(ApiGuard.class);

    /** The environment variable holding the bearer token a non-loopback console requires. */
    public static final String TOKEN_VARIABLE = "KHOTAM_CONSOLE_TOKEN";

    private final String csrfToken;
    private final String consoleToken;

    /**
     * @param requireToken whether every request needs {@code consoleToken} (a non-loopback binding)
     * @throws IllegalStateException when a token is required and there is none: fail closed
     */
    public ApiGuard(boolean requireToken, String consoleToken) {
        if (requireToken && (consoleToken == null || consoleToken.isBlank())) {
            throw new IllegalStateException("the console is bound off loopback but " + TOKEN_VARIABLE + " is not set; "
                    + "refusing to serve it without a token");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.csrfToken = HexFormat.of().formatHex(random);
        this.consoleToken = requireToken ? consoleToken : null;
    }

    public String csrfToken() {
        return csrfToken;
    }

    /** Before any route of the console runs: the bearer token when one is required, the CSRF token for a POST. */
    public void admit(String method, String csrf, String authorization) {
        if (consoleToken != null && !same("Bearer " + consoleToken, authorization)) {
            throw new ApiRefusal(403, "this console needs Authorization: Bearer <KHOTAM_CONSOLE_TOKEN>");
        }
        if ("POST".equalsIgnoreCase(method) && !same(csrfToken, csrf)) {
            throw new ApiRefusal(403, "a POST needs this process's token in the X-Khotam-Token header (the console's pages carry it)");
        }
    }

    /** Every run id a request names (path {id}, query a and b), when it names one: a 400 unless it is a run id. */
    public void runIds(String id, String a, String b) {
        for (String named : new String[] {id, a, b}) {
            if (named != null && !RunIds.is(named)) {
                throw new ApiRefusal(400, "not a run id (expected yyyyMMdd-HHmmss-<8 hex>[-N])");
            }
        }
    }

    /** The HTTP status of a refusal, under whatever Camel wrapped it in. */
    public int statusOf(Throwable failure) {
        return refusal(failure).status();
    }

    /** The JSON body of a refusal: {"error": status, "message": ...}. */
    public String refusalBody(Throwable failure) throws Exception {
        ApiRefusal refusal = refusal(failure);
        return JSON.writeValueAsString(Map.of("error", refusal.status(), "message", refusal.getMessage()));
    }

    private static ApiRefusal refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiRefusal refusal) {
                return refusal;
            }
        }
        return new ApiRefusal(500, "internal error");
    }

    /** An unexpected failure: logged whole here, answered in one line. */
    public String failureBody(Exception failure) throws Exception {
        LOG.error("console request failed: {}", Problems.describe(failure), failure);
        return JSON.writeValueAsString(Map.of("error", 500, "message", "internal error: " + Problems.describe(failure)));
    }

    private static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
