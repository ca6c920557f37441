# Build stage: the same Maven build as the README's, without tests (CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY adapters adapters
COPY bot bot
COPY config config
COPY templates templates
RUN mvn -q -B package -DskipTests

# Runtime stage: a JRE, the jar, the editable config and templates; runs as an unprivileged user. curl, procps,
# iproute2 and sqlite3 are the programs the default diagnostics run.
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl procps iproute2 sqlite3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin incidentbot \
 && mkdir -p /app/data \
 && chown incidentbot /app/data
WORKDIR /app
COPY --from=build /src/bot/target/incident-bot.jar /app/incident-bot.jar
COPY config /app/config
COPY templates /app/templates
USER incidentbot
# The SQLite file (incidents, timeline, outbox, reminders) lives here: mount a volume to keep it.
VOLUME ["/app/data"]
EXPOSE 4242
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:4242/healthz || exit 1
# Chat credentials come from the environment (SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET for HTTP or SLACK_APP_TOKEN for
# Socket Mode; MATRIX_*); without them the bot
# runs the console platform, which needs `docker run -it`.
# storage.path (data/incident-bot.db) resolves against WORKDIR /app, i.e. inside the volume.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/incident-bot.jar"]
