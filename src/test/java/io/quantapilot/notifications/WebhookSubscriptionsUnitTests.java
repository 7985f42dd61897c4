package io.quantapilot.notifications;

import java.util.List;

import io.quantapilot.common.QuantaPilotException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSubscriptionsUnitTests {

	@Test
	void onlyHttpAndHttpsUrlsWithAHostAndNoCredentials() {
		assertThat(WebhookSubscriptions.validateUrl(" https://hooks.example.com/qp?x=1 "))
			.isEqualTo("https://hooks.example.com/qp?x=1");
		assertThat(WebhookSubscriptions.validateUrl("http://10.0.0.5:8080/hook")).isEqualTo("http://10.0.0.5:8080/hook");
		for (String bad : List.of("ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "https:///path",
				"https://user:pw@example.com/", "https://example.com/#frag", "not a url", "")) {
			assertThatThrownBy(() -> WebhookSubscriptions.validateUrl(bad)).as(bad)
				.isInstanceOf(QuantaPilotException.InvalidRequest.class);
		}
	}

	@Test
	void eventsDefaultToAllAndMustBeKnown() {
		assertThat(WebhookSubscriptions.validateEvents(null)).isEqualTo(NotificationEvents.ALL);
		assertThat(WebhookSubscriptions.validateEvents(List.of("project.failed", "project.failed", "hitl.decision_made")))
			.containsExactly("project.failed", "hitl.decision_made");
		assertThatThrownBy(() -> WebhookSubscriptions.validateEvents(List.of("project.deleted")))
			.isInstanceOf(QuantaPilotException.InvalidRequest.class);
	}

}
