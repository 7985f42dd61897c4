# syntax=docker/dockerfile:1
# QuantaPilot image: one jar, every role. `docker build -t quantapilot .` builds the JRE image (the last
# stage: api, forge, notifications, dashboard, engine); `--target agents` builds the image of the agents role, which
# also needs a JDK, Maven, Python and Node.js to run the generated projects' tests.

# --- build: the Maven wrapper, dependencies cached in their own layer ---
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
    && cp target/quantapilot.jar /quantapilot.jar

# --- agents: the worker role also builds and tests the generated projects (JDK, Maven, Python, Node.js) ---
FROM eclipse-temurin:17-jdk-jammy AS agents
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl git maven python3 nodejs npm bubblewrap \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 quantapilot \
    && useradd --system --uid 10001 --gid quantapilot --home-dir /var/lib/quantapilot --shell /usr/sbin/nologin quantapilot \
    && mkdir -p /opt/quantapilot /var/lib/quantapilot /var/log/quantapilot \
    && chown quantapilot:quantapilot /var/lib/quantapilot /var/log/quantapilot
COPY --from=build /quantapilot.jar /opt/quantapilot/quantapilot.jar
ENV QP_DATA_DIR=/var/lib/quantapilot \
    QP_LOGS_DIR=/var/log/quantapilot \
    QP_PORT=3001 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/var/lib/quantapilot", "/var/log/quantapilot"]
USER quantapilot:quantapilot
WORKDIR /var/lib/quantapilot
EXPOSE 3001
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
    CMD curl -fsS "http://127.0.0.1:${QP_PORT}/health" > /dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/opt/quantapilot/quantapilot.jar"]
CMD ["server", "--roles", "agents"]

# --- runtime: JRE 17, non-root ---
FROM eclipse-temurin:17-jre-jammy AS runtime
# curl for the health check; git for people who open a shell in the container to look at workspaces.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl git \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 quantapilot \
    && useradd --system --uid 10001 --gid quantapilot --home-dir /var/lib/quantapilot --shell /usr/sbin/nologin quantapilot \
    && mkdir -p /opt/quantapilot /var/lib/quantapilot /var/log/quantapilot \
    && chown quantapilot:quantapilot /var/lib/quantapilot /var/log/quantapilot
COPY --from=build /quantapilot.jar /opt/quantapilot/quantapilot.jar
ENV QP_DATA_DIR=/var/lib/quantapilot \
    QP_LOGS_DIR=/var/log/quantapilot \
    QP_PORT=3000 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/var/lib/quantapilot", "/var/log/quantapilot"]
USER quantapilot:quantapilot
WORKDIR /var/lib/quantapilot
EXPOSE 3000
# The port is the one this container serves (QP_PORT): a role's own port in split mode.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
    CMD curl -fsS "http://127.0.0.1:${QP_PORT}/health" > /dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/opt/quantapilot/quantapilot.jar"]
CMD ["server"]
