package io.quantapilot.ops.cli;

import picocli.CommandLine.Option;

/** Where the server is and how to authenticate, shared by the client commands. */
final class ServerOptions {

	@Option(names = "--url", defaultValue = "${env:QP_URL:-http://localhost:3000}",
			description = "Server URL (default: ${DEFAULT-VALUE}; env QP_URL).")
	String url;

	@Option(names = "--api-key", defaultValue = "${env:QP_API_KEY}",
			description = "API key (env QP_API_KEY).")
	String apiKey;

	@Option(names = "--json", description = "Print the server's JSON instead of a table.")
	boolean json;

	ApiClient client() {
		return new ApiClient(url, apiKey);
	}

}
