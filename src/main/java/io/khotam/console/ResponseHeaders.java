package io.khotam.console;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * The headers the console and the API send: their own, and nothing of the request. Camel would
 * otherwise send each query parameter back as a response header, a client's text echoed unasked.
 */
public class ResponseHeaders extends DefaultHeaderFilterStrategy {

    private static final Set<String> SENT = Set.of("content-type", "link", "x-total-count");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !SENT.contains(headerName.toLowerCase(Locale.ROOT)) || super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }
}
