import AsyncHTTPClient
import Foundation
import Logging
import NIOSSL
import PalisadeCore

/// Wakes Apple devices by sending MDM pushes to APNs over HTTP/2, authenticated with the push certificate
/// as TLS client certificate.
///
/// It merges pushes for the same token that have not yet gone on the wire (an MDM push only says "check
/// in", so one is enough), has at most one request per token in flight (a push asked for meanwhile waits
/// for it and absorbs any further ones), keeps at most `maxConcurrentRequests` requests in flight, retries 429 and 5xx
/// with jittered exponential backoff, and reports dead tokens (410, `BadDeviceToken`) both in the outcome
/// and through `onTokenInvalid`. It refuses to start with an expired certificate or a plaintext endpoint,
/// and never logs a PushMagic. Call `shutdown()` before dropping it: it owns an HTTP client.
public actor APNsSender: PushSending {
    public nonisolated let configuration: Configuration
    /// The APNs topic every push is sent on: the push certificate's UID.
    public nonisolated let topic: String

    private let transport: APNsTransport
    private let logger: Logger
    private let onTokenInvalid: (@Sendable (PushToken, PushFailure) async -> Void)?

    /// One request-to-be for a token; merged pushes update it until it goes on the wire.
    private struct Job {
        let token: PushToken
        var pushMagic: String
        var apnsID: UUID?
        var task: Task<Result<PushReceipt, PushFailure>, Never>?
    }

    private var jobs: [Int: Job] = [:]
    private var nextJobID = 0
    /// The job, per token, that has not yet been sent (queued for a slot, or waiting out a backoff) and so
    /// can still absorb new pushes. A job leaves this map the moment its request starts, because a push
    /// asked for after that may follow a command the in-flight push's check-in has already missed.
    private var openJobByToken: [PushToken: Int] = [:]
    private var slotsInUse = 0
    private var slotWaiters: [CheckedContinuation<Void, Never>] = []
    /// Tokens whose turn is taken: a job holds its token from before its first attempt until it finishes,
    /// so a token never has two requests in flight and a push asked for meanwhile waits, still mergeable.
    private var busyTokens: Set<PushToken> = []
    private var tokenWaiters: [PushToken: [CheckedContinuation<Void, Never>]] = [:]
    private var isShutDown = false

    /// - Parameters:
    ///   - certificate: the MDM push certificate and key; its UID is the `apns-topic`.
    ///   - clock: the source of "now" for `apns-expiration` and the expiry check.
    ///   - onTokenInvalid: called once per dead token (not once per merged push), so the core can mark
    ///     the enrolment's token invalid even for pushes nobody awaits.
    public init(
        certificate: PushCertificate,
        configuration: Configuration = Configuration(),
        clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "palisade.push.apns"),
        onTokenInvalid: (@Sendable (PushToken, PushFailure) async -> Void)? = nil
    ) throws(APNsSenderError) {
        guard configuration.maxConcurrentRequests >= 1 else { throw .invalidConfiguration("maxConcurrentRequests must be at least 1") }
        guard configuration.retry.maxAttempts >= 1 else { throw .invalidConfiguration("retry.maxAttempts must be at least 1") }
        guard configuration.requestTimeout > .zero, configuration.connectTimeout > .zero else {
            throw .invalidConfiguration("timeouts must be positive")
        }
        guard !certificate.isExpired(at: clock.now) else { throw .certificateExpired(notValidAfter: certificate.notValidAfter) }

        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateChain = certificate.tlsCertificateChain.map { .certificate($0) }
        tls.privateKey = .privateKey(certificate.tlsPrivateKey)
        if let roots = configuration.trustRoots {
            do {
                tls.trustRoots = .certificates(try roots.map { root in
                    try NIOSSLCertificate(bytes: Array(root.serializeAsPEM().pemString.utf8), format: .pem)
                })
            } catch {
                throw .trustRootUnusable(String(describing: error))
            }
        }

        var clientConfiguration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            timeout: .init(
                connect: .nanoseconds(configuration.connectTimeout.saturatingNanoseconds),
                read: .nanoseconds(configuration.requestTimeout.saturatingNanoseconds)
            )
        )
        // APNs speaks only HTTP/2; `.automatic` negotiates it by ALPN and keeps one multiplexed connection.
        clientConfiguration.httpVersion = .automatic
        // APNs never redirects; following one would carry the client certificate somewhere unexpected.
        clientConfiguration.redirectConfiguration = .disallow
        if let proxy = configuration.proxy { clientConfiguration.proxy = .server(host: proxy.host, port: proxy.port) }

        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration, backgroundActivityLogger: logger)
        self.configuration = configuration
        self.topic = certificate.topic
        self.logger = logger
        self.onTokenInvalid = onTokenInvalid
        self.transport = APNsTransport(
            client: client,
            endpoint: configuration.endpoint,
            topic: certificate.topic,
            expiration: configuration.expiration,
            requestTimeout: configuration.requestTimeout,
            clock: clock,
            logger: logger
        )
    }

    /// Sends the pushes, merging those for the same token, and returns one outcome per target in order.
    public func push(_ targets: [PushTarget]) async -> [PushOutcome] {
        // Joining every target before awaiting any lets duplicates within one call merge deterministically.
        let pending = targets.map { join($0) }
        var outcomes: [PushOutcome] = []
        outcomes.reserveCapacity(targets.count)
        for (target, joined) in zip(targets, pending) {
            switch joined {
            case .finished(let result):
                outcomes.append(PushOutcome(target: target, result: result))
            case .waiting(let task, let coalesced):
                var result = await task.value
                if coalesced, case .success(var receipt) = result {
                    receipt.coalesced = true
                    result = .success(receipt)
                }
                outcomes.append(PushOutcome(target: target, result: result))
            }
        }
        return outcomes
    }

    /// Sends one push.
    public func push(_ target: PushTarget) async -> PushOutcome {
        await push([target])[0]
    }

    /// Refuses new pushes, fails queued ones with `.senderShutDown`, and closes the HTTP client.
    public func shutdown() async {
        guard !isShutDown else { return }
        isShutDown = true
        for waiter in slotWaiters { waiter.resume() }
        slotWaiters.removeAll()
        for waiter in tokenWaiters.values.joined() { waiter.resume() }
        tokenWaiters.removeAll()
        do {
            try await transport.client.shutdown()
        } catch {
            logger.debug("APNs client shutdown reported an error", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Scheduling

    private enum Joined {
        case finished(Result<PushReceipt, PushFailure>)
        case waiting(Task<Result<PushReceipt, PushFailure>, Never>, coalesced: Bool)
    }

    private func join(_ target: PushTarget) -> Joined {
        guard !isShutDown else { return .finished(.failure(.senderShutDown)) }
        guard !target.token.bytes.isEmpty else {
            return .finished(.failure(.tokenInvalid(reason: .badDeviceToken, since: nil)))
        }
        if let id = openJobByToken[target.token], var job = jobs[id], let task = job.task {
            // The newest PushMagic wins: after a re-enrolment the device only honours the latest one.
            job.pushMagic = target.pushMagic
            if job.apnsID == nil { job.apnsID = target.apnsID }
            jobs[id] = job
            return .waiting(task, coalesced: true)
        }
        let id = nextJobID
        nextJobID += 1
        jobs[id] = Job(token: target.token, pushMagic: target.pushMagic, apnsID: target.apnsID, task: nil)
        openJobByToken[target.token] = id
        let task = Task { await self.run(id) }
        jobs[id]?.task = task
        return .waiting(task, coalesced: false)
    }

    private func run(_ id: Int) async -> Result<PushReceipt, PushFailure> {
        guard let token = jobs[id]?.token else { return .failure(.senderShutDown) }
        await waitForTurn(token)
        let result = await attempts(id)
        endTurn(token)
        return result
    }

    private func attempts(_ id: Int) async -> Result<PushReceipt, PushFailure> {
        var attempt = 0
        while true {
            attempt += 1
            await acquireSlot()
            guard !isShutDown, let job = jobs[id] else {
                releaseSlot()
                return finish(id, .failure(.senderShutDown))
            }
            if openJobByToken[job.token] == id { openJobByToken[job.token] = nil }

            let verdict = await transport.send(token: job.token, pushMagic: job.pushMagic, apnsID: job.apnsID, attempt: attempt)
            releaseSlot()

            switch verdict {
            case .accepted(let apnsID):
                return finish(id, .success(PushReceipt(apnsID: apnsID, attempts: attempt, coalesced: false)))
            case .tokenInvalid(let reason, let since):
                let failure = PushFailure.tokenInvalid(reason: reason, since: since)
                logger.info("APNs reports the push token invalid", metadata: ["push.token": "\(job.token)", "apns.reason": "\(reason)"])
                await onTokenInvalid?(job.token, failure)
                return finish(id, .failure(failure))
            case .permanent(let status, let reason):
                logger.warning("APNs refused the push", metadata: [
                    "push.token": "\(job.token)", "http.status": "\(status)", "apns.reason": "\(reason?.rawValue ?? "")",
                ])
                return finish(id, .failure(.rejected(status: status, reason: reason)))
            case .tlsRefused(let detail):
                logger.error("TLS to APNs failed", metadata: ["error": "\(detail)"])
                return finish(id, .failure(.tlsRefused(detail)))
            case .retryable(let problem, let retryAfter):
                guard attempt < configuration.retry.maxAttempts else {
                    logger.warning("APNs push gave up", metadata: ["push.token": "\(job.token)", "push.attempts": "\(attempt)", "problem": "\(problem)"])
                    return finish(id, .failure(.gaveUp(attempts: attempt, lastProblem: problem)))
                }
                // Not yet delivered, so it may absorb new pushes again while it waits, unless a newer job
                // for the token already does.
                if openJobByToken[job.token] == nil { openJobByToken[job.token] = id }
                let delay = configuration.retry.delay(afterAttempt: attempt, retryAfterSeconds: retryAfter)
                logger.debug("APNs push will be retried", metadata: [
                    "push.token": "\(job.token)", "push.attempt": "\(attempt)", "problem": "\(problem)", "delay": "\(delay)",
                ])
                try? await Task.sleep(for: delay)
            }
        }
    }

    private func finish(_ id: Int, _ result: Result<PushReceipt, PushFailure>) -> Result<PushReceipt, PushFailure> {
        if let token = jobs[id]?.token, openJobByToken[token] == id { openJobByToken[token] = nil }
        jobs[id] = nil
        return result
    }

    private func waitForTurn(_ token: PushToken) async {
        while busyTokens.contains(token), !isShutDown {
            await withCheckedContinuation { tokenWaiters[token, default: []].append($0) }
        }
        busyTokens.insert(token)
    }

    private func endTurn(_ token: PushToken) {
        busyTokens.remove(token)
        guard var waiters = tokenWaiters[token], !waiters.isEmpty else { return }
        let next = waiters.removeFirst()
        tokenWaiters[token] = waiters.isEmpty ? nil : waiters
        next.resume()
    }

    private func acquireSlot() async {
        if isShutDown { return }
        if slotsInUse < configuration.maxConcurrentRequests {
            slotsInUse += 1
            return
        }
        // The releasing job hands its slot straight to the first waiter, so `slotsInUse` stays put.
        await withCheckedContinuation { slotWaiters.append($0) }
    }

    private func releaseSlot() {
        if isShutDown { return }
        if slotWaiters.isEmpty {
            slotsInUse -= 1
        } else {
            slotWaiters.removeFirst().resume()
        }
    }
}
