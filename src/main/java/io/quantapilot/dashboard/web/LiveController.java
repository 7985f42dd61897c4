package io.quantapilot.dashboard.web;

import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.dashboard.internal.LiveUpdates;
import io.quantapilot.dashboard.internal.LogCursor;
import io.quantapilot.identity.Session;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent event streams of the live pages: a project's agent log and state, and the decisions. A
 * browser that reconnects sends the last event id it saw, and the log goes on from there; a stream ends with
 * its session.
 */
@RestController
@ConditionalOnRole(Role.DASHBOARD)
class LiveController {

	private final LiveUpdates live;

	LiveController(LiveUpdates live) {
		this.live = live;
	}

	@GetMapping(path = "/projects/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter project(@PathVariable UUID id, @RequestParam(required = false) String after,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@RequestAttribute(DashboardInterceptor.SESSION) Session session) {
		LogCursor cursor = LogCursor.parse(lastEventId).or(() -> LogCursor.parse(after)).orElse(LogCursor.START);
		return live.followProject(id, cursor, session.id());
	}

	@GetMapping(path = "/decisions/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter decisions(@RequestParam(required = false) UUID decision,
			@RequestAttribute(DashboardInterceptor.SESSION) Session session) {
		return live.followDecisions(decision, session.id());
	}

}
