package io.quantapilot.forge.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhook signature: {@code X-Hub-Signature-256: sha256=<hex of HMAC-SHA256(secret, raw body)>}.
 * Verification compares in constant time, so response timing does not reveal how much of a forged
 * signature was right.
 */
public final class WebhookSignature {

	private static final String PREFIX = "sha256=";

	private WebhookSignature() {
	}

	/** The header value GitHub would send for this body. */
	public static String sign(String secret, byte[] body) {
		return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
	}

	/** Whether {@code header} is the signature of {@code body} under {@code secret}. */
	public static boolean verify(String secret, byte[] body, String header) {
		if (secret == null || secret.isEmpty() || header == null || !header.startsWith(PREFIX)
				|| header.length() != PREFIX.length() + 64) {
			return false;
		}
		byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
		// Hex case is not significant, but GitHub sends lower case; compare what was sent as sent.
		byte[] given = header.getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, given);
	}

	private static byte[] hmac(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
