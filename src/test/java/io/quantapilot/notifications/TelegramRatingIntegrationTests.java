package io.quantapilot.notifications;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.identity.ApiKeyService;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;
import io.quantapilot.support.Api;
import io.quantapilot.support.Examples;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /rate <project id> <1-5> [comment]} through the Telegram stand-in: linked chats only, any role,
 * finished projects only, a bad score refused, and rating again replacing the chat user's rating.
 */
class TelegramRatingIntegrationTests extends NotificationsIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	UserService users;

	@Autowired
	ApiKeyService keys;

	@Autowired
	JdbcClient jdbc;

	@Test
	void linkedChatsRateFinishedProjectsAndRatingAgainReplacesIt() {
		String id = createProject(Examples.readme("notes-cli-python"));

		long stranger = 7301;
		TELEGRAM.push(message(stranger, "/rate " + id + " 5"));
		TELEGRAM.awaitMessage(stranger, "This chat is not linked", WAIT);

		UUID viewer = users.create("rater-" + System.nanoTime() % 100000, "a-long-rater-password", UserRole.VIEWER,
				"test");
		String username = users.find(viewer).orElseThrow().username();
		Api asViewer = api().withKey(keys.create("rater key", viewer, null, "test").secret());
		long chat = 7302;
		link(chat, username, asViewer);

		TELEGRAM.push(message(chat, "/rate " + id + " 5"));
		TELEGRAM.awaitMessage(chat, "only a finished project", WAIT);
		TELEGRAM.push(message(chat, "/rate"));
		TELEGRAM.awaitMessage(chat, "Usage: /rate", WAIT);

		awaitStatus(id, "awaiting_approval", Duration.ofSeconds(90));
		Api.Response cancelled = api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "cancel"));
		assertThat(cancelled.status()).as(cancelled.body()).isLessThan(300);
		awaitStatus(id, "cancelled", WAIT);

		TELEGRAM.push(message(chat, "/rate " + id + " 9 great"));
		TELEGRAM.awaitMessage(chat, "is not a score; give a whole number from 1 to 5", WAIT);
		TELEGRAM.push(message(chat, "/rate not-an-id 4"));
		TELEGRAM.awaitMessage(chat, "is not a project id", WAIT);
		assertThat(ratingsOf(id)).isZero();

		TELEGRAM.push(message(chat, "/rate " + id + " 2 the plan <was> vague"));
		TELEGRAM.awaitMessage(chat, "2/5 — the plan &lt;was&gt; vague", WAIT);
		TELEGRAM.push(message(chat, "/rate " + id + " 4"));
		TELEGRAM.awaitMessage(chat, "4/5. Thank you", WAIT);

		Map<String, Object> row = jdbc.sql("SELECT * FROM project_ratings WHERE project_id = CAST(:id AS uuid)")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(row).containsEntry("username", username).containsEntry("channel", "telegram");
		assertThat(((Number) row.get("score")).intValue()).isEqualTo(4);
		assertThat(row.get("comment")).isNull();
		assertThat(asViewer.get("/api/v1/projects/" + id).json().path("rating").path("mine").path("score").asInt())
			.isEqualTo(4);

		TELEGRAM.push(message(chat, "/help"));
		TELEGRAM.awaitMessage(chat, "/rate <i>project id</i> <i>1-5</i> [comment]", WAIT);
	}

	private long ratingsOf(String id) {
		return jdbc.sql("SELECT count(*) FROM project_ratings WHERE project_id = CAST(:id AS uuid)")
			.param("id", id)
			.query(Long.class)
			.single();
	}

}
