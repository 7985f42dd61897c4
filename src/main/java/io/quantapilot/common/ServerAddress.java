package io.quantapilot.common;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The base URL under which this process serves HTTP: {@code quantapilot.public-url} when set, otherwise
 * {@code http://localhost:<port>} once the web server has started, and empty when it serves no HTTP
 * (the {@code run} command).
 */
@Component
public class ServerAddress {

	private final String configured;

	private volatile String detected = "";

	ServerAddress(PlatformSettings settings) {
		this.configured = settings.publicUrl() != null ? settings.publicUrl().strip().replaceAll("/+$", "") : "";
	}

	@EventListener
	void on(WebServerInitializedEvent event) {
		detected = "http://localhost:" + event.getWebServer().getPort();
	}

	/** The base URL without a trailing slash, or empty when this process serves no HTTP. */
	public String baseUrl() {
		return !configured.isEmpty() ? configured : detected;
	}

}
