package io.scem.jobs.kafka;

import io.scem.jobs.config.Secret;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * How a job's Kafka clients reach the cluster: the bootstrap servers and the client settings
 * given as {@code kafka.client.*} in the configuration file (security above all:
 * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}), passed verbatim to every consumer,
 * producer and admin client the job creates.
 *
 * <p>A setting whose value is {@code env:NAME} or {@code file:PATH} is a {@link Secret}, read
 * from there; a setting Kafka itself treats as a password ({@code sasl.jaas.config},
 * {@code ssl.key.password}, …) must be one, so that no credential is written into the file.
 * {@link #toString()} shows secrets as {@code ***}; only {@link #clientProperties()}, handed
 * straight to a client, holds their values.
 */
public final class KafkaConnection implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The prefix of the pass-through settings in {@code scem.properties} and {@code notify.properties}. */
    public static final String PREFIX = "kafka.client.";

    /**
     * What the job sets itself, from its own keys or because its guarantees depend on it: a
     * pass-through value would silently change which cluster, group or transactions it uses, or
     * what it reads.
     */
    private static final Map<String, String> SET_BY_THE_JOB = Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "set kafka.bootstrap instead",
            CommonClientConfigs.GROUP_ID_CONFIG, "set kafka.group-id instead",
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "the job derives transactional ids from kafka.group-id",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "the job reads read_committed, always",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "the job commits offsets at checkpoints",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "the job decodes records itself",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "the job decodes records itself",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "the job encodes records itself",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "the job encodes records itself");

    private final String bootstrap;
    private final TreeMap<String, String> settings;
    private final TreeMap<String, Secret> secrets;

    private KafkaConnection(String bootstrap, TreeMap<String, String> settings, TreeMap<String, Secret> secrets) {
        this.bootstrap = bootstrap;
        this.settings = settings;
        this.secrets = secrets;
    }

    /** The bootstrap servers alone, no security settings: the command line's {@code --kafka}, and tests. */
    public static KafkaConnection plaintext(String bootstrap) {
        return new KafkaConnection(bootstrap, new TreeMap<>(), new TreeMap<>());
    }

    /**
     * A command line's {@code --kafka BOOTSTRAP} with the {@code kafka.client.*} settings of a
     * job's configuration file (its other keys are not the command's business), or none when
     * {@code configFile} is null: commands reach a secured cluster as the job does.
     */
    public static KafkaConnection forCommandLine(String bootstrap, Path configFile) throws IOException {
        if (configFile == null) return plaintext(bootstrap);
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            file.load(in);
        }
        Properties p = new Properties();
        file.stringPropertyNames().stream().filter(key -> key.startsWith(PREFIX)).forEach(key -> p.setProperty(key, file.getProperty(key)));
        p.setProperty("kafka.bootstrap", bootstrap);
        List<String> errors = new ArrayList<>();
        KafkaConnection connection = parse(p, System::getenv, errors);
        if (connection == null) throw new IllegalArgumentException(configFile + ": " + String.join("\n" + configFile + ": ", errors));
        return connection;
    }

    /**
     * {@code kafka.bootstrap} and the {@code kafka.client.*} settings of {@code p}; problems are
     * added to {@code errors}, naming the key and never a secret's value. Null when there were any.
     *
     * @param env looks up environment variables for {@code env:} secrets
     */
    public static KafkaConnection parse(Properties p, UnaryOperator<String> env, List<String> errors) {
        int before = errors.size();
        String bootstrap = p.getProperty("kafka.bootstrap");
        if (bootstrap == null || bootstrap.isBlank()) errors.add("kafka.bootstrap is required");
        TreeMap<String, String> settings = new TreeMap<>();
        TreeMap<String, Secret> secrets = new TreeMap<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (!key.startsWith(PREFIX)) continue;
            String name = key.substring(PREFIX.length());
            String value = p.getProperty(key).trim();
            if (SET_BY_THE_JOB.containsKey(name)) {
                errors.add(key + ": not allowed, " + SET_BY_THE_JOB.get(name));
            } else if (!KnownSettings.NAMES.contains(name)) {
                errors.add(key + ": '" + name + "' is not a setting of Kafka's consumer, producer or admin client");
            } else if (KnownSettings.PASSWORDS.contains(name) || isSecretReference(value)) {
                try {
                    secrets.put(name, Secret.resolve(value, env));
                } catch (IllegalArgumentException e) {
                    errors.add(key + ": " + e.getMessage()); // Secret's messages never quote the value
                }
            } else {
                settings.put(name, value);
            }
        }
        return errors.size() > before ? null : new KafkaConnection(bootstrap.trim(), settings, secrets);
    }

    private static boolean isSecretReference(String value) {
        return value.startsWith("env:") || value.startsWith("file:");
    }

    public String bootstrap() {
        return bootstrap;
    }

    /**
     * {@code bootstrap.servers} and every pass-through setting, secrets revealed: hand it straight
     * to a client (or a Flink Kafka builder) and keep it nowhere else. The caller adds its own
     * settings after these only for keys this class refuses as pass-through.
     */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(settings);
        secrets.forEach((name, secret) -> p.put(name, secret.reveal()));
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    /** As {@link #clientProperties()}, over a client's own defaults (the pass-through settings win). */
    public Properties clientProperties(Map<String, ?> defaults) {
        Properties p = new Properties();
        p.putAll(defaults);
        p.putAll(clientProperties());
        return p;
    }

    /** Secrets as {@code ***} (a Flink job's configuration ends up in logs and the web UI). */
    @Override
    public String toString() {
        TreeMap<String, Object> shown = new TreeMap<>(settings);
        shown.putAll(secrets);
        return "KafkaConnection[bootstrap=" + bootstrap + (shown.isEmpty() ? "" : ", " + shown) + "]";
    }

    /** Kafka's own lists of client settings, and which of them it treats as passwords. */
    private static final class KnownSettings {
        static final Set<String> NAMES = new TreeSet<>();
        static final Set<String> PASSWORDS = new TreeSet<>();

        static {
            for (ConfigDef def : List.of(ConsumerConfig.configDef(), ProducerConfig.configDef(), AdminClientConfig.configDef())) {
                def.configKeys().forEach((name, key) -> {
                    NAMES.add(name);
                    if (key.type == ConfigDef.Type.PASSWORD) PASSWORDS.add(name);
                });
            }
        }
    }
}
