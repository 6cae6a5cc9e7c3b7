/// How the core writes its logs.
public enum LogFormat: String, Sendable, CaseIterable, Codable {
    /// Text on a terminal, JSON lines otherwise (under systemd, in a container, piped to a collector).
    case automatic = "auto"
    case text
    case json
}
