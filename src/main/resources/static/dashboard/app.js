/*
 * QuantaPilot dashboard: small progressive enhancement over server-rendered pages. Every page works
 * without this script; with it, live parts follow server-sent events:
 *  - project page: agent log lines are appended as they are written; when the project changes, its
 *    state section is fetched again and swapped in;
 *  - decisions: the inbox list, the pending count and a decision's answer panel follow changes made by
 *    anyone, anywhere (other browsers, the API, the command line).
 */
(function () {
	'use strict';

	function liveStatus(text) {
		var status = document.getElementById('live-status');
		if (status) {
			status.textContent = text;
		}
	}

	/* Swaps an element for the same element fetched again, keeping keyboard focus where it was. */
	function refresh(url, id) {
		return fetch(url, { headers: { 'Accept': 'text/html' }, credentials: 'same-origin' })
			.then(function (response) {
				if (response.status === 401 || response.redirected) {
					throw new Error('signed out');
				}
				if (!response.ok) {
					throw new Error('HTTP ' + response.status);
				}
				return response.text();
			})
			.then(function (html) {
				var current = document.getElementById(id);
				if (!current) {
					return;
				}
				var template = document.createElement('template');
				template.innerHTML = html.trim();
				var fresh = template.content.getElementById(id) || template.content.firstElementChild;
				if (!fresh) {
					return;
				}
				var focused = document.activeElement && current.contains(document.activeElement)
					? document.activeElement.id : null;
				var openDetails = Array.prototype.map.call(current.querySelectorAll('details[open] summary'),
					function (summary) { return summary.textContent; });
				current.replaceWith(fresh);
				Array.prototype.forEach.call(fresh.querySelectorAll('details summary'), function (summary) {
					if (openDetails.indexOf(summary.textContent) >= 0) {
						summary.parentElement.open = true;
					}
				});
				bindConfirms(fresh);
				if (focused) {
					var again = document.getElementById(focused);
					if (again) {
						again.focus();
					}
				}
			});
	}

	function stopped(source, message) {
		source.close();
		var indicator = document.getElementById('log-live');
		if (indicator) {
			indicator.classList.remove('on');
			indicator.textContent = 'stopped';
		}
		liveStatus(message);
	}

	/* EventSource reconnects by itself after a dropped connection; a refused one (signed out) is closed. */
	function follow(url, handlers) {
		var source = new EventSource(url);
		Object.keys(handlers).forEach(function (name) {
			source.addEventListener(name, function (event) {
				handlers[name](JSON.parse(event.data), source);
			});
		});
		source.addEventListener('open', function () {
			liveStatus('');
			var indicator = document.getElementById('log-live');
			if (indicator) {
				indicator.classList.add('on');
				indicator.textContent = 'live';
			}
		});
		source.addEventListener('signed_out', function () {
			stopped(source, 'Your session has ended. Sign in again to go on following live.');
		});
		source.addEventListener('error', function () {
			if (source.readyState === EventSource.CLOSED) {
				stopped(source, 'Live updates stopped (signed out or the server went away). Reload the page to go on.');
			}
		});
		return source;
	}

	function logLine(line) {
		var item = document.createElement('li');
		item.className = 'log-line live log-' + line.type;
		var time = document.createElement('time');
		time.dateTime = line.at;
		time.textContent = line.at ? line.at.substring(11, 19) : '';
		var who = document.createElement('span');
		who.className = 'log-who';
		who.textContent = line.role + (line.stage !== null && line.stage !== undefined ? ' · stage ' + line.stage : '');
		var type = document.createElement('span');
		type.className = 'log-type';
		type.textContent = line.type;
		var message = document.createElement('span');
		message.className = 'log-message';
		message.textContent = line.message;
		item.append(time, ' ', who, ' ', type, ' ', message);
		return item;
	}

	function followProject(main) {
		var log = document.getElementById('log');
		var box = document.getElementById('log-box');
		var stateUrl = main.dataset.stateUrl;
		var refreshing = Promise.resolve();
		follow(main.dataset.stream, {
			log: function (line) {
				var nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
				log.appendChild(logLine(line));
				var empty = document.getElementById('log-empty');
				if (empty) {
					empty.remove();
				}
				if (nearBottom) {
					box.scrollTop = box.scrollHeight;
				}
			},
			state: function () {
				refreshing = refreshing.then(function () {
					return refresh(stateUrl, 'project-state');
				}).catch(function () {
					liveStatus('Could not refresh the project. Reload the page to see its latest state.');
				});
			},
			end: function (data, source) {
				refreshing.then(function () {
					stopped(source, '');
					var indicator = document.getElementById('log-live');
					if (indicator) {
						indicator.textContent = 'finished';
					}
				});
			}
		});
		box.scrollTop = box.scrollHeight;
	}

	function followDecisions(main) {
		var listUrl = main.dataset.listUrl;
		var panelUrl = main.dataset.panelUrl;
		var version = null;
		follow(main.dataset.decisionsStream, {
			state: function (data) {
				var count = document.getElementById('pending-count');
				if (count) {
					count.textContent = data.pending;
					count.classList.toggle('count-on', data.pending > 0);
				}
				var first = version === null;
				var changed = version !== data.version;
				version = data.version;
				if (listUrl && changed && !first) {
					refresh(listUrl, 'decision-list').catch(function () {
						liveStatus('Could not refresh the list. Reload the page.');
					});
				}
				var panel = document.getElementById('decision-panel');
				// The answer panel is only replaced when this decision's status changed, so typing is never lost.
				if (panelUrl && panel && data.decision_status && data.decision_status !== panel.dataset.status) {
					refresh(panelUrl, 'decision-panel').then(function () {
						liveStatus('This decision was just answered.');
					}).catch(function () {
						liveStatus('This decision changed. Reload the page to see how.');
					});
				}
			}
		});
	}

	function bindConfirms(root) {
		Array.prototype.forEach.call(root.querySelectorAll('form[data-confirm]'), function (form) {
			if (form.dataset.confirmBound) {
				return;
			}
			form.dataset.confirmBound = 'yes';
			form.addEventListener('submit', function (event) {
				if (!window.confirm(form.dataset.confirm)) {
					event.preventDefault();
				}
			});
		});
	}

	document.addEventListener('DOMContentLoaded', function () {
		bindConfirms(document);
		var main = document.getElementById('main');
		if (!main || typeof window.EventSource === 'undefined') {
			return;
		}
		if (main.dataset.stream) {
			followProject(main);
		}
		if (main.dataset.decisionsStream) {
			followDecisions(main);
		}
	});
}());
