import Synchronization

/// Lets one task at a time through, in arrival order, without blocking threads while others wait.
/// SQLite gets one writer per file; this keeps the tasks of one process from interleaving their transactions.
final class AsyncGate: Sendable {
    private struct State {
        var busy = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func enter() async {
        let admitted = state.withLock { state -> Bool in
            if state.busy { return false }
            state.busy = true
            return true
        }
        if admitted { return }
        await withCheckedContinuation { continuation in
            let admittedNow = state.withLock { state -> Bool in
                if state.busy {
                    state.waiters.append(continuation)
                    return false
                }
                state.busy = true
                return true
            }
            if admittedNow { continuation.resume() }
        }
    }

    /// Hands the gate to the longest waiter, or opens it.
    func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
