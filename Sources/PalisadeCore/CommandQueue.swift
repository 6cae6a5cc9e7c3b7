import Foundation

/// The per-device queue of commands, built for large fleets.
///
/// A device's *session* runs from its idle check-in to the reply that carries no command. A command the device
/// answers `NotNow` is passed over for the rest of that session and offered again in the next, so a locked device
/// does not loop on it. Pending commands are found through an index that holds only pending rows, so the queue
/// stays fast however many finished commands await pruning.
public protocol CommandQueue: Sendable {
    /// Queues commands, all or none: throws `notFound` if any device is unknown.
    func enqueue(_ commands: [Command]) async throws
    func command(_ id: UUID) async throws -> Command?
    /// Newest first.
    func commands(matching filter: CommandFilter, page: PageRequest) async throws -> Page<Command>
    /// Cancels a pending command. Throws `notFound`, or `invalidState` if it has finished.
    func cancel(_ id: UUID, at date: Date) async throws -> Command
    /// Starts a new session for the device (it checked in idle) and returns its number.
    func beginSession(for device: DeviceID) async throws -> Int64
    /// The device's current session number (0 before its first), for replies within a session.
    func currentSession(for device: DeviceID) async throws -> Int64
    /// The oldest command still owed to the device in this session, marked `sent`; `nil` when none is.
    /// Commands past their expiry are marked `expired` on the way.
    func nextCommand(for device: DeviceID, session: Int64, at date: Date) async throws -> Command?
    /// Stores the device's answer to a command the core sent it and moves it to the matching state. Idempotent: once
    /// the device has answered Acknowledged or Error, a repeated answer changes neither state, result nor completion
    /// time (`repeated`). An answer for a command never sent to this device changes nothing (`neverSent`, `unknown`).
    /// A device's answer to a command cancelled or expired after it was sent is kept: it is what the device did.
    @discardableResult
    func record(_ report: CommandReport, for command: UUID, from device: DeviceID, session: Int64, at date: Date) async throws -> CommandRecording
    /// Marks every pending command past its expiry `expired`; returns how many.
    func expireCommands(at date: Date) async throws -> Int
    /// Deletes finished commands last changed before `date`, at most `limit` of them; returns how many.
    func pruneFinished(before date: Date, limit: Int) async throws -> Int
}
