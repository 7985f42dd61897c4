package io.quantapilot.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A signed-in dashboard user.
 *
 * @param id the session's id (as stored in {@code user_sessions}; not the cookie's secret)
 * @param principal who is signed in
 * @param csrfToken the token every state-changing request of this session must carry
 * @param createdAt when the user signed in
 * @param expiresAt when the session ends unless it is used before (never after the maximum lifetime)
 */
public record Session(UUID id, Principal principal, String csrfToken, Instant createdAt, Instant expiresAt) {
}
