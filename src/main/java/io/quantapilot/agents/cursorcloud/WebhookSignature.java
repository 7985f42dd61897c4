package io.quantapilot.agents.cursorcloud;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cursor's webhook signature: {@code X-Webhook-Signature: sha256=<hex>}, the HMAC-SHA256 of the raw request
 * body with the webhook secret, compared in constant time.
 */
final class WebhookSignature {

	static final String HEADER = "X-Webhook-Signature";

	private static final String PREFIX = "sha256=";

	private WebhookSignature() {
	}

	static String sign(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

	static boolean verify(String secret, byte[] body, String header) {
		if (secret == null || secret.isBlank() || header == null) {
			return false;
		}
		byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
		byte[] actual = header.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, actual);
	}

}
