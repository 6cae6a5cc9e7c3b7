import Foundation

/// Approvals of sensitive commands and releases of wipe circuit breakers, as the core collects them.
public protocol ApprovalStore: Sendable {
    /// Queues commands that wait for approval (state `awaitingApproval`) with their approvals, all or none.
    func enqueue(_ commands: [Command], awaiting approvals: [CommandApproval]) async throws
    func approval(for command: UUID) async throws -> CommandApproval?
    /// Newest first; `awaitingOnly` keeps those whose command still waits for signatures.
    func approvals(awaitingOnly: Bool, page: PageRequest) async throws -> Page<CommandApproval>
    /// Adds `signature` under a lock on the approval. When `isApproved` says the signatures now make a quorum, the
    /// command moves from `awaitingApproval` to `queued` in the same transaction. Throws `invalidState` when the
    /// command no longer waits, `conflict` when this key already signed.
    func addSignature(
        _ signature: CommandApproval.Signature, to command: UUID, at date: Date,
        isApproved: @Sendable (CommandApproval) -> Bool
    ) async throws -> (CommandApproval, Command)

    /// Records a trip an edge reported; a trip already known is left as it is. Returns the stored trip.
    func recordWipeBreakerTrip(_ trip: WipeBreakerTrip) async throws -> WipeBreakerTrip
    func markWipeBreakerReleased(edge: String, trippedAt: Int64, at date: Date) async throws
    /// Adds a release signature to the trip; `conflict` when this key already signed it.
    func addReleaseSignature(_ signature: CommandApproval.Signature, edge: String, trippedAt: Int64) async throws -> WipeBreakerTrip
    /// Trips not yet released, oldest first.
    func openWipeBreakerTrips() async throws -> [WipeBreakerTrip]
}
