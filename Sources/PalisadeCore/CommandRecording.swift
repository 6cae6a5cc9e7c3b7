/// What storing a device's answer to a command came to. The last two are what a breached edge would produce
/// (a result for a command the core never handed that device), so the caller raises an alarm on them.
public enum CommandRecording: Sendable, Hashable {
    /// The answer moved the command on: its state, result or NotNow session.
    case recorded(Command)
    /// The device had already answered the command with Acknowledged or Error; the repeat (a retried request, or
    /// the same signed message let through twice within the edge's freshness window) changed nothing.
    case repeated(Command)
    /// The device's own command, but never delivered: still awaiting approval or queued, or ended before it was
    /// sent. Nothing was changed.
    case neverSent(Command)
    /// No command with that id belongs to the device. Nothing was changed.
    case unknown

    /// The command as it stands after the answer, when it is the device's.
    public var command: Command? {
        switch self {
        case .recorded(let command), .repeated(let command), .neverSent(let command): command
        case .unknown: nil
        }
    }
}
