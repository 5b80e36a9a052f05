# syntax=docker/dockerfile:1
# The SCEM image: Flink 2.2.1 on Java 17 with the job jar (/opt/scem/scem-jobs.jar), the rules
# (/opt/scem/rules), the configuration (/opt/scem/config) and the `scem` command line. The
# docker-compose.yml stack runs its JobManager, TaskManager, job submission and simulator from it.
#
#   docker build -t scem:local .        (docker compose builds it by itself)

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY core/pom.xml core/
COPY jobs/pom.xml jobs/
COPY core/src core/src
COPY jobs/src jobs/src
# No tests here (CI runs them); the Maven cache outlives the build, so a rebuild after a source
# change downloads nothing.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true package

FROM flink:2.2.1-java17
COPY --from=build /src/jobs/target/scem-jobs-*-flink-job.jar /opt/scem/scem-jobs.jar
COPY rules /opt/scem/rules
COPY config /opt/scem/config
COPY docker/scem docker/submit-jobs.sh /opt/scem/bin/
COPY docker/log4j2-console.properties /opt/scem/
USER root
# Checkpoints and savepoints (shared by the JobManager and the TaskManager) and the notifier's
# silences live in volumes; a new volume takes these directories' owner, so Flink can write there.
RUN mkdir -p /var/lib/scem/flink/checkpoints /var/lib/scem/flink/savepoints /var/lib/scem/state \
    && chown -R flink:flink /var/lib/scem \
    && ln -s /opt/scem/bin/scem /usr/local/bin/scem
USER flink
