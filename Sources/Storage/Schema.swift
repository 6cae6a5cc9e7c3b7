/// Palisade's tables, one migration a step. Each step is written once; `{serial}`, `{bigint}` and `{blob}` are
/// rendered for the backend, so SQLite and PostgreSQL hold the same schema.
enum Schema {
    /// Pending command states, spelled exactly as in the partial index so both planners use it.
    static let pendingStates = "('queued', 'sent', 'notNow')"
    /// Finished command states, spelled exactly as in the pruning index.
    static let finishedStates = "('acknowledged', 'error', 'cancelled', 'expired')"
    /// Finished by the device's own answer: a later answer to the same command changes nothing.
    static let answeredStates = "('acknowledged', 'error')"

    static let migrations: [Migration] = [
        Migration(version: 1, name: "devices, groups, commands, audit, administrators", statements: [
            """
            CREATE TABLE devices (
                id TEXT PRIMARY KEY,
                platform TEXT NOT NULL,
                ownership TEXT NOT NULL,
                name TEXT,
                maker TEXT,
                model TEXT,
                os_version TEXT,
                os_build TEXT,
                security_patch_level TEXT,
                serial_number TEXT,
                imei TEXT,
                hardware_id TEXT,
                enrollment_state TEXT NOT NULL,
                enrolled_at {bigint},
                last_seen_at {bigint},
                created_at {bigint} NOT NULL,
                queue_session {bigint} NOT NULL DEFAULT 0
            )
            """,
            "CREATE UNIQUE INDEX devices_serial ON devices (serial_number)",
            "CREATE UNIQUE INDEX devices_hardware_id ON devices (hardware_id)",
            "CREATE INDEX devices_platform_state ON devices (platform, enrollment_state)",
            "CREATE INDEX devices_model ON devices (model)",
            "CREATE INDEX devices_last_seen ON devices (last_seen_at)",
            """
            CREATE TABLE device_tags (
                device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
                tag TEXT NOT NULL,
                PRIMARY KEY (device_id, tag)
            )
            """,
            "CREATE INDEX device_tags_tag ON device_tags (tag, device_id)",
            """
            CREATE TABLE enrollments (
                id TEXT PRIMARY KEY,
                device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                external_id TEXT NOT NULL,
                enrolled_at {bigint} NOT NULL,
                ended_at {bigint}
            )
            """,
            "CREATE INDEX enrollments_device ON enrollments (device_id, enrolled_at)",
            """
            CREATE TABLE device_groups (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                description TEXT NOT NULL,
                created_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE group_members (
                group_id TEXT NOT NULL REFERENCES device_groups (id) ON DELETE CASCADE,
                device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
                PRIMARY KEY (group_id, device_id)
            )
            """,
            "CREATE INDEX group_members_device ON group_members (device_id)",
            """
            CREATE TABLE commands (
                seq {serial},
                id TEXT NOT NULL UNIQUE,
                device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
                request_type TEXT NOT NULL,
                payload TEXT NOT NULL,
                state TEXT NOT NULL,
                batch_id TEXT,
                requested_by TEXT,
                created_at {bigint} NOT NULL,
                updated_at {bigint} NOT NULL,
                sent_at {bigint},
                completed_at {bigint},
                expires_at {bigint},
                result {blob},
                not_now_session {bigint}
            )
            """,
            // The hot path: a device's pending commands in order. Only pending rows are in it, so finished
            // commands awaiting pruning cost the queue nothing.
            "CREATE INDEX commands_pending ON commands (device_id, seq) WHERE state IN \(pendingStates)",
            "CREATE INDEX commands_expiring ON commands (expires_at) WHERE state IN \(pendingStates) AND expires_at IS NOT NULL",
            "CREATE INDEX commands_finished ON commands (updated_at) WHERE state IN \(finishedStates)",
            "CREATE INDEX commands_device ON commands (device_id, seq)",
            "CREATE INDEX commands_batch ON commands (batch_id, seq)",
            "CREATE INDEX commands_state ON commands (state, seq)",
            """
            CREATE TABLE audit_events (
                seq {serial},
                at {bigint} NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT,
                detail TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_events_action ON audit_events (action, seq)",
            "CREATE INDEX audit_events_actor ON audit_events (actor, seq)",
            "CREATE INDEX audit_events_target ON audit_events (target, seq)",
            "CREATE INDEX audit_events_at ON audit_events (at)",
            """
            CREATE TABLE administrators (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL,
                created_at {bigint} NOT NULL,
                disabled {bigint} NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                administrator_id TEXT NOT NULL REFERENCES administrators (id) ON DELETE CASCADE,
                label TEXT NOT NULL,
                digest TEXT NOT NULL UNIQUE,
                created_at {bigint} NOT NULL,
                expires_at {bigint},
                revoked_at {bigint},
                last_used_at {bigint}
            )
            """,
        ]),
        Migration(version: 2, name: "Apple enrolments, invitations, issued certificates, key material", statements: [
            """
            CREATE TABLE apple_enrollments (
                enrollment_id TEXT PRIMARY KEY,
                device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                identity_fingerprint TEXT NOT NULL,
                topic TEXT,
                push_token {blob},
                push_magic TEXT,
                push_token_invalid {bigint} NOT NULL DEFAULT 0,
                unlock_token {blob},
                bootstrap_token {blob},
                awaiting_configuration {bigint} NOT NULL DEFAULT 0,
                authenticated_at {bigint} NOT NULL,
                token_updated_at {bigint},
                checked_out_at {bigint}
            )
            """,
            "CREATE INDEX apple_enrollments_device ON apple_enrollments (device_id)",
            "CREATE INDEX apple_enrollments_push_token ON apple_enrollments (push_token)",
            "CREATE INDEX apple_enrollments_identity ON apple_enrollments (identity_fingerprint)",
            """
            CREATE TABLE apple_user_channels (
                enrollment_id TEXT NOT NULL REFERENCES apple_enrollments (enrollment_id) ON DELETE CASCADE,
                user_id TEXT NOT NULL,
                short_name TEXT,
                long_name TEXT,
                topic TEXT,
                push_token {blob},
                push_magic TEXT,
                updated_at {bigint} NOT NULL,
                PRIMARY KEY (enrollment_id, user_id)
            )
            """,
            """
            CREATE TABLE enrollment_invitations (
                id TEXT PRIMARY KEY,
                platform TEXT NOT NULL,
                ownership TEXT NOT NULL,
                challenge_digest TEXT NOT NULL UNIQUE,
                sealed_challenge {blob} NOT NULL,
                created_at {bigint} NOT NULL,
                expires_at {bigint} NOT NULL,
                used_at {bigint},
                created_by TEXT
            )
            """,
            """
            CREATE TABLE issued_certificates (
                serial TEXT PRIMARY KEY,
                fingerprint TEXT NOT NULL UNIQUE,
                subject TEXT NOT NULL,
                not_valid_before {bigint} NOT NULL,
                not_valid_after {bigint} NOT NULL,
                invitation_id TEXT,
                der {blob} NOT NULL,
                revoked_at {bigint},
                revocation_reason {bigint}
            )
            """,
            "CREATE INDEX issued_certificates_revoked ON issued_certificates (revoked_at) WHERE revoked_at IS NOT NULL",
            """
            CREATE TABLE key_material (
                name TEXT PRIMARY KEY,
                value {blob} NOT NULL,
                updated_at {bigint} NOT NULL
            )
            """,
        ]),
        // Events written before this migration are chained by the first append after it, in order.
        Migration(version: 3, name: "audit hash chain", statements: [
            "ALTER TABLE audit_events ADD COLUMN hash TEXT",
            """
            CREATE TABLE audit_chain (
                id {bigint} PRIMARY KEY CHECK (id = 1),
                head_seq {bigint} NOT NULL,
                head_hash TEXT NOT NULL
            )
            """,
            "INSERT INTO audit_chain (id, head_seq, head_hash) VALUES (1, 0, '\(String(repeating: "0", count: 64))')",
        ]),
        Migration(version: 4, name: "administrators' public signing keys", statements: [
            """
            CREATE TABLE administrator_keys (
                id TEXT PRIMARY KEY,
                administrator_id TEXT NOT NULL REFERENCES administrators (id) ON DELETE CASCADE,
                algorithm TEXT NOT NULL,
                public_key {blob} NOT NULL,
                fingerprint TEXT NOT NULL UNIQUE,
                created_at {bigint} NOT NULL
            )
            """,
            "CREATE INDEX administrator_keys_owner ON administrator_keys (administrator_id, created_at)",
        ]),
        Migration(version: 5, name: "approvals of sensitive commands, wipe circuit breaker trips", statements: [
            """
            CREATE TABLE approvals (
                command_id TEXT PRIMARY KEY,
                device_id TEXT NOT NULL,
                request_type TEXT NOT NULL,
                target TEXT NOT NULL,
                requester TEXT NOT NULL,
                statement TEXT NOT NULL,
                sealed_payload {blob} NOT NULL,
                required {bigint} NOT NULL,
                signatures TEXT NOT NULL,
                created_at {bigint} NOT NULL,
                expires_at {bigint} NOT NULL,
                approved_at {bigint}
            )
            """,
            "CREATE INDEX approvals_waiting ON approvals (created_at) WHERE approved_at IS NULL",
            "CREATE INDEX commands_awaiting ON commands (expires_at) WHERE state = 'awaitingApproval'",
            """
            CREATE TABLE wipe_breaker_trips (
                edge TEXT NOT NULL,
                tripped_at {bigint} NOT NULL,
                reported_at {bigint} NOT NULL,
                release_expires_at {bigint} NOT NULL,
                signatures TEXT NOT NULL,
                released_at {bigint},
                PRIMARY KEY (edge, tripped_at)
            )
            """,
        ]),
        // Posture is one row a device, written piece by piece as results arrive; booleans are 0/1 and NULL when
        // unreported. Installed apps are one JSON array: compliance reads a device's list whole, and no query yet
        // asks which devices hold an app. Patch observations outlive the devices that reported them (no foreign
        // key), so deleting retired devices does not rewrite when a maker first shipped a patch.
        Migration(version: 6, name: "device posture, patch level observations", statements: [
            """
            CREATE TABLE device_postures (
                device_id TEXT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
                passcode_present {bigint},
                passcode_compliant {bigint},
                encrypted {bigint},
                supervised {bigint},
                installed_apps TEXT NOT NULL DEFAULT '[]',
                apps_reported_at {bigint},
                updated_at {bigint} NOT NULL
            )
            """,
            """
            CREATE TABLE patch_observations (
                platform TEXT NOT NULL,
                maker TEXT NOT NULL,
                model TEXT NOT NULL,
                level TEXT NOT NULL,
                first_reported_at {bigint} NOT NULL,
                device_count {bigint} NOT NULL,
                PRIMARY KEY (platform, maker, model, level)
            )
            """,
            """
            CREATE TABLE patch_observation_devices (
                platform TEXT NOT NULL,
                maker TEXT NOT NULL,
                model TEXT NOT NULL,
                level TEXT NOT NULL,
                device_id TEXT NOT NULL,
                PRIMARY KEY (platform, maker, model, level, device_id)
            )
            """,
        ]),
        Migration(version: 7, name: "patch catalogue documents, compliance verdicts", statements: [
            """
            CREATE TABLE catalogue_documents (
                name TEXT PRIMARY KEY,
                content {blob} NOT NULL,
                updated_at {bigint} NOT NULL,
                updated_by TEXT
            )
            """,
            """
            CREATE TABLE compliance_records (
                device_id TEXT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
                policy TEXT NOT NULL,
                verdict TEXT NOT NULL,
                reasons TEXT NOT NULL,
                failing_since {bigint},
                actions_taken TEXT NOT NULL,
                access_blocked {bigint} NOT NULL,
                evaluated_at {bigint} NOT NULL
            )
            """,
        ]),
        // A link's counters live on its row, so that the row lock (PostgreSQL) or the write lock (SQLite) taken to
        // count a use decides a race for the last one. Challenges are kept by digest only; the partial index finds a
        // link's outstanding ones, which bound its downloads.
        Migration(version: 8, name: "multi-use enrolment links", statements: [
            """
            CREATE TABLE enrollment_links (
                id TEXT PRIMARY KEY,
                platform TEXT NOT NULL,
                ownership TEXT NOT NULL,
                maximum_uses {bigint} NOT NULL CHECK (maximum_uses > 0),
                uses {bigint} NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= maximum_uses),
                downloads {bigint} NOT NULL DEFAULT 0,
                created_at {bigint} NOT NULL,
                expires_at {bigint} NOT NULL,
                revoked_at {bigint},
                created_by TEXT
            )
            """,
            """
            CREATE TABLE enrollment_link_challenges (
                challenge_digest TEXT PRIMARY KEY,
                link_id TEXT NOT NULL REFERENCES enrollment_links (id) ON DELETE CASCADE,
                issued_at {bigint} NOT NULL,
                expires_at {bigint} NOT NULL,
                used_at {bigint}
            )
            """,
            "CREATE INDEX enrollment_link_challenges_outstanding ON enrollment_link_challenges (link_id, expires_at) WHERE used_at IS NULL",
        ]),
    ]

    /// Renders a statement's type placeholders for a backend.
    static func render(_ statement: String, for dialect: SQLDialect) -> String {
        let types: [(String, String)] = switch dialect {
        case .sqlite: [("{serial}", "INTEGER PRIMARY KEY AUTOINCREMENT"), ("{bigint}", "INTEGER"), ("{blob}", "BLOB")]
        case .postgres: [("{serial}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"), ("{bigint}", "BIGINT"), ("{blob}", "BYTEA")]
        }
        return types.reduce(statement) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }
}
