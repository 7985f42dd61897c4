package io.quantapilot.forge.webhooks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code X-Hub-Signature-256} against GitHub's published test vector and octokit's, valid and invalid. */
class WebhookSignatureUnitTests {

	private static final Path VECTORS = Path.of("..", "shared", "fixtures", "github", "signature-vectors.json");

	static List<JsonNode> vectors() throws Exception {
		List<JsonNode> vectors = new ArrayList<>();
		JsonMapper.builder().build().readTree(Files.readString(VECTORS)).path("vectors").forEach(vectors::add);
		return vectors;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void publishedVectorsAreAcceptedOrRejectedAsDocumented(JsonNode vector) {
		byte[] body = Base64.getDecoder().decode(vector.path("payload_utf8_base64").asString());
		String secret = vector.path("secret").asString();
		String header = vector.path("expected_header").asString();
		assertThat(WebhookSignature.verify(secret, body, header)).as(vector.path("id").asString())
			.isEqualTo(vector.path("valid").asBoolean());
		String correct = vector.path("valid").asBoolean() ? header : vector.path("correct_header").asString();
		assertThat(WebhookSignature.sign(secret, body)).isEqualTo(correct);
	}

	@Test
	void githubsDocumentedExampleSigns() {
		assertThat(WebhookSignature.sign("It's a Secret to Everybody", "Hello, World!".getBytes()))
			.isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
	}

	@Test
	void aTamperedBodyOrAMissingSignatureIsRejected() {
		byte[] body = "{\"action\":\"completed\",\"conclusion\":\"failure\"}".getBytes();
		String header = WebhookSignature.sign("s3cret", body);
		byte[] tampered = "{\"action\":\"completed\",\"conclusion\":\"success\"}".getBytes();
		assertThat(WebhookSignature.verify("s3cret", body, header)).isTrue();
		assertThat(WebhookSignature.verify("s3cret", tampered, header)).isFalse();
		assertThat(WebhookSignature.verify("s3cret", body, null)).isFalse();
		assertThat(WebhookSignature.verify("s3cret", body, header.toUpperCase())).isFalse();
		assertThat(WebhookSignature.verify("s3cret", body, header.replace("sha256=", "sha1="))).isFalse();
		assertThat(WebhookSignature.verify("", body, header)).isFalse();
	}

}
